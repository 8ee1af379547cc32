package dev.ddns.core.update;

import dev.ddns.core.model.Node;
import dev.ddns.core.model.RecordSet;
import dev.ddns.core.port.ReadableZone;
import dev.ddns.core.port.ZoneReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The nodes an update reads and changes, held in memory until the update is committed, laid over
 * the store's reader: as a {@link ReadableZone} it is the zone the update would leave, which the
 * checks look names up in (docs/architecture.md, "One lookup"). Nothing is written anywhere until
 * the caller stores {@link #changedNodes()}: a rejected update simply drops this object (RFC 2136
 * §3.4.2: the update is atomic).
 */
final class WorkingZone implements ReadableZone {
  private final Name apex;
  private final ZoneReader reader;
  private final Map<Name, Node> original = new LinkedHashMap<>();
  private final Map<Name, Node> current = new LinkedHashMap<>();

  WorkingZone(Name apex, ZoneReader reader) {
    this.apex = apex;
    this.reader = reader;
  }

  @Override
  public Name apex() {
    return apex;
  }

  @Override
  public Optional<Node> node(Name name) {
    Node node = current(name);
    return node.isEmpty() ? Optional.empty() : Optional.of(node);
  }

  /** The node at {@code name} as this update has it now; an empty node when it owns nothing. */
  Node current(Name name) {
    Node node = current.get(name);
    if (node == null) {
      node = reader.node(name).orElseGet(() -> Node.empty(name));
      original.put(name, node);
      current.put(name, node);
    }
    return node;
  }

  Optional<RecordSet> rrset(Name name, int type) {
    return current(name).rrset(type);
  }

  /** RFC 2136 §2.4.4: a name is in use when it owns at least one RR. */
  boolean nameInUse(Name name) {
    return !current(name).isEmpty();
  }

  /**
   * True when a name strictly below {@code name} owns records now. Reads the store, then corrects
   * for the names this update emptied or filled.
   */
  @Override
  public boolean hasDescendants(Name name) {
    for (Map.Entry<Name, Node> e : current.entrySet()) {
      Name n = e.getKey();
      if (n.subdomain(name) && !n.equals(name) && !e.getValue().isEmpty()) {
        return true;
      }
    }
    List<Node> stored = reader.nodesBelow(name, current.size() + 1);
    return stored.stream().anyMatch(n -> !current.getOrDefault(n.name(), n).isEmpty());
  }

  /** True when the apex NS RRset differs from what was read. */
  boolean nsChanged() {
    Node before = original.get(apex);
    return before != null && !before.rrset(Type.NS).equals(current(apex).rrset(Type.NS));
  }

  /**
   * True when the apex is as it was read but for its SOA serial (or was not read), so a store
   * may leave the stored apex as it is (docs/architecture.md, "The serial in the head").
   */
  boolean apexChangedOnlyInSerial() {
    Node before = original.get(apex);
    return before == null || current.get(apex).equals(before.withSoaSerial(soa().getSerial()));
  }

  void put(Node node) {
    current(node.name());
    current.put(node.name(), node);
  }

  SOARecord soa() {
    return (SOARecord) rrset(apex, Type.SOA)
        .orElseThrow(() -> new IllegalStateException("zone " + apex + " has no SOA"))
        .records()
        .get(0);
  }

  /** The nodes that differ from what was read, as they are now. */
  List<Node> changedNodes() {
    List<Node> changed = new ArrayList<>();
    for (Map.Entry<Name, Node> e : current.entrySet()) {
      Node before = original.get(e.getKey());
      if (e.getValue() != before && !e.getValue().equals(before)) {
        changed.add(e.getValue());
      }
    }
    return changed;
  }

  /** Records held now less records held when read, over every name the update touched. */
  long recordDelta() {
    long delta = 0;
    for (Map.Entry<Name, Node> e : current.entrySet()) {
      delta += e.getValue().recordCount() - original.get(e.getKey()).recordCount();
    }
    return delta;
  }

  /** Records present before and gone now (a TTL change counts as removed and added). */
  List<Record> removedRecords() {
    return difference(original, current);
  }

  List<Record> addedRecords() {
    return difference(current, original);
  }

  private List<Record> difference(Map<Name, Node> from, Map<Name, Node> minus) {
    List<Record> out = new ArrayList<>();
    for (Map.Entry<Name, Node> e : from.entrySet()) {
      Node other = minus.get(e.getKey());
      for (RecordSet set : e.getValue().rrsets()) {
        Optional<RecordSet> counterpart = other.rrset(set.type());
        for (Record r : set.records()) {
          boolean kept = counterpart.isPresent() && counterpart.get().ttl() == set.ttl()
              && counterpart.get().contains(r);
          if (!kept) {
            out.add(r);
          }
        }
      }
    }
    return out;
  }
}
