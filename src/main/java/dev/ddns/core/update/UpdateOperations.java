package dev.ddns.core.update;

import static dev.ddns.core.update.RecordRules.mayCoexistWithCname;

import dev.ddns.core.model.Node;
import dev.ddns.core.model.RecordSet;
import dev.ddns.core.model.Serial;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The update section, <a href="https://www.rfc-editor.org/rfc/rfc2136#section-3.4.2">RFC 2136
 * §3.4.2</a>: each RR, in order, adds to an RRset, deletes an RRset, deletes all RRsets of a name,
 * or deletes one RR. Operations that the RFC says to ignore leave the zone as it is. CNAME, DNAME
 * and SOA hold one record each: adding one replaces it (RFC 6672 §2.4 for DNAME).
 */
final class UpdateOperations {
  private UpdateOperations() {}

  static void apply(Record rr, WorkingZone zone) {
    switch (rr.getDClass()) {
      case DClass.IN -> add(rr, zone);
      case DClass.ANY -> {
        if (rr.getType() == Type.ANY) {
          deleteName(rr.getName(), zone);
        } else {
          deleteRRset(rr.getName(), rr.getType(), zone);
        }
      }
      case DClass.NONE -> deleteRR(rr, zone);
      default -> throw new IllegalArgumentException("prescan let class " + rr.getDClass()
          + " through");
    }
  }

  /**
   * RFC 2136 §3.4.2.2: add to an RRset, within the CNAME and SOA rules. The RR takes the owner
   * spelling of the name's records, if it has any (RFC 4343 §4; docs/bind-differences.md).
   */
  static void add(Record added, WorkingZone zone) {
    Node node = zone.current(added.getName());
    Record rr = node.spelt(added);
    if (ignoredAddition(rr, zone) || conflictsWithCname(rr.getType(), node)) {
      return;
    }
    switch (rr.getType()) {
      case Type.SOA -> replaceSoa((SOARecord) rr, zone);
      case Type.CNAME, Type.DNAME -> zone.put(node.with(RecordSet.of(rr)));
      default -> zone.put(node.with(added(node.rrset(rr.getType()), rr)));
    }
  }

  /**
   * Additions that are silently dropped, as BIND drops them: the obsolete MD and MF (RFC 973),
   * NS or DNAME at a wildcard owner (RFC 4592 §4.2–4.3), DS at the apex, which belongs to the
   * parent (RFC 4034 §5), and the private type 65534 that signers keep for their own state.
   */
  static boolean ignoredAddition(Record rr, WorkingZone zone) {
    int type = rr.getType();
    return type == Type.MD || type == Type.MF || type == PRIVATE_SIGNING_TYPE
        || ((type == Type.NS || type == Type.DNAME) && rr.getName().isWild())
        || (type == Type.DS && rr.getName().equals(zone.apex()));
  }

  /** The type BIND's signer uses for its private records ({@code sig-signing-type}). */
  static final int PRIVATE_SIGNING_TYPE = 65534;

  /**
   * RFC 2136 §3.4.2.2: a CNAME is not added beside other data, nor other data beside a CNAME
   * (RFC 1034 §3.6.2); DNSSEC types may share a name with a CNAME (RFC 2181 §10.1).
   */
  static boolean conflictsWithCname(int type, Node node) {
    if (mayCoexistWithCname(type)) {
      return false;
    }
    if (type == Type.CNAME) {
      return node.rrsets().stream()
          .anyMatch(set -> set.type() != Type.CNAME && !mayCoexistWithCname(set.type()));
    }
    return node.has(Type.CNAME);
  }

  /** RFC 2136 §3.4.2.2: a duplicate RR is not added twice; the RRset takes the new RR's TTL. */
  private static RecordSet added(Optional<RecordSet> existing, Record rr) {
    return existing.map(set -> set.with(rr, rr.getTTL())).orElseGet(() -> RecordSet.of(rr));
  }

  /**
   * RFC 2136 §3.4.2.2: the SOA is replaced only at the apex and only by a higher serial (RFC 1982).
   */
  private static void replaceSoa(SOARecord soa, WorkingZone zone) {
    if (!soa.getName().equals(zone.apex())) {
      return;
    }
    if (!Serial.isGreater(soa.getSerial(), zone.soa().getSerial())) {
      return;
    }
    zone.put(zone.current(zone.apex()).with(RecordSet.of(soa)));
  }

  /** RFC 2136 §3.4.2.3: delete all RRsets of a name; at the apex, SOA and NS stay. */
  static void deleteName(Name name, WorkingZone zone) {
    Node node = zone.current(name);
    for (RecordSet set : node.rrsets()) {
      if (!isProtectedAtApex(name, set.type(), zone)) {
        node = node.without(set.type());
      }
    }
    zone.put(node);
  }

  /** RFC 2136 §3.4.2.3: delete one RRset; the apex SOA and NS RRsets are never deleted. */
  static void deleteRRset(Name name, int type, WorkingZone zone) {
    if (isProtectedAtApex(name, type, zone)) {
      return;
    }
    zone.put(zone.current(name).without(type));
  }

  private static boolean isProtectedAtApex(Name name, int type, WorkingZone zone) {
    return name.equals(zone.apex()) && (type == Type.SOA || type == Type.NS);
  }

  /**
   * RFC 2136 §3.4.2.4: delete one RR; SOA deletions are ignored, and so is deleting the last apex
   * NS. Deleting an RR that is not there changes nothing.
   */
  static void deleteRR(Record rr, WorkingZone zone) {
    if (rr.getType() == Type.SOA) {
      return;
    }
    Node node = zone.current(rr.getName());
    Optional<RecordSet> set = node.rrset(rr.getType());
    if (set.isEmpty() || !set.get().contains(rr)) {
      return;
    }
    if (rr.getType() == Type.NS && rr.getName().equals(zone.apex()) && set.get().size() == 1) {
      return;
    }
    RecordSet rest = set.get().without(rr);
    zone.put(rest == null ? node.without(rr.getType()) : node.with(rest));
  }
}
