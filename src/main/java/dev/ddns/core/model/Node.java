package dev.ddns.core.model;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * All RRsets of one owner name in a zone; immutable. An empty node means the name has no data.
 * RRsets under an expiry rule of the zone's update policy also carry the time of their last
 * addition, from which the expiry sweep tells when they are due.
 */
public final class Node {
  private final Name name;
  private final Map<Integer, RecordSet> rrsets;
  private final Map<Integer, Instant> lastAdded;

  private Node(Name name, Map<Integer, RecordSet> rrsets, Map<Integer, Instant> lastAdded) {
    this.name = name;
    this.rrsets = Collections.unmodifiableMap(rrsets);
    this.lastAdded = Collections.unmodifiableMap(lastAdded);
  }

  public static Node empty(Name name) {
    return new Node(name, new TreeMap<>(), new TreeMap<>());
  }

  /**
   * A node holding the given records, grouped into RRsets (first TTL of each type wins), all with
   * the owner spelling of the first record.
   */
  public static Node of(Name name, Collection<Record> records) {
    Node node = empty(name);
    for (Record record : records) {
      Record r = node.spelt(record);
      RecordSet existing = node.rrset(r.getType()).orElse(null);
      node = node.with(existing == null ? RecordSet.of(r) : existing.with(r, existing.ttl()));
    }
    return node;
  }

  public Name name() {
    return name;
  }

  public boolean isEmpty() {
    return rrsets.isEmpty();
  }

  public Optional<RecordSet> rrset(int type) {
    return Optional.ofNullable(rrsets.get(type));
  }

  public boolean has(int type) {
    return rrsets.containsKey(type);
  }

  /**
   * {@code record} with its owner spelt as this node's records are: names compare
   * case-insensitively (RFC 4343 §3) and a name keeps the spelling of the first record added to
   * it (docs/bind-differences.md, "Owner-name case"). An empty node leaves the spelling as it is.
   */
  public Record spelt(Record record) {
    return rrsets.isEmpty() ? record
        : RecordSet.withOwner(record, rrsets.values().iterator().next().name());
  }

  /** The RRsets, ordered by type code. */
  public Collection<RecordSet> rrsets() {
    return rrsets.values();
  }

  public int recordCount() {
    int count = 0;
    for (RecordSet set : rrsets.values()) {
      count += set.size();
    }
    return count;
  }

  /** When a record was last added to the RRset of {@code type}; kept only under expiry rules. */
  public Optional<Instant> lastAdded(int type) {
    return Optional.ofNullable(lastAdded.get(type));
  }

  /**
   * The last addition time of every stamped RRset, by type; empty when no expire rule covered an
   * addition (the expiry index of a store holds only nodes with at least one).
   */
  public Map<Integer, Instant> lastAdded() {
    return lastAdded;
  }

  /** The earliest last addition time of the node's RRsets, if any RRset has one. */
  public Optional<Instant> earliestAdded() {
    return lastAdded.values().stream().min(Instant::compareTo);
  }

  /** This node with {@code set} replacing any RRset of its type (its last addition time kept). */
  public Node with(RecordSet set) {
    TreeMap<Integer, RecordSet> next = new TreeMap<>(rrsets);
    next.put(set.type(), set);
    return new Node(name, next, lastAdded);
  }

  /** This node with its SOA's serial replaced by {@code serial}; itself when it holds no SOA. */
  public Node withSoaSerial(long serial) {
    RecordSet rrset = rrsets.get(Type.SOA);
    if (rrset == null) {
      return this;
    }
    SOARecord soa = (SOARecord) rrset.records().get(0);
    return soa.getSerial() == serial ? this : with(RecordSet.of(Serial.replaced(soa, serial)));
  }

  /** This node with the last addition time of its RRset of {@code type} set to {@code when}. */
  public Node withLastAdded(int type, Instant when) {
    if (!rrsets.containsKey(type)) {
      throw new IllegalArgumentException(name + " has no RRset of type " + type);
    }
    TreeMap<Integer, Instant> next = new TreeMap<>(lastAdded);
    next.put(type, when);
    return new Node(name, rrsets, next);
  }

  /** This node without the RRset of {@code type} (and its last addition time). */
  public Node without(int type) {
    if (!rrsets.containsKey(type)) {
      return this;
    }
    TreeMap<Integer, RecordSet> next = new TreeMap<>(rrsets);
    next.remove(type);
    TreeMap<Integer, Instant> times = new TreeMap<>(lastAdded);
    times.remove(type);
    return new Node(name, next, times);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Node other && other.name.equals(name) && other.rrsets.equals(rrsets)
        && other.lastAdded.equals(lastAdded);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + rrsets.hashCode();
  }

  @Override
  public String toString() {
    return name + " " + rrsets.values();
  }
}
