package dev.ddns.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * An immutable RRset (RFC 2181 §5): the records of one owner name, class IN and type, sharing one
 * TTL. Records are compared by canonical rdata (RFC 4034 §6.2), so names inside rdata compare
 * case-insensitively and TTLs never take part.
 */
public final class RecordSet {
  private final Name name;
  private final int type;
  private final long ttl;
  private final List<Record> records;
  /** Canonical rdata of each record, computed once: comparisons are the hot path of updates. */
  private final byte[][] rdata;

  private RecordSet(Name name, int type, long ttl, List<Record> records) {
    this.name = name;
    this.type = type;
    this.ttl = ttl;
    this.records = List.copyOf(records);
    this.rdata = new byte[records.size()][];
    for (int i = 0; i < rdata.length; i++) {
      rdata[i] = this.records.get(i).rdataToWireCanonical();
    }
  }

  /** A set of one record, with that record's TTL. */
  public static RecordSet of(Record record) {
    return new RecordSet(record.getName(), record.getType(), record.getTTL(), List.of(record));
  }

  /** A set of the given records (duplicates dropped); all take the TTL of the first. */
  public static RecordSet of(List<Record> records) {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("an RRset has at least one record");
    }
    Record first = records.get(0);
    RecordSet set = of(first);
    for (Record r : records.subList(1, records.size())) {
      set = set.with(r, first.getTTL());
    }
    return set;
  }

  public Name name() {
    return name;
  }

  public int type() {
    return type;
  }

  public long ttl() {
    return ttl;
  }

  public List<Record> records() {
    return records;
  }

  public int size() {
    return records.size();
  }

  /** True when a record with the same rdata is in the set. */
  public boolean contains(Record record) {
    return indexOf(record.rdataToWireCanonical()) >= 0;
  }

  /**
   * This set plus {@code record} (if new), every record taking {@code newTtl}. The set keeps its
   * owner-name spelling: names compare case-insensitively (RFC 4343 §3), and a name keeps the
   * spelling it was first added with, so an RR that differs only in the case of its owner is a
   * duplicate (docs/bind-differences.md, "Owner-name case").
   */
  public RecordSet with(Record record, long newTtl) {
    List<Record> next = new ArrayList<>(records.size() + 1);
    for (Record r : records) {
      next.add(withTtl(r, newTtl));
    }
    if (!contains(record)) {
      next.add(withTtl(withOwner(record, name), newTtl));
    }
    return new RecordSet(name, type, newTtl, next);
  }

  /** {@code record} with its owner spelt as {@code owner}, an equal name. */
  static Record withOwner(Record record, Name owner) {
    return sameSpelling(record.getName(), owner) ? record : record.withName(owner);
  }

  /** Equal names with the same letter case. */
  static boolean sameSpelling(Name a, Name b) {
    return a.equals(b) && Arrays.equals(a.toWire(), b.toWire());
  }

  /** This set without the record of the same rdata; null when nothing would remain. */
  public RecordSet without(Record record) {
    int index = indexOf(record.rdataToWireCanonical());
    if (index < 0) {
      return this;
    }
    if (records.size() == 1) {
      return null;
    }
    List<Record> next = new ArrayList<>(records);
    next.remove(index);
    return new RecordSet(name, type, ttl, next);
  }

  /**
   * True when {@code others} lists exactly this RRset's rdata, ignoring TTL and order (RFC 2136
   * §3.2.3). A record listed twice makes the list longer than the set, so it does not match.
   */
  public boolean sameRdata(List<Record> others) {
    if (others.size() != size()) {
      return false;
    }
    for (Record r : others) {
      if (!contains(r)) {
        return false;
      }
    }
    RecordSet listed = RecordSet.of(others);
    return records.stream().allMatch(listed::contains);
  }

  /** Same rdata, in any order; for two sets, which hold no duplicates. */
  private boolean sameRdata(RecordSet other) {
    if (other.rdata.length != rdata.length) {
      return false;
    }
    for (byte[] r : other.rdata) {
      if (indexOf(r) < 0) {
        return false;
      }
    }
    return true;
  }

  private int indexOf(byte[] wanted) {
    for (int i = 0; i < rdata.length; i++) {
      if (Arrays.equals(rdata[i], wanted)) {
        return i;
      }
    }
    return -1;
  }

  /** The same record with another TTL; returns the record itself when the TTL already matches. */
  public static Record withTtl(Record record, long ttl) {
    if (record.getTTL() == ttl) {
      return record;
    }
    byte[] wire = record.toWire(Section.ANSWER);
    int rdataStart = record.getName().length() + 10;
    if (rdataStart == wire.length) {
      return Record.newRecord(record.getName(), record.getType(), record.getDClass(), ttl);
    }
    byte[] rdata = Arrays.copyOfRange(wire, rdataStart, wire.length);
    return Record.newRecord(record.getName(), record.getType(), record.getDClass(), ttl, rdata);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordSet other
        && sameSpelling(other.name, name)
        && other.type == type
        && other.ttl == ttl
        && other.sameRdata(this);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, ttl, records.size());
  }

  @Override
  public String toString() {
    return records.toString();
  }
}
