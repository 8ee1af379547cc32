package dev.ddns.bench;

import dev.ddns.adapter.dynamodb.ItemSize;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB's request-unit rules, as AWS bills them (not as DynamoDB Local reports them), for
 * on-demand tables: the DynamoDB pricing page ("Read request unit", "Write request unit") and the
 * developer guide's "Capacity unit consumption" and "Global secondary indexes: writes" pages.
 *
 * <ul>
 *   <li>A read costs one unit per started 4 KB of the item (at least one): strongly consistent 1,
 *       eventually consistent half, transactional 2. A Query or Scan sums the sizes of the items
 *       it reads in one response and rounds that sum up to 4 KB. A missing item still costs the
 *       minimum.
 *   <li>A write costs one unit per started 1 KB of the larger of the item before and after
 *       (at least one), transactional 2. A single-item write whose condition fails still costs
 *       the units of the item it found (at least one), and writes no index; the item returned with
 *       {@code ReturnValuesOnConditionCheckFailure} costs no read units.
 *   <li>Each global secondary index the write touches costs standard writes of its own, per
 *       started 1 KB of the index entry: one when an item enters, leaves or changes a projected
 *       attribute in the index, two (delete and put) when an index key changes, none when the
 *       index neither held nor holds the item or no projected attribute changed.
 * </ul>
 */
final class BillingRules {
  static final int READ_UNIT_BYTES = 4096;
  static final int WRITE_UNIT_BYTES = 1024;

  private BillingRules() {}

  /** How a read is made, with its unit factor. */
  enum Read {
    EVENTUAL(0.5), STRONG(1), TRANSACTIONAL(2);

    final double factor;

    Read(double factor) {
      this.factor = factor;
    }

    static Read consistent(Boolean consistentRead) {
      return Boolean.TRUE.equals(consistentRead) ? STRONG : EVENTUAL;
    }
  }

  /** Read units for {@code bytes} read in one item (or one Query/Scan response). */
  static double readUnits(long bytes, Read kind) {
    return Math.max(1, ceilDiv(bytes, READ_UNIT_BYTES)) * kind.factor;
  }

  /** Write units for one item written, the larger of its sizes before and after counting. */
  static double writeUnits(long bytesBefore, long bytesAfter, boolean transactional) {
    return Math.max(1, ceilDiv(Math.max(bytesBefore, bytesAfter), WRITE_UNIT_BYTES))
        * (transactional ? 2 : 1);
  }

  /** Write units of a conditional write that failed on an item of {@code existingBytes}. */
  static double failedConditionUnits(long existingBytes, boolean transactional) {
    return writeUnits(existingBytes, 0, transactional);
  }

  /** Write units one index costs for an item going from {@code before} to {@code after}. */
  static double indexWriteUnits(Index index, Optional<Map<String, AttributeValue>> before,
      Optional<Map<String, AttributeValue>> after) {
    Optional<Map<String, AttributeValue>> was = before.flatMap(index::entry);
    Optional<Map<String, AttributeValue>> is = after.flatMap(index::entry);
    if (was.isEmpty() && is.isEmpty()) {
      return 0;
    }
    if (was.isEmpty()) {
      return entryUnits(is.get());
    }
    if (is.isEmpty()) {
      return entryUnits(was.get());
    }
    if (!index.key(was.get()).equals(index.key(is.get()))) {
      return entryUnits(was.get()) + entryUnits(is.get());
    }
    return was.equals(is) ? 0 : entryUnits(is.get());
  }

  private static double entryUnits(Map<String, AttributeValue> entry) {
    return writeUnits(0, ItemSize.of(entry), false);
  }

  private static long ceilDiv(long bytes, int unit) {
    return (bytes + unit - 1) / unit;
  }

  /**
   * A global secondary index: its key attributes, the table's key attributes every entry
   * carries, and what else it projects ({@code projected} empty with {@code all} false is
   * KEYS_ONLY).
   */
  record Index(String name, List<String> keys, List<String> tableKeys, boolean all,
      List<String> projected) {

    /** The entry {@code item} has in this index: none unless it has every index key. */
    Optional<Map<String, AttributeValue>> entry(Map<String, AttributeValue> item) {
      if (!item.keySet().containsAll(keys)) {
        return Optional.empty();
      }
      if (all) {
        return Optional.of(Map.copyOf(item));
      }
      Map<String, AttributeValue> entry = new HashMap<>();
      for (List<String> names : List.of(keys, tableKeys, projected)) {
        names.stream().filter(item::containsKey).forEach(n -> entry.put(n, item.get(n)));
      }
      return Optional.of(Map.copyOf(entry));
    }

    Map<String, AttributeValue> key(Map<String, AttributeValue> entry) {
      Map<String, AttributeValue> key = new HashMap<>();
      keys.forEach(n -> key.put(n, entry.get(n)));
      return key;
    }
  }
}
