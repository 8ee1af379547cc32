package dev.ddns.core.update;

import dev.ddns.core.lookup.Lookup;
import dev.ddns.core.lookup.ZoneLookup;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.RecordSet;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * After the update RRs are applied: every apex NS whose target lies inside the zone must still
 * lead to an address, else the zone would publish a lame delegation (RFC 1912 §2.8). BIND checks
 * the same ({@code dns_zone_nscheck}) and refuses the update; so do we. A target at or below a
 * zone cut, or matched by a wildcard with an address, passes.
 */
final class ApexNsCheck {
  private ApexNsCheck() {}

  /** Checks the apex NS targets that {@code changedNodes}, the update's changes, may affect. */
  static Verdict check(WorkingZone zone, List<Node> changedNodes) {
    Name apex = zone.apex();
    Optional<RecordSet> ns = zone.rrset(apex, Type.NS);
    if (ns.isEmpty()) {
      return Verdict.OK;
    }
    List<Name> changed = changedNodes.stream().map(Node::name).toList();
    boolean nsChanged = zone.nsChanged();
    for (Record r : ns.get().records()) {
      Name target = ((NSRecord) r).getTarget();
      if (target.subdomain(apex) && (nsChanged || affects(changed, target))
          && !resolves(target, zone)) {
        return Verdict.fail(Rcode.REFUSED, "NS target " + target
            + " would have no address record (A or AAAA)");
      }
    }
    return Verdict.OK;
  }

  /** Only a change at, above or below the target, or to a wildcard above it, can alter it. */
  private static boolean affects(List<Name> changed, Name target) {
    for (Name n : changed) {
      if (n.subdomain(target) || target.subdomain(n)
          || (n.isWild() && target.subdomain(new Name(n, 1)))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The target leads to an address when it is at or below a zone cut (glue), or is, or is
   * synthesised by a wildcard into, a name with A or AAAA; never below a DNAME (RFC 6672 §2.4).
   */
  private static boolean resolves(Name target, WorkingZone zone) {
    Lookup lookup = ZoneLookup.find(zone, target, Type.A);
    return lookup instanceof Lookup.Delegation
        || lookup instanceof Lookup.Found found
            && (found.node().has(Type.A) || found.node().has(Type.AAAA));
  }
}
