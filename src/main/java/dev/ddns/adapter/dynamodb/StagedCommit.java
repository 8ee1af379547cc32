package dev.ddns.adapter.dynamodb;

import dev.ddns.core.model.Node;
import dev.ddns.core.model.ZoneCommit;
import dev.ddns.core.port.CommitResult;
import dev.ddns.core.port.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * A commit of more nodes than one transaction holds (docs/architecture.md, "Large updates"),
 * atomic all the same:
 *
 * <ol>
 *   <li><b>Stage</b>: every changed node is written to partitions of the commit's own ({@link
 *       Keys#stagingPrefix}), by BatchWriteItem, with a TTL. No reader looks there.
 *   <li><b>Commit point</b>: one TransactWriteItems writes the head on its version condition with
 *       {@link Items#PENDING} naming the prefix, the journal entry and the replay record. This write
 *       alone decides whether the update happened.
 *   <li><b>Promotion</b> ({@link #finish}): transactions of up to {@value #PAIRS_PER_TRANSACTION}
 *       pairs, each deleting a staged item on the condition that it is still there and putting or
 *       deleting its node, on the condition that the head still names the commit (so nothing is
 *       promoted into a zone deleted meanwhile); then the marker is removed. Anyone may promote, and every head read
 *       ({@link TableOps#headItem}) finishes a pending promotion before it answers, so readers see
 *       the zone exactly before or exactly after. No commit passes a head with the marker.
 * </ol>
 *
 * <p>A commit point that lost (a version conflict, a replay) or that DynamoDB rejected (a client
 * error) deletes its staged items. One whose outcome is unknown (a timeout, a server error) leaves
 * them, since the write may still apply; unused, they expire by TTL.
 */
final class StagedCommit {
  /** How long staged items live unpromoted before DynamoDB TTL removes them. */
  static final Duration STAGED_LIFETIME = Duration.ofDays(7);
  /**
   * Staged items one promotion transaction takes: two items each, beside the check that the head
   * still names the commit, within 100 items a transaction.
   */
  static final int PAIRS_PER_TRANSACTION = (DynamoZoneStore.MAX_TRANSACTION_ITEMS - 1) / 2;
  /**
   * Bytes of staged items one promotion transaction takes at most: each is written twice (the node,
   * and the delete of the staged item it came from), and one transaction carries 4 MB.
   */
  static final int BYTES_PER_TRANSACTION = 1_500_000;
  /** Rounds of promotion, each after reading what is left, before a promoter gives up. */
  static final int PROMOTION_ROUNDS = 16;

  private static final Logger LOG = LoggerFactory.getLogger(StagedCommit.class);

  private final TableOps ops;
  private final Clock clock;

  StagedCommit(TableOps ops, Clock clock) {
    this.ops = ops;
    this.clock = clock;
  }

  /**
   * Stages {@code commit}'s nodes, writes the commit point {@code commitPoint} makes for the
   * staging prefix, and promotes. A lost commit point is mapped by {@code lost}. Once the commit
   * point is written the update is committed, whether or not this call finishes the promotion.
   */
  CommitResult commit(ZoneCommit commit, Function<String, List<TransactWriteItem>> commitPoint,
      Function<TableOps.Cancelled, CommitResult> lost) {
    Name zone = commit.head().zone();
    String prefix = Keys.stagingPrefix(zone, commit.head().version(),
        UUID.randomUUID().toString().substring(0, 8));
    try {
      stage(zone, prefix, commit);
    } catch (StoreException e) {
      discard(zone, prefix, commit);
      throw e;
    }
    Optional<TableOps.Cancelled> cancelled;
    try {
      cancelled = ops.transactWrite("TransactWriteItems (commit point)", zone,
          commitPoint.apply(prefix));
    } catch (StoreException e) {
      if (TableOps.rejected(e)) {
        discard(zone, prefix, commit);
      } else {
        settle(zone);
      }
      throw e;
    }
    if (cancelled.isPresent()) {
      discard(zone, prefix, commit);
      return lost.apply(cancelled.get());
    }
    try {
      finish(ops, zone, prefix);
    } catch (StoreException e) {
      LOG.warn("zone {}: commit {} is made; its promotion is left to the next reader of the head",
          zone, prefix, e);
    }
    return CommitResult.COMMITTED;
  }

  private void stage(Name zone, String prefix, ZoneCommit commit) {
    Instant expires = clock.instant().plus(STAGED_LIFETIME);
    long version = commit.head().version();
    ops.batchPut(zone, "stage", commit.nodes(),
        node -> Items.staged(zone, prefix, node, version, expires), written -> { });
  }

  /** Deletes the staged items of a commit that did not happen; TTL removes what this cannot. */
  private void discard(Name zone, String prefix, ZoneCommit commit) {
    List<Map<String, AttributeValue>> keys = commit.nodes().stream()
        .map(node -> Keys.stagedKey(prefix, Keys.nodeSk(zone, node.name())))
        .toList();
    try {
      ops.deleteItems(zone, "discard staged", keys);
    } catch (StoreException e) {
      LOG.warn("zone {}: staged items of {} are left for DynamoDB TTL", zone, prefix, e);
    }
  }

  /**
   * After a commit point whose outcome is unknown: reads the head, which finishes the promotion if
   * the write was applied, so the zone is whole for whoever reads it next.
   */
  private void settle(Name zone) {
    try {
      ops.headItem(zone, "commit point outcome");
    } catch (StoreException e) {
      LOG.warn("zone {}: its head could not be read after a failed commit point", zone, e);
    }
  }

  /**
   * Promotes what is left under {@code prefix}, then removes the head's marker on the condition
   * that it still names {@code prefix}. Safe to run by several promoters at once: a pair whose
   * staged item another promoter deleted first fails its condition and is read again as done.
   *
   * @throws StoreException when DynamoDB fails, or other promoters kept cancelling this one's
   *     transactions for {@value #PROMOTION_ROUNDS} rounds
   */
  static void finish(TableOps ops, Name zone, String prefix) {
    for (int round = 0; round < PROMOTION_ROUNDS; round++) {
      TableOps.backoff(round);
      switch (promote(ops, zone, prefix, staged(ops, zone, prefix))) {
        case APPLIED -> {
          clearMarker(ops, zone, prefix);
          return;
        }
        case SETTLED -> {
          return;
        }
        case CONTENDED -> { }
      }
    }
    throw new StoreException("table " + ops.table() + ", zone " + zone + ": promotion of " + prefix
        + " was cancelled by other writers " + PROMOTION_ROUNDS + " times");
  }

  /** How one round of promotion ended. */
  private enum Round {
    /** Every staged item read was promoted by this round. */
    APPLIED,
    /** The head no longer names the commit: another promoter finished, or the zone is gone. */
    SETTLED,
    /** Another promoter took a staged item first, or a transaction conflicted: read again. */
    CONTENDED
  }

  private static List<Map<String, AttributeValue>> staged(TableOps ops, Name zone, String prefix) {
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    for (String partition : Keys.stagingPartitions(prefix)) {
      ops.query(partition, zone, "promote (read staged)", "#pk = :pk", 1000, Map.of(), out::add);
    }
    return out;
  }

  /** Promotes {@code staged} in transactions of pairs, each beside the head check. */
  private static Round promote(TableOps ops, Name zone, String prefix,
      List<Map<String, AttributeValue>> staged) {
    TransactWriteItem headCheck = headCheck(ops.table(), zone, prefix);
    List<TransactWriteItem> writes = new ArrayList<>(List.of(headCheck));
    long bytes = 0;
    for (Map<String, AttributeValue> item : staged) {
      long size = ItemSize.of(item);
      if (writes.size() == 1 + 2 * PAIRS_PER_TRANSACTION
          || writes.size() > 1 && bytes + size > BYTES_PER_TRANSACTION) {
        Round round = promoted(ops, zone, writes);
        if (round != Round.APPLIED) {
          return round;
        }
        writes = new ArrayList<>(List.of(headCheck));
        bytes = 0;
      }
      writes.addAll(pair(ops.table(), zone, item));
      bytes += size;
    }
    return writes.size() == 1 ? Round.APPLIED : promoted(ops, zone, writes);
  }

  private static TransactWriteItem headCheck(String table, Name zone, String prefix) {
    return TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
        .key(Keys.headKey(zone)).conditionExpression("#p = :prefix")
        .expressionAttributeNames(Map.of("#p", Items.PENDING))
        .expressionAttributeValues(Map.of(":prefix", AttributeValue.fromS(prefix)))).build();
  }

  /** One promotion transaction, its head check first. */
  private static Round promoted(TableOps ops, Name zone, List<TransactWriteItem> writes) {
    Optional<TableOps.Cancelled> cancelled = ops.transactWrite("promote", zone, writes);
    if (cancelled.isEmpty()) {
      return Round.APPLIED;
    }
    if (cancelled.get().conditionFailedAt(0)) {
      return Round.SETTLED;
    }
    if (cancelled.get().passing() || cancelled.get().anyConditionFailed()) {
      return Round.CONTENDED;
    }
    throw new StoreException("table " + ops.table() + ", zone " + zone + ": promote failed: "
        + cancelled.get().cause().getMessage(), cancelled.get().cause());
  }

  /** Deletes a staged item, if it is still there, and puts or deletes the node it stands for. */
  private static List<TransactWriteItem> pair(String table, Name zone,
      Map<String, AttributeValue> staged) {
    Map<String, AttributeValue> stagedKey =
        Keys.key(staged.get(Keys.PK).s(), staged.get(Keys.SK).s());
    TransactWriteItem take = TransactWriteItem.builder().delete(d -> d.tableName(table)
        .key(stagedKey).conditionExpression("attribute_exists(#pk)")
        .expressionAttributeNames(Map.of("#pk", Keys.PK))).build();
    AttributeValue node = staged.get(Items.STAGED_NODE);
    TransactWriteItem apply = node == null
        ? TransactWriteItem.builder().delete(d -> d.tableName(table)
            .key(Keys.key(Keys.partition(zone), staged.get(Keys.SK).s()))).build()
        : TransactWriteItem.builder().put(p -> p.tableName(table).item(node.m())).build();
    return List.of(take, apply);
  }

  private static void clearMarker(TableOps ops, Name zone, String prefix) {
    ops.conditionally("promote (clear marker)", zone, () -> ops.client().updateItem(b -> b
        .tableName(ops.table()).key(Keys.headKey(zone)).updateExpression("REMOVE #p")
        .conditionExpression("#p = :prefix")
        .expressionAttributeNames(Map.of("#p", Items.PENDING))
        .expressionAttributeValues(Map.of(":prefix", AttributeValue.fromS(prefix)))));
  }
}
