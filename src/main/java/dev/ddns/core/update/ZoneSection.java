package dev.ddns.core.update;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The zone section, <a href="https://www.rfc-editor.org/rfc/rfc2136#section-3.1.1">RFC 2136
 * §3.1.1</a>: exactly one RR, of type SOA, naming the zone to update.
 */
public final class ZoneSection {
  private ZoneSection() {}

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
      return Verdict.fail(Rcode.NOTAUTH, "only class IN zones are served, not "
          + DClass.string(zone.getDClass()));
    }
    return Verdict.OK;
  }
}
