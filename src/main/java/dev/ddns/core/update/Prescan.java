package dev.ddns.core.update;

import static dev.ddns.core.update.RecordRules.inZone;
import static dev.ddns.core.update.RecordRules.isMeta;
import static dev.ddns.core.update.RecordRules.rdlength;

import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The update section prescan, <a href="https://www.rfc-editor.org/rfc/rfc2136#section-3.4.1">RFC
 * 2136 §3.4.1</a>: every RR is checked before anything changes, so a bad RR late in the message
 * leaves the zone untouched.
 */
final class Prescan {
  private Prescan() {}

  static Verdict check(List<Record> updates, Name zone) {
    for (Record rr : updates) {
      Verdict v = checkOne(rr, zone);
      if (!v.ok()) {
        return v;
      }
    }
    return Verdict.OK;
  }

  static Verdict checkOne(Record rr, Name zone) {
    // RFC 2136 §3.4.1.3
    if (!inZone(rr.getName(), zone)) {
      return Verdict.fail(Rcode.NOTZONE, "update name " + rr.getName() + " is outside zone "
          + zone);
    }
    return switch (rr.getDClass()) {
      case DClass.IN -> addition(rr);
      case DClass.ANY -> rrsetDeletion(rr);
      case DClass.NONE -> rrDeletion(rr);
      default -> Verdict.fail(Rcode.FORMERR, "update " + Prerequisites.describe(rr)
          + " has class " + DClass.string(rr.getDClass()));
    };
  }

  /** RFC 2136 §3.4.1.2: an addition may not use a meta-type. */
  private static Verdict addition(Record rr) {
    if (isMeta(rr.getType())) {
      return Verdict.fail(Rcode.FORMERR, "cannot add a record of meta-type "
          + Type.string(rr.getType()));
    }
    return dnssecRefusal(rr);
  }

  /** RFC 2136 §3.4.1.2: class ANY deletes carry no TTL and no rdata; ANY is the only meta-type. */
  private static Verdict rrsetDeletion(Record rr) {
    if (rr.getTTL() != 0 || rdlength(rr) != 0
        || (isMeta(rr.getType()) && rr.getType() != Type.ANY)) {
      return Verdict.fail(Rcode.FORMERR, "malformed RRset deletion of "
          + Prerequisites.describe(rr));
    }
    return dnssecRefusal(rr);
  }

  /** RFC 2136 §3.4.1.2: class NONE deletes carry TTL 0 and no meta-type. */
  private static Verdict rrDeletion(Record rr) {
    if (rr.getTTL() != 0 || isMeta(rr.getType())) {
      return Verdict.fail(Rcode.FORMERR, "malformed RR deletion of "
          + Prerequisites.describe(rr));
    }
    return dnssecRefusal(rr);
  }

  /**
   * Records that DNSSEC signing owns (RFC 3007 §4.3 leaves them to the server) and the obsolete
   * SIG and NXT (RFC 3755 §3): changing them by hand would break the chain, so such updates are
   * refused, whatever their class.
   */
  private static Verdict dnssecRefusal(Record rr) {
    int type = rr.getType();
    if (type == Type.NSEC || type == Type.NSEC3 || type == Type.RRSIG || type == Type.SIG
        || type == Type.NXT) {
      return Verdict.fail(Rcode.REFUSED, "explicit " + Type.string(type)
          + " updates are not allowed");
    }
    return Verdict.OK;
  }
}
