package dev.ddns.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The items that writes in flight hold, for {@link DynamoDbModel}'s transaction conflicts: a
 * {@code TransactWriteItems} holds its items from its prepare phase to its commit, a single-item
 * write for its own duration. Items are opaque keys (table, partition key, sort key).
 */
final class ItemHolds {
  private final Map<String, Integer> transactional = new HashMap<>();
  private final Map<String, Integer> single = new HashMap<>();

  /**
   * Takes {@code keys} for a transaction unless another transaction holds one of them; returns
   * the positions in {@code keys} that conflicted (then nothing was taken).
   */
  synchronized List<Integer> holdForTransaction(List<String> keys) {
    List<Integer> conflicts = positionsHeld(keys, transactional, Map.of());
    if (conflicts.isEmpty()) {
      keys.forEach(k -> transactional.merge(k, 1, Integer::sum));
    }
    return conflicts;
  }

  /** Takes {@code key} for a single-item write unless a transaction holds it. */
  synchronized boolean holdForItemWrite(String key) {
    if (transactional.containsKey(key)) {
      return false;
    }
    single.merge(key, 1, Integer::sum);
    return true;
  }

  /** The positions in {@code keys} that any write in flight holds. */
  synchronized List<Integer> heldByWrites(List<String> keys) {
    return positionsHeld(keys, transactional, single);
  }

  synchronized void releaseTransaction(List<String> keys) {
    keys.forEach(k -> release(transactional, k));
  }

  synchronized void releaseItemWrite(String key) {
    release(single, key);
  }

  private static List<Integer> positionsHeld(List<String> keys, Map<String, Integer> a,
      Map<String, Integer> b) {
    List<Integer> held = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (a.containsKey(keys.get(i)) || b.containsKey(keys.get(i))) {
        held.add(i);
      }
    }
    return held;
  }

  private static void release(Map<String, Integer> holds, String key) {
    holds.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
  }
}
