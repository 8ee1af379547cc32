package dev.ddns.core.query;

import dev.ddns.core.lookup.Lookup;
import dev.ddns.core.lookup.ZoneLookup;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.RecordSet;
import dev.ddns.core.port.ZoneReader;
import java.util.Optional;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DNAMERecord;
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
 * RFC 1034 §4.3.2</a>): data with AA set, CNAMEs followed inside the zone, DNAME redirection with a
 * synthesised CNAME (RFC 6672 §3), referrals at zone cuts, wildcards (RFC 4592), and NXDOMAIN or
 * NODATA with the SOA in the authority section (RFC 2308). Names are looked up by
 * {@link ZoneLookup}, the lookup the update checks use.
 */
public final class QueryResponder {
  private static final int MAX_CHAIN = 8;

  private QueryResponder() {}

  /**
   * Fills {@code response} (header and question already set) for {@code qname}/{@code qtype}. With
   * {@code minimalAny}, ANY is answered with one RRset of the name, the one of the lowest type
   * (RFC 8482 §4.1), else with all of them.
   */
  public static void answer(Message response, Name qname, int qtype, ZoneReader zone,
      boolean minimalAny) {
    Name name = qname;
    for (int hops = 0; hops <= MAX_CHAIN; hops++) {
      Lookup lookup = ZoneLookup.find(zone, name, qtype);
      if (lookup instanceof Lookup.Delegation delegation) {
        referral(response, delegation.cut());
        return;
      }
      response.getHeader().setFlag(Flags.AA);
      Optional<Name> next = lookup instanceof Lookup.Redirection redirection
          ? redirect(response, name, redirection.owner())
          : answerAt(response, name, qtype, lookup, zone, minimalAny);
      if (next.isEmpty() || !next.get().subdomain(zone.apex())) {
        return;
      }
      name = next.get();
    }
  }

  /**
   * Answers {@code name} where the lookup ended; returns the CNAME target to follow, if any
   * (RFC 1034 §4.3.2 step 3a).
   */
  private static Optional<Name> answerAt(Message response, Name name, int qtype, Lookup lookup,
      ZoneReader zone, boolean minimalAny) {
    if (!(lookup instanceof Lookup.Found found)) {
      boolean exists = lookup instanceof Lookup.EmptyNonTerminal;
      negative(response, exists ? Rcode.NOERROR : Rcode.NXDOMAIN, zone);
      return Optional.empty();
    }
    Node node = found.node();
    if (qtype == Type.ANY) {
      for (RecordSet set : node.rrsets()) {
        add(response, set, name);
        if (minimalAny) {
          break;
        }
      }
      return Optional.empty();
    }
    Optional<RecordSet> data = node.rrset(qtype);
    if (data.isPresent()) {
      add(response, data.get(), name);
      return Optional.empty();
    }
    Optional<RecordSet> cname = node.rrset(Type.CNAME);
    if (cname.isEmpty()) {
      negative(response, Rcode.NOERROR, zone);
      return Optional.empty();
    }
    add(response, cname.get(), name);
    return Optional.of(((CNAMERecord) cname.get().records().get(0)).getTarget());
  }

  /**
   * RFC 6672 §3.1: the DNAME, then a CNAME from {@code name} to its substitution, with the DNAME's
   * TTL; returns the substituted name. A substitution longer than a name may be is YXDOMAIN
   * (§2.2).
   */
  private static Optional<Name> redirect(Message response, Name name, Node owner) {
    RecordSet dnames = owner.rrset(Type.DNAME).orElseThrow();
    DNAMERecord dname = (DNAMERecord) dnames.records().get(0);
    add(response, dnames, owner.name());
    try {
      Name target = name.fromDNAME(dname);
      response.addRecord(new CNAMERecord(name, dname.getDClass(), dname.getTTL(), target),
          Section.ANSWER);
      return Optional.of(target);
    } catch (NameTooLongException e) {
      response.getHeader().setRcode(Rcode.YXDOMAIN);
      return Optional.empty();
    }
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
