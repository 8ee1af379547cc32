package dev.ddns.core.update;

import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Small facts about records and types that the RFC 2136 rules ask about. */
final class RecordRules {
  private RecordRules() {}

  /** The length of the rdata as sent; 0 for the empty rdata of ANY/NONE-class RRs. */
  static int rdlength(Record rr) {
    return rr.rdataToWireCanonical().length;
  }

  /**
   * Meta-types (RFC 6895 §3.1): ANY, AXFR, IXFR, MAILA, MAILB, OPT, TSIG, TKEY, and the whole
   * reserved range 128–255 except the data types defined there (TA, DLV are above 255).
   */
  static boolean isMeta(int type) {
    return type == Type.OPT || (type >= 128 && type <= 255);
  }

  /** Types that may share an owner name with a CNAME (RFC 2181 §10.1, RFC 4034 §2). */
  static boolean mayCoexistWithCname(int type) {
    return type == Type.RRSIG || type == Type.NSEC || type == Type.KEY || type == Type.NXT;
  }

  /** RFC 2136 §3.2.1 / §3.4.1.3: a name is inside the zone when it is the apex or below it. */
  static boolean inZone(Name name, Name zone) {
    return name.subdomain(zone);
  }
}
