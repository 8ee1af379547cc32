package dev.ddns.core.update;

import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The zone section, <a href="https://www.rfc-editor.org/rfc/rfc2136#section-3.1.1">RFC 2136
 * §3.1.1</a>: exactly one RR, of type SOA, naming the zone to update, of class IN, the only
 * class served.
 */
public final class ZoneSection {
  private static final int HEADER_LENGTH = 12;
  private static final int OPCODE_UPDATE = 5;
  private static final int POINTER = 0xc0;

  private ZoneSection() {}

  /**
   * NOTIMP for an UPDATE whose zone section names a class other than IN, read from the wire
   * before anything is decoded: the records' rdata would be read by the rules of a class that
   * is not served, so a well-formed CH update could look malformed (BIND and Knot answer
   * NOTIMP too). Empty for any other message, or one too short to tell.
   */
  public static Optional<Verdict> unservedClass(byte[] wire) {
    if (wire.length < HEADER_LENGTH || (wire[2] & 0x80) != 0
        || ((wire[2] >> 3) & 0x0f) != OPCODE_UPDATE || u16(wire, 4) == 0) {
      return Optional.empty();
    }
    int at = HEADER_LENGTH;
    while (at < wire.length && wire[at] != 0 && (wire[at] & POINTER) != POINTER) {
      at += (wire[at] & 0xff) + 1;
    }
    int classAt = at + ((at < wire.length && wire[at] != 0) ? 2 : 1) + 2;
    if (classAt + 2 > wire.length) {
      return Optional.empty();
    }
    int zoneClass = u16(wire, classAt);
    return zoneClass == DClass.IN ? Optional.empty() : Optional.of(notServed(zoneClass));
  }

  private static Verdict notServed(int zoneClass) {
    return Verdict.fail(Rcode.NOTIMP, "only class IN zones are served, not "
        + DClass.string(zoneClass));
  }

  private static int u16(byte[] wire, int at) {
    return ((wire[at] & 0xff) << 8) | (wire[at + 1] & 0xff);
  }

  public static Verdict check(Message update) {
    int count = update.getHeader().getCount(Section.ZONE);
    if (count != 1) {
      return Verdict.fail(Rcode.FORMERR, "zone section must hold exactly one RR, not " + count);
    }
    Record zone = update.getQuestion();
    if (zone.getType() != Type.SOA) {
      return Verdict.fail(Rcode.FORMERR, "zone section type must be SOA, not "
          + Type.string(zone.getType()));
    }
    if (zone.getDClass() != DClass.IN) {
      return notServed(zone.getDClass());
    }
    return Verdict.OK;
  }
}
