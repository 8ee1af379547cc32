package dev.ddns.core.lookup;

import dev.ddns.core.model.Node;
import dev.ddns.core.port.ReadableZone;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Type;

/**
 * The one name lookup of a zone (docs/architecture.md, "One lookup"), for answers to queries and
 * for the checks an update makes on the zone it would leave: zone cuts, DNAME redirection,
 * exact names, empty non-terminals and wildcards, over any {@link ReadableZone}.
 */
public final class ZoneLookup {
  private static final Name WILDCARD = Name.fromConstantString("*");

  private ZoneLookup() {}

  /**
   * Looks {@code name}, a name in the zone, up for {@code qtype}: walking down from the apex, the
   * first name below it with an NS RRset is a zone cut (RFC 1034 §4.3.2 step 3b; DS at the cut
   * itself belongs to the parent side, RFC 4035 §3.1.4.1), and the first name strictly above
   * {@code name} with a DNAME redirects it (RFC 6672 §3.2); else the name itself or the wildcard
   * at its closest encloser answers.
   */
  public static Lookup find(ReadableZone zone, Name name, int qtype) {
    int below = name.labels() - zone.apex().labels();
    for (int depth = 1; depth < below; depth++) {
      Optional<Node> ancestor = zone.node(new Name(name, below - depth));
      if (ancestor.isPresent() && ancestor.get().has(Type.NS)) {
        return new Lookup.Delegation(ancestor.get());
      }
      if (ancestor.isPresent() && ancestor.get().has(Type.DNAME)) {
        return new Lookup.Redirection(ancestor.get());
      }
    }
    Optional<Node> exact = zone.node(name);
    if (exact.isPresent()) {
      boolean cut = below > 0 && exact.get().has(Type.NS) && qtype != Type.DS;
      return cut ? new Lookup.Delegation(exact.get()) : new Lookup.Found(exact.get());
    }
    if (zone.hasDescendants(name)) {
      return new Lookup.EmptyNonTerminal();
    }
    return wildcard(zone, closestEncloser(zone, name))
        .<Lookup>map(Lookup.Found::new)
        .orElseGet(Lookup.NoSuchName::new);
  }

  private static Optional<Node> wildcard(ReadableZone zone, Name encloser) {
    try {
      return zone.node(Name.concatenate(WILDCARD, encloser));
    } catch (NameTooLongException e) {
      return Optional.empty();
    }
  }

  /** RFC 4592 §3.3.1: the longest existing ancestor of a name that does not exist. */
  private static Name closestEncloser(ReadableZone zone, Name name) {
    Name apex = zone.apex();
    Name candidate = name;
    while (!candidate.equals(apex)) {
      candidate = new Name(candidate, 1);
      if (zone.node(candidate).isPresent() || zone.hasDescendants(candidate)) {
        return candidate;
      }
    }
    return apex;
  }
}
