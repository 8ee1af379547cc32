package dev.ddns.testing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which partition of the {@link DynamoDbModel} holds an item. Every partition key starts on one
 * partition; with split for heat ({@code splitAfter} present), a partition that has taken at
 * least {@code hotUnits} write units a second for {@code splitAfter} splits in two at the median
 * sort key of its recent writes, each half with a partition's full throughput (Developer Guide,
 * "Key range throughput exceeded": split for heat; "Burst and adaptive capacity": a frequently
 * written item isolated on a partition of its own). The Guide gives no delay for a split, so
 * {@code splitAfter} is the model's assumption. Writes that keep to the newest keys (a sequence)
 * stay on one partition however often it splits, as the Guide says of increasing keys.
 *
 * <p>A partition's name is its table and partition key, and the lowest sort key it holds when
 * it is not the first range of its key. Item keys are {@code table \0 pk \0 sk}.
 */
final class PartitionMap {
  private static final int RECENT = 256;

  /** One key range: where it starts, since when it has been hot, the sort keys written lately. */
  private static final class Range {
    final String name;
    final Deque<String> recent = new ArrayDeque<>();
    long hotSince = -1;

    Range(String name) {
      this.name = name;
    }
  }

  private final Optional<Duration> splitAfter;
  private final double hotUnits;
  private final Map<String, TreeMap<String, Range>> ranges = new HashMap<>();
  private long splits;

  PartitionMap(Optional<Duration> splitAfter, double hotUnits) {
    this.splitAfter = splitAfter;
    this.hotUnits = hotUnits;
  }

  /** The partition that holds {@code itemKey}. */
  synchronized String partition(String itemKey) {
    return range(itemKey).name;
  }

  /** Notes that {@code itemKey} was written, for the split point of its range. */
  synchronized void wrote(String itemKey) {
    Deque<String> recent = range(itemKey).recent;
    recent.addLast(sortKey(itemKey));
    if (recent.size() > RECENT) {
      recent.removeFirst();
    }
  }

  /**
   * Notes that the partition of {@code itemKey} took {@code units} in the last second at {@code
   * nowNanos}, and splits it when it has been hot long enough.
   */
  synchronized void load(String itemKey, double units, long nowNanos) {
    if (splitAfter.isEmpty()) {
      return;
    }
    Range range = range(itemKey);
    if (units < hotUnits) {
      range.hotSince = -1;
    } else if (range.hotSince < 0) {
      range.hotSince = nowNanos;
    } else if (nowNanos - range.hotSince >= splitAfter.get().toNanos()) {
      split(partitionKey(itemKey), range);
    }
  }

  /** How many splits there were. */
  synchronized long splits() {
    return splits;
  }

  private void split(String partitionKey, Range range) {
    List<String> sorted = new ArrayList<>(range.recent);
    sorted.sort(null);
    TreeMap<String, Range> byStart = ranges.get(partitionKey);
    String start = byStart.entrySet().stream().filter(e -> e.getValue() == range)
        .map(Map.Entry::getKey).findFirst().orElseThrow();
    String median = sorted.get(sorted.size() / 2);
    String at = median.compareTo(start) > 0 ? median : median + '\u0000';
    Range upper = new Range(partitionKey + '\u0000' + at);
    range.recent.removeIf(sk -> {
      boolean moves = sk.compareTo(at) >= 0;
      if (moves) {
        upper.recent.addLast(sk);
      }
      return moves;
    });
    range.hotSince = -1;
    byStart.put(at, upper);
    splits++;
  }

  private Range range(String itemKey) {
    String partitionKey = partitionKey(itemKey);
    TreeMap<String, Range> byStart = ranges.computeIfAbsent(partitionKey, k -> {
      TreeMap<String, Range> first = new TreeMap<>();
      first.put("", new Range(k));
      return first;
    });
    return byStart.floorEntry(sortKey(itemKey)).getValue();
  }

  private static String partitionKey(String itemKey) {
    return itemKey.substring(0, itemKey.lastIndexOf('\u0000'));
  }

  private static String sortKey(String itemKey) {
    return itemKey.substring(itemKey.lastIndexOf('\u0000') + 1);
  }
}
