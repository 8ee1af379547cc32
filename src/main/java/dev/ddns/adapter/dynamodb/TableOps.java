package dev.ddns.adapter.dynamodb;

import dev.ddns.core.port.ConcurrentChange;
import dev.ddns.core.port.StoreException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.xbill.DNS.Name;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The DynamoDB calls of {@link DynamoZoneStore} on one table: every SDK failure becomes a
 * {@link StoreException} naming the table, zone and operation. Reads of the table are strongly
 * consistent; reads of its indexes are eventually consistent, as DynamoDB allows only that.
 */
final class TableOps {
  /** BatchWriteItem takes at most 25 requests; BatchGetItem at most 100 keys. */
  static final int BATCH_WRITE = 25;
  static final int BATCH_GET = 100;
  /** Rounds of unprocessed batch items before giving up. */
  static final int BATCH_ATTEMPTS = 8;
  /** Cancellation reasons of a transaction that may succeed when tried again later. */
  private static final Set<String> PASSING = Set.of("TransactionConflict", "ThrottlingError");
  private static final String CONDITION_FAILED = "ConditionalCheckFailed";

  private final DynamoDbClient client;
  private final String table;

  TableOps(DynamoDbClient client, String table) {
    this.client = client;
    this.table = table;
  }

  String table() {
    return table;
  }

  DynamoDbClient client() {
    return client;
  }

  <T> T call(String operation, Name zone, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw failure(operation, zone, e);
    }
  }

  /**
   * True when {@code e} is DynamoDB's answer with a client error (HTTP 4xx: validation,
   * throughput): the request was not applied. A server error or a lost response says nothing.
   */
  static boolean rejected(StoreException e) {
    return e.getCause() instanceof AwsServiceException s && s.statusCode() >= 400
        && s.statusCode() < 500;
  }

  private StoreException failure(String operation, Name zone, SdkException e) {
    return new StoreException("table " + table + ", zone " + zone + ": " + operation
        + " failed: " + e.getMessage(), e);
  }

  /**
   * A write whose condition failed, mapped at the call: the item as DynamoDB saw it, when the
   * request asked for it ({@code ReturnValuesOnConditionCheckFailure}), else empty.
   */
  record ConditionFailed(Map<String, AttributeValue> item) {}

  /**
   * A transaction DynamoDB cancelled, mapped at the call: the reasons, in request order, and the
   * SDK's exception for a cancellation the caller cannot explain.
   */
  record Cancelled(List<CancellationReason> reasons, TransactionCanceledException cause) {
    static Cancelled of(TransactionCanceledException e) {
      return new Cancelled(e.hasCancellationReasons() ? e.cancellationReasons() : List.of(), e);
    }

    /**
     * True when the cancellation passes: another transaction held an item ({@code
     * TransactionConflict}), or an item or its partition was over its throughput ({@code
     * ThrottlingError}; the SDK retries throttled single-item calls itself, never a cancelled
     * transaction). Either way nothing was applied and the caller tries again after its backoff,
     * as AWS advises for both.
     */
    boolean passing() {
      return reasons.stream().anyMatch(r -> PASSING.contains(r.code()));
    }

    /** True when the condition of any item failed. */
    boolean anyConditionFailed() {
      return reasons.stream().anyMatch(r -> CONDITION_FAILED.equals(r.code()));
    }

    /** True when the condition of an item from the {@code first}th on failed. */
    boolean conditionFailedFrom(int first) {
      return reasons.stream().skip(first).anyMatch(r -> CONDITION_FAILED.equals(r.code()));
    }

    /** True when the condition of the {@code index}th item (negative: from the end) failed. */
    boolean conditionFailedAt(int index) {
      int i = index < 0 ? reasons.size() + index : index;
      return i >= 0 && i < reasons.size() && CONDITION_FAILED.equals(reasons.get(i).code());
    }
  }

  /** Runs a write with a condition: empty when it was applied, the failed condition otherwise. */
  Optional<ConditionFailed> conditionally(String operation, Name zone, Runnable write) {
    try {
      write.run();
      return Optional.empty();
    } catch (ConditionalCheckFailedException e) {
      return Optional.of(new ConditionFailed(e.hasItem() ? e.item() : Map.of()));
    } catch (SdkException e) {
      throw failure(operation, zone, e);
    }
  }

  /** One {@code TransactWriteItems}: empty when it committed, its cancellation otherwise. */
  Optional<Cancelled> transactWrite(String operation, Name zone, List<TransactWriteItem> writes) {
    try {
      client.transactWriteItems(b -> b.transactItems(writes));
      return Optional.empty();
    } catch (TransactionCanceledException e) {
      return Optional.of(Cancelled.of(e));
    } catch (SdkException e) {
      throw failure(operation, zone, e);
    }
  }

  /**
   * One {@code TransactGetItems}: a consistent view of {@code gets}, or {@link ConcurrentChange}
   * when a commit in progress (or throttling) cancelled it: the caller reads again after its
   * backoff, as after a lost commit, instead of re-reading at once into the same commit.
   */
  List<ItemResponse> transactGet(String operation, Name zone, List<TransactGetItem> gets) {
    return transactGet(operation, zone, gets, false).orElseThrow();
  }

  /**
   * One TransactGetItems, as {@link #transactGet}; empty when DynamoDB refuses it as invalid
   * ({@code ValidationException}), which is its answer to a read whose items pass the 4 MB one
   * transaction returns: the caller reads another way.
   */
  Optional<List<ItemResponse>> transactGetUnlessInvalid(String operation, Name zone,
      List<TransactGetItem> gets) {
    return transactGet(operation, zone, gets, true);
  }

  private Optional<List<ItemResponse>> transactGet(String operation, Name zone,
      List<TransactGetItem> gets, boolean invalidIsEmpty) {
    try {
      return Optional.of(client.transactGetItems(b -> b.transactItems(gets)).responses());
    } catch (TransactionCanceledException e) {
      if (Cancelled.of(e).passing()) {
        throw new ConcurrentChange("zone " + zone + " is being written: " + e.getMessage());
      }
      throw failure(operation, zone, e);
    } catch (SdkException e) {
      if (invalidIsEmpty && invalid(e)) {
        return Optional.empty();
      }
      throw failure(operation, zone, e);
    }
  }

  private static boolean invalid(SdkException e) {
    return e instanceof AwsServiceException s && s.awsErrorDetails() != null
        && "ValidationException".equals(s.awsErrorDetails().errorCode());
  }

  /** Rounds of promotion a head read finishes before it gives up on a zone that keeps them coming. */
  static final int SETTLE_ROUNDS = 8;

  /** The zone's head, settled ({@link #headItem}). */
  Optional<dev.ddns.core.model.ZoneHead> head(Name zone, String operation) {
    return headItem(zone, operation).map(Items::toHead);
  }

  /**
   * The zone's head item by a consistent GetItem, after finishing the promotion of a large commit
   * it names as pending ({@link StagedCommit#finish}): whoever reads a head sees the zone exactly
   * as that head says, never half promoted.
   */
  Optional<Map<String, AttributeValue>> headItem(Name zone, String operation) {
    for (int round = 0; round < SETTLE_ROUNDS; round++) {
      Map<String, AttributeValue> item = call(operation + " (head)", zone, () -> client.getItem(b ->
          b.tableName(table).key(Keys.headKey(zone)).consistentRead(true)).item());
      if (item == null || item.isEmpty()) {
        return Optional.empty();
      }
      Optional<String> pending = Items.pending(item);
      if (pending.isEmpty()) {
        return Optional.of(item);
      }
      StagedCommit.finish(this, zone, pending.get());
    }
    throw new StoreException("table " + table + ", zone " + zone + ": " + operation
        + ": the head named a pending commit " + SETTLE_ROUNDS + " times in a row");
  }

  /** The partition keys among {@code zones} that have a head; one BatchGetItem per 100. */
  Set<String> existingHeads(List<Name> zones, Name asked) {
    Set<String> found = new HashSet<>();
    List<Map<String, AttributeValue>> keys = zones.stream().map(Keys::headKey).distinct().toList();
    batchGet("findZone", asked, keys, "pk").forEach(item -> found.add(item.get(Keys.PK).s()));
    return found;
  }

  /**
   * The items of {@code keys} that exist, in no particular order: consistent BatchGetItems of up to
   * 100 keys, each item read serializable with transactions like a GetItem; keys left unprocessed
   * (throttled) are asked again.
   */
  List<Map<String, AttributeValue>> items(String operation, Name zone,
      List<Map<String, AttributeValue>> keys) {
    return batchGet(operation, zone, keys, null);
  }

  private List<Map<String, AttributeValue>> batchGet(String operation, Name zone,
      List<Map<String, AttributeValue>> keys, String projection) {
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += BATCH_GET) {
      KeysAndAttributes batch = KeysAndAttributes.builder().consistentRead(true)
          .keys(keys.subList(from, Math.min(keys.size(), from + BATCH_GET)))
          .projectionExpression(projection).build();
      out.addAll(batchGetAll(operation, zone, Map.of(table, batch)));
    }
    return out;
  }

  private List<Map<String, AttributeValue>> batchGetAll(String operation, Name zone,
      Map<String, KeysAndAttributes> batch) {
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    Map<String, KeysAndAttributes> pending = batch;
    for (int attempt = 0; !pending.isEmpty(); attempt++) {
      if (attempt == BATCH_ATTEMPTS) {
        throw new StoreException("table " + table + ", zone " + zone + ": " + operation
            + ": keys left unprocessed (throttled)");
      }
      Map<String, KeysAndAttributes> request = pending;
      var response = call(operation, zone, () -> client.batchGetItem(b -> b.requestItems(request)));
      out.addAll(response.responses().getOrDefault(table, List.of()));
      pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
    }
    return out;
  }

  /**
   * A consistent Query of the zone's partition, pages of {@code pageSize}, handing items to
   * {@code more} until it returns false or the range ends. The key condition may use {@code #pk},
   * {@code #sk} and {@code :pk}.
   */
  void query(Name zone, String operation, String keyCondition, int pageSize,
      Map<String, AttributeValue> values, Predicate<Map<String, AttributeValue>> more) {
    query(Keys.partition(zone), zone, operation, keyCondition, pageSize, values, more);
  }

  /** {@link #query} of the partition {@code pk}, an item collection of {@code zone}'s. */
  void query(String pk, Name zone, String operation, String keyCondition, int pageSize,
      Map<String, AttributeValue> values, Predicate<Map<String, AttributeValue>> more) {
    Map<String, AttributeValue> all = new HashMap<>(values);
    all.put(":pk", AttributeValue.fromS(pk));
    QueryRequest.Builder request = QueryRequest.builder().tableName(table)
        .keyConditionExpression(keyCondition).consistentRead(true).limit(Math.max(1, pageSize))
        .expressionAttributeNames(keyCondition.contains("#sk")
            ? Map.of("#pk", Keys.PK, "#sk", Keys.SK) : Map.of("#pk", Keys.PK))
        .expressionAttributeValues(all);
    Map<String, AttributeValue> start = null;
    do {
      request.exclusiveStartKey(start);
      QueryRequest page = request.build();
      QueryResponse response = call(operation, zone, () -> client.query(page));
      for (Map<String, AttributeValue> item : response.items()) {
        if (!more.test(item)) {
          return;
        }
      }
      start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
          ? response.lastEvaluatedKey() : null;
    } while (start != null);
  }

  /** Batch writes in flight at once when a zone is created or a large commit staged. */
  static final int PARALLEL_BATCHES = 8;

  /**
   * Writes {@code values} as items, 25 to a BatchWriteItem and {@value #PARALLEL_BATCHES} batches
   * at a time; {@code progress} hears the running total, rising, one call at a time.
   */
  <T> void batchPut(Name zone, String operation, List<T> values,
      Function<T, Map<String, AttributeValue>> toItem, LongConsumer progress) {
    ExecutorService writers = Executors.newFixedThreadPool(PARALLEL_BATCHES);
    AtomicLong written = new AtomicLong();
    try {
      List<Future<?>> pending = new ArrayList<>();
      for (int from = 0; from < values.size(); from += BATCH_WRITE) {
        List<T> slice = values.subList(from, Math.min(values.size(), from + BATCH_WRITE));
        pending.add(writers.submit(() -> {
          batchWrite(zone, operation, slice.stream().map(v -> WriteRequest.builder()
              .putRequest(p -> p.item(toItem.apply(v))).build()).toList());
          synchronized (written) {
            progress.accept(written.addAndGet(slice.size()));
          }
        }));
      }
      awaitAll(pending);
    } finally {
      writers.shutdownNow();
    }
  }

  /**
   * Waits for every batch, even after one failed, so that no write is still in flight when the
   * caller cleans up after the failure; then throws the first failure.
   */
  private static void awaitAll(List<Future<?>> pending) {
    RuntimeException first = null;
    for (Future<?> f : pending) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted while writing a zone", e);
      } catch (ExecutionException e) {
        if (first == null) {
          first = e.getCause() instanceof RuntimeException r ? r
              : new StoreException("writing a zone failed", e.getCause());
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** Deletes every item of the zone's partition, in batches of 25. */
  void deletePartition(Name zone) {
    List<WriteRequest> batch = new ArrayList<>();
    query(zone, "delete", "#pk = :pk", 1000, Map.of(), item -> {
      Map<String, AttributeValue> key = Keys.key(item.get(Keys.PK).s(), item.get(Keys.SK).s());
      batch.add(WriteRequest.builder().deleteRequest(d -> d.key(key)).build());
      if (batch.size() == BATCH_WRITE) {
        batchWrite(zone, "delete", List.copyOf(batch));
        batch.clear();
      }
      return true;
    });
    if (!batch.isEmpty()) {
      batchWrite(zone, "delete", batch);
    }
  }

  /** Deletes the items of {@code keys}, 25 to a BatchWriteItem. */
  void deleteItems(Name zone, String operation, List<Map<String, AttributeValue>> keys) {
    for (int from = 0; from < keys.size(); from += BATCH_WRITE) {
      batchWrite(zone, operation, keys.subList(from, Math.min(keys.size(), from + BATCH_WRITE))
          .stream().map(key -> WriteRequest.builder().deleteRequest(d -> d.key(key)).build())
          .toList());
    }
  }

  /**
   * One BatchWriteItem, resending unprocessed items with exponential backoff; a batch throttled
   * whole (none processed: the SDK throws after its own retries) is resent the same way.
   */
  private void batchWrite(Name zone, String operation, List<WriteRequest> requests) {
    Map<String, List<WriteRequest>> pending = Map.of(table, requests);
    for (int attempt = 0; !pending.isEmpty(); attempt++) {
      if (attempt == BATCH_ATTEMPTS) {
        throw new StoreException("table " + table + ", zone " + zone + ": " + operation
            + ": items left unprocessed after " + BATCH_ATTEMPTS + " attempts (throttled)");
      }
      backoff(attempt);
      Map<String, List<WriteRequest>> request = pending;
      try {
        BatchWriteItemResponse response = client.batchWriteItem(b -> b.requestItems(request));
        pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
      } catch (ProvisionedThroughputExceededException e) {
        pending = request;
      } catch (SdkException e) {
        throw failure(operation, zone, e);
      }
    }
  }

  /** Sleeps before attempt {@code attempt} (none before the first): 50 ms doubling, 2 s at most. */
  static void backoff(int attempt) {
    if (attempt == 0) {
      return;
    }
    try {
      Thread.sleep(Math.min(2_000L, 25L << attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while writing a batch", e);
    }
  }

  /**
   * An eventually consistent Query of the global secondary index {@code index} (index queries
   * cannot be consistent), from {@code start} (null for the beginning), handing entries to {@code
   * more} until it returns false or the range ends. The caller's request carries the key condition,
   * names, values and limit.
   */
  void queryIndex(Name zone, String operation, String index, QueryRequest.Builder request,
      Map<String, AttributeValue> start, Predicate<Map<String, AttributeValue>> more) {
    request.tableName(table).indexName(index).consistentRead(false);
    Map<String, AttributeValue> from = start;
    do {
      QueryRequest page = request.exclusiveStartKey(from).build();
      QueryResponse response = call(operation, zone, () -> client.query(page));
      for (Map<String, AttributeValue> item : response.items()) {
        if (!more.test(item)) {
          return;
        }
      }
      from = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
          ? response.lastEvaluatedKey() : null;
    } while (from != null);
  }
}
