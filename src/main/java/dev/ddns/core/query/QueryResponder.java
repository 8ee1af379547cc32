package dev.ddns.core.query;

import dev.ddns.core.model.Node;
import dev.ddns.core.model.RecordSet;
import dev.ddns.core.port.ZoneReader;
import java.util.Optional;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Authoritative answers from one zone (<a href="https://www.rfc-editor.org/rfc/rfc1034#section-4.3.2">
 * RFC 1034 §4.3.2</a>): data with AA set, CNAMEs followed inside the zone, referrals at zone cuts,
 * wildcards (RFC 4592), and NXDOMAIN or NODATA with the SOA in the authority section (RFC 2308).
 */
public final class QueryResponder {
  private static final int MAX_CNAME_CHAIN = 8;
  private static final Name WILDCARD = Name.fromConstantString("*");

  private QueryResponder() {}

  /**
   * Fills {@code response} (header and question already set) for {@code qname}/{@code qtype}. With
   * {@code minimalAny}, ANY is answered with one RRset of the name, the one of the lowest type
   * (RFC 8482 §4.1), else with all of them.
   */
  public static void answer(Message response, Name qname, int qtype, ZoneReader zone,
      boolean minimalAny) {
    Name apex = zone.head().zone();
    Optional<Node> cut = zoneCut(qname, qtype, apex, zone);
    if (cut.isPresent()) {
      referral(response, cut.get());
      return;
    }
    response.getHeader().setFlag(Flags.AA);
    Name name = qname;
    for (int hops = 0; hops <= MAX_CNAME_CHAIN; hops++) {
      Optional<Node> node = lookup(name, zone);
      if (node.isEmpty()) {
        negative(response, zone.hasDescendants(name) ? Rcode.NOERROR : Rcode.NXDOMAIN, zone);
        return;
      }
      Optional<RecordSet> data = qtype == Type.ANY ? Optional.empty()
          : node.get().rrset(qtype);
      if (qtype == Type.ANY) {
        for (RecordSet set : node.get().rrsets()) {
          add(response, set, name);
          if (minimalAny) {
            break;
          }
        }
        return;
      }
      if (data.isPresent()) {
        add(response, data.get(), name);
        return;
      }
      Optional<RecordSet> cname = node.get().rrset(Type.CNAME);
      if (cname.isEmpty()) {
        negative(response, Rcode.NOERROR, zone);
        return;
      }
      add(response, cname.get(), name);
      name = ((CNAMERecord) cname.get().records().get(0)).getTarget();
      if (!name.subdomain(apex)) {
        return;
      }
    }
  }

  /** The node at {@code name}, or the wildcard that synthesises it (RFC 4592 §3.3.1). */
  private static Optional<Node> lookup(Name name, ZoneReader zone) {
    Optional<Node> exact = zone.node(name);
    if (exact.isPresent() || zone.hasDescendants(name)) {
      return exact;
    }
    try {
      return zone.node(Name.concatenate(WILDCARD, closestEncloser(name, zone)));
    } catch (NameTooLongException e) {
      return Optional.empty();
    }
  }

  private static Name closestEncloser(Name name, ZoneReader zone) {
    Name apex = zone.head().zone();
    Name candidate = name;
    while (!candidate.equals(apex)) {
      candidate = new Name(candidate, 1);
      if (zone.node(candidate).isPresent() || zone.hasDescendants(candidate)) {
        return candidate;
      }
    }
    return apex;
  }

  /**
   * RFC 1034 §4.3.2 step 3b: an NS RRset below the apex, at or above the name, is a zone cut;
   * DS at the cut itself belongs to the parent (RFC 4035 §3.1.4.1).
   */
  private static Optional<Node> zoneCut(Name qname, int qtype, Name apex, ZoneReader zone) {
    int below = qname.labels() - apex.labels();
    for (int depth = 1; depth <= below; depth++) {
      Name ancestor = new Name(qname, below - depth);
      boolean atName = ancestor.equals(qname);
      if (atName && qtype == Type.DS) {
        return Optional.empty();
      }
      Optional<Node> node = zone.node(ancestor);
      if (node.isPresent() && node.get().has(Type.NS)) {
        return node;
      }
    }
    return Optional.empty();
  }

  private static void referral(Message response, Node cut) {
    RecordSet ns = cut.rrset(Type.NS).orElseThrow();
    ns.records().forEach(r -> response.addRecord(r, Section.AUTHORITY));
  }

  /** RFC 2308 §3: the SOA in the authority section with the negative-caching TTL. */
  private static void negative(Message response, int rcode, ZoneReader zone) {
    response.getHeader().setRcode(rcode);
    Node apex = zone.node(zone.head().zone()).orElseThrow();
    SOARecord soa = (SOARecord) apex.rrset(Type.SOA).orElseThrow().records().get(0);
    long ttl = Math.min(soa.getTTL(), soa.getMinimum());
    response.addRecord(RecordSet.withTtl(soa, ttl), Section.AUTHORITY);
  }

  private static void add(Message response, RecordSet set, Name owner) {
    for (Record r : set.records()) {
      response.addRecord(r.getName().equals(owner) ? r : r.withName(owner), Section.ANSWER);
    }
  }
}
