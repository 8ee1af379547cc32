package dev.ddns.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Capacity units spent per key (an item, or a partition) over the last second, against a limit
 * per second, for {@link DynamoDbModel}'s throttling: a request whose units would take a key
 * over its limit is refused and spends nothing.
 */
final class UnitWindow {
  private static final long SECOND_NANOS = 1_000_000_000L;

  private record Spent(long atNanos, double units) {}

  private final double limitPerSecond;
  private final Map<String, Deque<Spent>> spent = new HashMap<>();
  private final Map<String, Double> totals = new HashMap<>();

  UnitWindow(double limitPerSecond) {
    this.limitPerSecond = limitPerSecond;
  }

  /**
   * Spends {@code units} on each key of {@code units} at {@code nowNanos} if none of them goes over
   * the limit; returns the key that would have, or null when the units were spent.
   */
  synchronized String spend(Map<String, Double> units, long nowNanos) {
    for (var e : units.entrySet()) {
      if (used(e.getKey(), nowNanos) + e.getValue() > limitPerSecond) {
        return e.getKey();
      }
    }
    units.forEach((key, u) -> {
      spent.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(new Spent(nowNanos, u));
      totals.merge(key, u, Double::sum);
    });
    return null;
  }

  /** Spends {@code units} on each key at {@code nowNanos}, over the limit or not. */
  synchronized void charge(Map<String, Double> units, long nowNanos) {
    units.forEach((key, u) -> {
      used(key, nowNanos);
      spent.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(new Spent(nowNanos, u));
      totals.merge(key, u, Double::sum);
    });
  }

  /** The units {@code key} took in the second before {@code nowNanos}. */
  synchronized double used(String key, long nowNanos) {
    Deque<Spent> window = spent.get(key);
    if (window == null) {
      return 0;
    }
    while (!window.isEmpty() && nowNanos - window.peekFirst().atNanos() >= SECOND_NANOS) {
      totals.merge(key, -window.removeFirst().units(), Double::sum);
    }
    if (window.isEmpty()) {
      spent.remove(key);
      totals.remove(key);
      return 0;
    }
    return totals.get(key);
  }
}
