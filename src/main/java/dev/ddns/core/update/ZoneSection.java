package dev.ddns.core.update;

import dev.ddns.core.wire.WireShape;
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
  private static final int OPCODE_UPDATE = 5;

  private ZoneSection() {}

  /**
   * NOTIMP for an UPDATE whose zone section names a class other than IN, read from the wire
   * before anything is decoded: the records' rdata would be read by the rules of a class that
   * is not served, so a well-formed CH update could look malformed (BIND and Knot answer
   * NOTIMP too). Empty for any other message, or one too short to tell.
   */
  public static Optional<Verdict> unservedClass(byte[] wire) {
    if (!WireShape.hasHeader(wire) || WireShape.isResponse(wire)
        || WireShape.opcode(wire) != OPCODE_UPDATE) {
      return Optional.empty();
    }
    int zoneClass = WireShape.questionClass(wire);
    return zoneClass < 0 || zoneClass == DClass.IN ? Optional.empty()
        : Optional.of(notServed(zoneClass));
  }

  private static Verdict notServed(int zoneClass) {
    return Verdict.fail(Rcode.NOTIMP, "only class IN zones are served, not "
        + DClass.string(zoneClass));
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
