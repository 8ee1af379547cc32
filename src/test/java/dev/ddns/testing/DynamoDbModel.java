package dev.ddns.testing;

import dev.ddns.adapter.dynamodb.ItemSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * DynamoDB as it behaves in AWS, over DynamoDB Local (which runs requests one at a time, takes no
 * time and never reports a conflict): latency per operation, transaction conflicts and throttling
 * (docs/BENCHMARKS.md, "The commit protocol under the DynamoDB model"). Every request is still
 * applied by the delegate, so conditions and the final state are DynamoDB Local's.
 *
 * <p>Transaction conflicts follow the Developer Guide ("Amazon DynamoDB Transactions: How it
 * works", section "Transaction conflict handling"): a {@code TransactWriteItems} holds its items
 * from its prepare phase to its commit; another {@code TransactWriteItems} on a held item is
 * cancelled with {@code TransactionConflict}, a {@code PutItem}, {@code UpdateItem} or {@code
 * DeleteItem} on it fails with {@code TransactionConflictException}, and a {@code
 * TransactGetItems} that reads an item any write in flight holds is cancelled with {@code
 * TransactionConflict}. A condition is evaluated when the write applies, so it sees every write
 * committed before it. Not modelled: conflicts of {@code BatchWriteItem} items (bulk loads only),
 * and SDK retries of a {@code TransactionConflictException}. Throttled
 * single-item requests are retried as the SDK retries them; cancelled transactions are not (the
 * SDK does not retry them either).
 *
 * <p>Throttling: capacity units by the billing rules (a write 1 unit per KB of the item written,
 * updates and deletes 1; reads 1 per 4 KB, half for eventually consistent reads; both doubled in
 * transactions, which write every item twice: the prepare half is spent when a transaction
 * arrives, the commit half when it commits, so a transaction cancelled for a conflict costs the
 * prepare half; the Developer Guide does not say what a cancelled transaction consumes), spent
 * per item and per partition over the last second (a partition key, or with {@link
 * Profile#splitAfter} a key range of one that split for heat: {@link PartitionMap}) against
 * {@link Profile#itemWriteUnits} and {@link Profile#partitionWriteUnits} ({@link
 * Profile#partitionReadUnits} for reads). A throttled transaction is cancelled with {@code
 * ThrottlingError}; a throttled single-item request fails with {@code
 * ProvisionedThroughputExceededException}. A {@code BatchWriteItem} spends each put or delete as
 * a single-item write and returns the throttled ones in {@code UnprocessedItems}; a {@code Query}
 * is charged to its partition after it is served, by the size of what it returned. Key
 * attributes are the zone table's ({@code pk}, {@code sk}).
 */
public final class DynamoDbModel extends ForwardingDynamoDb {
  private static final String PK = "pk";
  private static final String SK = "sk";
  private static final double WRITE_UNIT_BYTES = 1024;
  private static final double READ_UNIT_BYTES = 4096;
  static final int SDK_ATTEMPTS = 9;
  private static final Duration SDK_BASE_DELAY = Duration.ofMillis(25);

  /**
   * Latencies and limits. Latency includes {@code network}, the round trip to the service; the
   * rest is service time, during which a write holds its items.
   *
   * @param item GetItem, PutItem, UpdateItem, DeleteItem
   * @param query Query, Scan, BatchGetItem, BatchWriteItem
   * @param transactGet TransactGetItems
   * @param transactWrite TransactWriteItems
   * @param network the part of every latency spent on the way there and back
   * @param itemWriteUnits write units one item takes per second
   * @param partitionWriteUnits write units one partition takes per second
   * @param partitionReadUnits read units one partition takes per second
   * @param splitAfter with split for heat, how long a partition is hot (at least {@value
   *     #HOT_SHARE} of its write units a second) before it splits ({@link PartitionMap}); empty:
   *     a partition key stays on one partition, the worst case
   */
  public record Profile(Latency item, Latency query, Latency transactGet, Latency transactWrite,
      Duration network, double itemWriteUnits, double partitionWriteUnits,
      double partitionReadUnits, Optional<Duration> splitAfter) {
    /** The share of its write units a second at which a partition counts as hot. */
    public static final double HOT_SHARE = 0.8;

    /**
     * AWS in one region, as published: "single-digit millisecond" latency for item operations
     * (DynamoDB Developer Guide, "What is Amazon DynamoDB?"): a median of 3 ms, 99th percentile
     * 9 ms; transactions do two underlying reads or writes of every item, one to prepare and one
     * to commit ("Capacity management for transactions"), so twice that less one round trip:
     * reads 5 / 12 ms, writes 8 / 20 ms; 1 ms of each is the round trip inside the region. Per
     * partition 1,000 write units and 3,000 read units a second, and 1,000 write units a second
     * per item ("Burst and adaptive capacity": the most one partition, or one item, takes).
     */
    public static Profile aws() {
      return new Profile(Latency.millis(3, 9), Latency.millis(4, 12), Latency.millis(5, 12),
          Latency.millis(8, 20), Duration.ofMillis(1), 1_000, 1_000, 3_000, Optional.empty());
    }

    /** No latency and no throttling: conflicts only, for requests a test overlaps itself. */
    public static Profile conflictsOnly() {
      return new Profile(Latency.NONE, Latency.NONE, Latency.NONE, Latency.NONE, Duration.ZERO,
          Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Optional.empty());
    }

    public Profile withTransactWrite(Latency latency) {
      return new Profile(item, query, transactGet, latency, network, itemWriteUnits,
          partitionWriteUnits, partitionReadUnits, splitAfter);
    }

    public Profile withLimits(double itemWrites, double partitionWrites, double partitionReads) {
      return new Profile(item, query, transactGet, transactWrite, network, itemWrites,
          partitionWrites, partitionReads, splitAfter);
    }

    /** This profile with split for heat after a partition was hot for {@code after}. */
    public Profile withSplitForHeat(Duration after) {
      return new Profile(item, query, transactGet, transactWrite, network, itemWriteUnits,
          partitionWriteUnits, partitionReadUnits, Optional.of(after));
    }
  }

  /** How the model waits out a latency; tests replace it to hold a request at a phase. */
  @FunctionalInterface
  public interface Pause {
    /** Waits {@code d} in {@code phase} ("TransactWriteItems service" and the like). */
    void pause(String phase, Duration d);

    Pause SLEEP = (phase, d) -> {
      long end = System.nanoTime() + d.toNanos();
      for (long left = d.toNanos(); left > 0; left = end - System.nanoTime()) {
        LockSupport.parkNanos(left);
      }
    };
  }

  /**
   * Requests and refusals since the model was made.
   *
   * @param transactWrites TransactWriteItems requests
   * @param transactGets TransactGetItems requests
   * @param writeConflicts TransactWriteItems cancelled for a conflict
   * @param readConflicts TransactGetItems cancelled for a conflict
   * @param itemWriteConflicts single-item writes refused for a conflict
   * @param conditionsFailed TransactWriteItems cancelled by a failed condition
   * @param writesThrottled writes refused for capacity
   * @param readsThrottled reads refused for capacity
   * @param partitionSplits partitions split for heat
   */
  public record Counts(long transactWrites, long transactGets, long writeConflicts,
      long readConflicts, long itemWriteConflicts, long conditionsFailed, long writesThrottled,
      long readsThrottled, long partitionSplits) {
    /** What happened since {@code earlier}, but the splits: every one so far, as they stay. */
    public Counts minus(Counts earlier) {
      return new Counts(transactWrites - earlier.transactWrites,
          transactGets - earlier.transactGets, writeConflicts - earlier.writeConflicts,
          readConflicts - earlier.readConflicts, itemWriteConflicts - earlier.itemWriteConflicts,
          conditionsFailed - earlier.conditionsFailed, writesThrottled - earlier.writesThrottled,
          readsThrottled - earlier.readsThrottled, partitionSplits);
    }
  }

  private final Profile profile;
  private final RandomGenerator random;
  private final Pause pause;
  private final ItemHolds holds = new ItemHolds();
  private final UnitWindow itemWrites;
  private final UnitWindow partitionWrites;
  private final UnitWindow partitionReads;
  private final PartitionMap partitions;
  private final AtomicLong transactWrites = new AtomicLong();
  private final AtomicLong transactGets = new AtomicLong();
  private final AtomicLong conditionsFailed = new AtomicLong();
  private final AtomicLong writeConflicts = new AtomicLong();
  private final AtomicLong readConflicts = new AtomicLong();
  private final AtomicLong itemWriteConflicts = new AtomicLong();
  private final AtomicLong writesThrottled = new AtomicLong();
  private final AtomicLong readsThrottled = new AtomicLong();

  /** {@code random} must be safe for concurrent use, as {@link Random} is. */
  public DynamoDbModel(DynamoDbClient delegate, Profile profile, RandomGenerator random,
      Pause pause) {
    super(delegate);
    this.profile = profile;
    this.random = random;
    this.pause = pause;
    this.itemWrites = new UnitWindow(profile.itemWriteUnits());
    this.partitionWrites = new UnitWindow(profile.partitionWriteUnits());
    this.partitionReads = new UnitWindow(profile.partitionReadUnits());
    this.partitions = new PartitionMap(profile.splitAfter(),
        Profile.HOT_SHARE * profile.partitionWriteUnits());
  }

  /** Latencies drawn from a {@link Random} seeded with {@code seed}; real sleeps. */
  public DynamoDbModel(DynamoDbClient delegate, Profile profile, long seed) {
    this(delegate, profile, new Random(seed), Pause.SLEEP);
  }

  /** The partition holding the item {@code pk}, {@code sk} now, with {@code /} between parts. */
  String partitionOf(String table, String pk, String sk) {
    return partition(table + '\u0000' + pk + '\u0000' + sk).replace('\u0000', '/');
  }

  public Counts counts() {
    return new Counts(transactWrites.get(), transactGets.get(), writeConflicts.get(),
        readConflicts.get(), itemWriteConflicts.get(), conditionsFailed.get(), writesThrottled.get(),
        readsThrottled.get(), partitions.splits());
  }

  // transactions

  @Override
  public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest r) {
    List<String> keys = new ArrayList<>();
    Map<String, Double> units = new LinkedHashMap<>();
    for (TransactWriteItem w : r.transactItems()) {
      Written written = written(w);
      keys.add(written.key());
      units.merge(written.key(), written.units(), Double::sum);
    }
    transactWrites.incrementAndGet();
    Duration latency = profile.transactWrite().sample(random);
    travel("TransactWriteItems request");
    String throttledKey = spendWrites(units);
    if (throttledKey != null) {
      throw refused("TransactWriteItems", latency, cancelled("ThrottlingError",
          List.of(keys.indexOf(throttledKey)), keys.size(),
          "Throughput exceeds the current capacity for one or more items"));
    }
    List<Integer> conflicts = holds.holdForTransaction(keys);
    if (!conflicts.isEmpty()) {
      writeConflicts.incrementAndGet();
      throw refused("TransactWriteItems", latency, cancelled("TransactionConflict", conflicts,
          keys.size(), "Transaction is ongoing for the item"));
    }
    TransactWriteItemsResponse response;
    try {
      response = serve("TransactWriteItems", latency, () -> delegate.transactWriteItems(r));
      chargeWrites(units);
    } catch (TransactionCanceledException e) {
      conditionsFailed.incrementAndGet();
      throw e;
    } finally {
      holds.releaseTransaction(keys);
    }
    travel("TransactWriteItems response");
    return response;
  }

  @Override
  public TransactGetItemsResponse transactGetItems(TransactGetItemsRequest r) {
    List<String> keys = new ArrayList<>();
    Map<String, Double> units = new LinkedHashMap<>();
    for (TransactGetItem g : r.transactItems()) {
      String key = itemKey(g.get().tableName(), g.get().key());
      keys.add(key);
      units.merge(partition(key), 2.0, Double::sum);
    }
    transactGets.incrementAndGet();
    Duration latency = profile.transactGet().sample(random);
    travel("TransactGetItems request");
    String throttledKey = spendReads(units);
    if (throttledKey != null) {
      throw refused("TransactGetItems", latency, cancelled("ThrottlingError", List.of(0),
          keys.size(), "Throughput exceeds the current capacity of partition " + throttledKey));
    }
    List<Integer> conflicts = holds.heldByWrites(keys);
    if (!conflicts.isEmpty()) {
      readConflicts.incrementAndGet();
      throw refused("TransactGetItems", latency, cancelled("TransactionConflict", conflicts,
          keys.size(), "Transaction is ongoing for the item"));
    }
    TransactGetItemsResponse response =
        serve("TransactGetItems", latency, () -> delegate.transactGetItems(r));
    travel("TransactGetItems response");
    return response;
  }

  // single-item writes

  @Override
  public PutItemResponse putItem(PutItemRequest r) {
    String key = itemKey(r.tableName(), r.item());
    return itemWrite("PutItem", key, units(r.item()), () -> delegate.putItem(r));
  }

  @Override
  public UpdateItemResponse updateItem(UpdateItemRequest r) {
    return itemWrite("UpdateItem", itemKey(r.tableName(), r.key()), 1,
        () -> delegate.updateItem(r));
  }

  @Override
  public DeleteItemResponse deleteItem(DeleteItemRequest r) {
    return itemWrite("DeleteItem", itemKey(r.tableName(), r.key()), 1,
        () -> delegate.deleteItem(r));
  }

  private <T> T itemWrite(String operation, String key, double units, Supplier<T> call) {
    return withSdkRetries(operation, () -> itemWriteOnce(operation, key, units, call));
  }

  private <T> T itemWriteOnce(String operation, String key, double units, Supplier<T> call) {
    Duration latency = profile.item().sample(random);
    travel(operation + " request");
    if (spendWrites(Map.of(key, units)) != null) {
      throw refused(operation, latency, throughputExceeded(operation, key));
    }
    if (!holds.holdForItemWrite(key)) {
      itemWriteConflicts.incrementAndGet();
      throw refused(operation, latency, TransactionConflictException.builder()
          .message("Transaction is ongoing for the item").build());
    }
    T response;
    try {
      response = serve(operation, latency, call);
    } finally {
      holds.releaseItemWrite(key);
    }
    travel(operation + " response");
    return response;
  }

  // other operations: latency and capacity only

  @Override
  public GetItemResponse getItem(GetItemRequest r) {
    String key = itemKey(r.tableName(), r.key());
    double units = Boolean.TRUE.equals(r.consistentRead()) ? 1 : 0.5;
    return read("GetItem", profile.item(), Map.of(partition(key), units),
        () -> delegate.getItem(r));
  }

  /**
   * A Query is billed for what it returns: the sizes of all items added up, rounded up to 4 KB,
   * one unit per 4 KB consistent and half eventually consistent, at least that one unit. Its
   * size is known only from the answer, so it is charged to its partition after it was served.
   */
  @Override
  public QueryResponse query(QueryRequest r) {
    QueryResponse response = read("Query", profile.query(), Map.of(), () -> delegate.query(r));
    long bytes = response.items().stream().mapToLong(ItemSize::of).sum();
    double units = Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES))
        * (Boolean.TRUE.equals(r.consistentRead()) ? 1 : 0.5);
    String partition = r.indexName() == null && !response.items().isEmpty()
        ? partition(itemKey(r.tableName(), response.items().get(0)))
        : r.tableName() + '\u0000' + r.indexName();
    synchronized (this) {
      partitionReads.charge(Map.of(partition, units), System.nanoTime());
    }
    return response;
  }

  @Override
  public ScanResponse scan(ScanRequest r) {
    return read("Scan", profile.query(), Map.of(), () -> delegate.scan(r));
  }

  @Override
  public BatchGetItemResponse batchGetItem(BatchGetItemRequest r) {
    Map<String, Double> units = new HashMap<>();
    r.requestItems().forEach((table, batch) -> batch.keys().forEach(key -> units.merge(
        partition(itemKey(table, key)), Boolean.TRUE.equals(batch.consistentRead()) ? 1 : 0.5,
        Double::sum)));
    return read("BatchGetItem", profile.query(), units, () -> delegate.batchGetItem(r));
  }

  /**
   * Each put or delete of a batch is a single-item write with its own units (a put by its size,
   * a delete one unit): the ones over a limit come back in {@code UnprocessedItems}, and a batch
   * with none admitted is refused with ProvisionedThroughputExceeded, which the SDK retries.
   */
  @Override
  public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest r) {
    return withSdkRetries("BatchWriteItem", () -> batchWriteOnce(r));
  }

  private BatchWriteItemResponse batchWriteOnce(BatchWriteItemRequest r) {
    Duration latency = profile.query().sample(random);
    travel("BatchWriteItem request");
    Map<String, List<WriteRequest>> admitted = new LinkedHashMap<>();
    Map<String, List<WriteRequest>> throttled = new LinkedHashMap<>();
    String firstThrottled = null;
    for (Map.Entry<String, List<WriteRequest>> batch : r.requestItems().entrySet()) {
      for (WriteRequest w : batch.getValue()) {
        String key = itemKey(batch.getKey(), w.putRequest() != null ? w.putRequest().item()
            : w.deleteRequest().key());
        double units = w.putRequest() != null ? units(w.putRequest().item()) : 1;
        boolean refused = spendWrites(Map.of(key, units)) != null;
        if (refused && firstThrottled == null) {
          firstThrottled = key;
        }
        (refused ? throttled : admitted).computeIfAbsent(batch.getKey(), t -> new ArrayList<>())
            .add(w);
      }
    }
    if (admitted.isEmpty()) {
      throw refused("BatchWriteItem", latency, throughputExceeded("BatchWriteItem",
          firstThrottled));
    }
    BatchWriteItemResponse response = serve("BatchWriteItem", latency,
        () -> delegate.batchWriteItem(r.toBuilder().requestItems(admitted).build()));
    travel("BatchWriteItem response");
    Map<String, List<WriteRequest>> unprocessed = new LinkedHashMap<>(throttled);
    response.unprocessedItems().forEach((table, writes) -> unprocessed
        .computeIfAbsent(table, t -> new ArrayList<>()).addAll(writes));
    return response.toBuilder().unprocessedItems(unprocessed).build();
  }

  private <T> T read(String operation, Latency distribution, Map<String, Double> units,
      Supplier<T> call) {
    return withSdkRetries(operation, () -> readOnce(operation, distribution, units, call));
  }

  private <T> T readOnce(String operation, Latency distribution, Map<String, Double> units,
      Supplier<T> call) {
    Duration latency = distribution.sample(random);
    travel(operation + " request");
    String throttledKey = spendReads(units);
    if (throttledKey != null) {
      throw refused(operation, latency, throughputExceeded(operation, throttledKey));
    }
    T response = serve(operation, latency, call);
    travel(operation + " response");
    return response;
  }

  /**
   * The SDK's retries of a throttled single-item request: {@value #SDK_ATTEMPTS} attempts in all
   * (the SDK's DynamoDB retry policy in its default, legacy, mode), waiting a random time below
   * 25 ms doubled per retry in between. Transactions are not retried by the SDK.
   */
  private <T> T withSdkRetries(String operation, Supplier<T> attempt) {
    for (int n = 1; ; n++) {
      try {
        return attempt.get();
      } catch (ProvisionedThroughputExceededException e) {
        if (n >= SDK_ATTEMPTS) {
          throw e;
        }
        long capNanos = SDK_BASE_DELAY.toNanos() << (n - 1);
        pause.pause(operation + " SDK backoff",
            Duration.ofNanos((long) (random.nextDouble() * capNanos)));
      }
    }
  }

  // capacity

  private String spendWrites(Map<String, Double> itemUnits) {
    Map<String, Double> byPartition = byPartition(itemUnits);
    long now = System.nanoTime();
    synchronized (this) {
      String item = itemWrites.spend(itemUnits, now);
      String part = item == null ? partitionWrites.spend(byPartition, now) : null;
      if (item == null && part == null) {
        itemUnits.keySet().forEach(partitions::wrote);
      }
      heat(itemUnits, now);
      if (item != null || part != null) {
        writesThrottled.incrementAndGet();
        return item != null ? item : itemUnits.keySet().stream()
            .filter(k -> partition(k).equals(part)).findFirst().orElseThrow();
      }
      return null;
    }
  }

  /** The commit phase's units of a transaction that committed: spent whatever the window holds. */
  private void chargeWrites(Map<String, Double> itemUnits) {
    Map<String, Double> byPartition = byPartition(itemUnits);
    long now = System.nanoTime();
    synchronized (this) {
      itemWrites.charge(itemUnits, now);
      partitionWrites.charge(byPartition, now);
    }
  }

  /** Tells the partition map what the partitions written took in the last second. */
  private void heat(Map<String, Double> itemUnits, long now) {
    Map<String, String> keyOf = new LinkedHashMap<>();
    itemUnits.keySet().forEach(key -> keyOf.putIfAbsent(partition(key), key));
    keyOf.forEach((part, key) -> partitions.load(key, partitionWrites.used(part, now), now));
  }

  private Map<String, Double> byPartition(Map<String, Double> itemUnits) {
    Map<String, Double> units = new LinkedHashMap<>();
    itemUnits.forEach((key, u) -> units.merge(partition(key), u, Double::sum));
    return units;
  }

  private String spendReads(Map<String, Double> partitionUnits) {
    if (partitionUnits.isEmpty()) {
      return null;
    }
    String refused = partitionReads.spend(partitionUnits, System.nanoTime());
    if (refused != null) {
      readsThrottled.incrementAndGet();
    }
    return refused;
  }

  private record Written(String key, double units) {}

  private static Written written(TransactWriteItem w) {
    if (w.put() != null) {
      return new Written(itemKey(w.put().tableName(), w.put().item()), units(w.put().item()));
    }
    if (w.update() != null) {
      return new Written(itemKey(w.update().tableName(), w.update().key()), 1);
    }
    if (w.delete() != null) {
      return new Written(itemKey(w.delete().tableName(), w.delete().key()), 1);
    }
    return new Written(itemKey(w.conditionCheck().tableName(), w.conditionCheck().key()), 0.5);
  }

  private static double units(Map<String, AttributeValue> item) {
    return Math.max(1, Math.ceil(ItemSize.of(item) / WRITE_UNIT_BYTES));
  }

  // keys, time and errors

  private static String itemKey(String table, Map<String, AttributeValue> item) {
    return table + '\u0000' + text(item.get(PK)) + '\u0000' + text(item.get(SK));
  }

  private String partition(String itemKey) {
    return partitions.partition(itemKey);
  }

  private static String text(AttributeValue v) {
    if (v == null) {
      return "";
    }
    if (v.s() != null) {
      return v.s();
    }
    if (v.n() != null) {
      return v.n();
    }
    return v.b() == null ? v.toString() : Base64.getEncoder().encodeToString(v.b().asByteArray());
  }

  /**
   * Runs {@code call} on DynamoDB Local and waits out the rest of the service time: DynamoDB
   * Local's own time counts as part of it, so a request takes the model's latency, or Local's
   * time when that is longer.
   */
  private <T> T serve(String operation, Duration latency, Supplier<T> call) {
    long start = System.nanoTime();
    try {
      return call.get();
    } finally {
      Duration rest = latency.minus(profile.network()).minusNanos(System.nanoTime() - start);
      pause.pause(operation + " service", rest.isNegative() ? Duration.ZERO : rest);
    }
  }

  /** {@code e}, after the service time and the way back: a refusal takes a round trip too. */
  private RuntimeException refused(String operation, Duration latency, RuntimeException e) {
    serve(operation, latency, () -> null);
    travel(operation + " response");
    return e;
  }

  private void travel(String phase) {
    pause.pause(phase, profile.network().dividedBy(2));
  }

  private static TransactionCanceledException cancelled(String code, List<Integer> positions,
      int size, String message) {
    List<CancellationReason> reasons = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      boolean hit = positions.contains(i);
      reasons.add(hit ? CancellationReason.builder().code(code).message(message).build()
          : CancellationReason.builder().code("None").build());
      codes.add(hit ? code : "None");
    }
    return TransactionCanceledException.builder()
        .message("Transaction cancelled, please refer cancellation reasons for specific reasons "
            + codes)
        .cancellationReasons(reasons).build();
  }

  private static ProvisionedThroughputExceededException throughputExceeded(String operation,
      String key) {
    return ProvisionedThroughputExceededException.builder().message(operation + ": the level of "
        + "configured provisioned throughput for the table was exceeded at "
        + key.replace('\u0000', '/')).build();
  }
}
