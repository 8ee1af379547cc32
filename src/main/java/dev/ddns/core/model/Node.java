package dev.ddns.core.model;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** All RRsets of one owner name in a zone; immutable. An empty node means the name has no data. */
public final class Node {
  private final Name name;
  private final Map<Integer, RecordSet> rrsets;

  private Node(Name name, Map<Integer, RecordSet> rrsets) {
    this.name = name;
    this.rrsets = Collections.unmodifiableMap(rrsets);
  }

  public static Node empty(Name name) {
    return new Node(name, new TreeMap<>());
  }

  /** A node holding the given records, grouped into RRsets (first TTL of each type wins). */
  public static Node of(Name name, Collection<Record> records) {
    Node node = empty(name);
    for (Record r : records) {
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

  /** This node with {@code set} replacing any RRset of its type. */
  public Node with(RecordSet set) {
    TreeMap<Integer, RecordSet> next = new TreeMap<>(rrsets);
    next.put(set.type(), set);
    return new Node(name, next);
  }

  /** This node without the RRset of {@code type}. */
  public Node without(int type) {
    if (!rrsets.containsKey(type)) {
      return this;
    }
    TreeMap<Integer, RecordSet> next = new TreeMap<>(rrsets);
    next.remove(type);
    return new Node(name, next);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Node other && other.name.equals(name) && other.rrsets.equals(rrsets);
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
