package dev.ddns.adapter.memory;

import dev.ddns.core.model.ReplayRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import org.xbill.DNS.Name;

/**
 * The replay records of the in-memory store, by key and MAC, dropped once expired (as DynamoDB's
 * TTL drops them from the table). Callers hold the lock of the zone they commit to; this log has
 * its own, since one key may update several zones.
 */
final class ReplayLog {
  private record Id(Name key, ByteBuffer mac) {}

  private final Map<Id, ReplayRecord> records = new HashMap<>();
  private final PriorityQueue<ReplayRecord> byExpiry =
      new PriorityQueue<>(Comparator.comparing(ReplayRecord::expiresAt));

  synchronized Optional<ReplayRecord> find(Name key, byte[] mac) {
    return Optional.ofNullable(records.get(id(key, mac)));
  }

  synchronized boolean contains(ReplayRecord record) {
    return records.containsKey(id(record));
  }

  /**
   * Adds {@code record} unless one of its key and MAC exists, first dropping the records expired
   * at {@code now}; false when it existed.
   */
  synchronized boolean add(ReplayRecord record, Instant now) {
    return putIfAbsent(record, now).isEmpty();
  }

  /**
   * Adds every one of {@code group}, or none when one of them exists or two have the same key and
   * MAC; false then.
   */
  synchronized boolean addAll(List<ReplayRecord> group, Instant now) {
    if (group.stream().anyMatch(this::contains)
        || group.stream().map(ReplayLog::id).distinct().count() < group.size()) {
      return false;
    }
    group.forEach(record -> putIfAbsent(record, now));
    return true;
  }

  /**
   * Adds {@code record} unless one of its key and MAC exists, first dropping the records expired
   * at {@code now}: empty when added, otherwise the record that was there.
   */
  synchronized Optional<ReplayRecord> putIfAbsent(ReplayRecord record, Instant now) {
    while (!byExpiry.isEmpty() && byExpiry.peek().expiresAt().isBefore(now)) {
      records.remove(id(byExpiry.poll()));
    }
    Optional<ReplayRecord> existing = Optional.ofNullable(records.putIfAbsent(id(record), record));
    if (existing.isEmpty()) {
      byExpiry.add(record);
    }
    return existing;
  }

  private static Id id(ReplayRecord record) {
    return id(record.key(), record.mac());
  }

  private static Id id(Name key, byte[] mac) {
    return new Id(key, ByteBuffer.wrap(mac.clone()));
  }
}
