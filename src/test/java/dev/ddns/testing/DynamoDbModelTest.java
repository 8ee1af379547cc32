package dev.ddns.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.dynamodb.DynamoDbLocal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The DynamoDB model's semantics, each against DynamoDB Local: which requests conflict with a
 * {@code TransactWriteItems} in flight (held at its service phase by a gate, so the overlap is
 * exact), that conditions see committed writes, throttling per item and per partition, and the
 * latency distribution.
 */
class DynamoDbModelTest {
  private final DynamoDbClient local = DynamoDbLocal.client();
  private final String table = DynamoDbLocal.newTable();

  /** Holds the first request that reaches {@code phase} until released. */
  static final class Gate implements DynamoDbModel.Pause {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final String phase;
    private boolean used;

    Gate(String phase) {
      this.phase = phase;
    }

    @Override
    public void pause(String p, Duration d) {
      boolean hold;
      synchronized (this) {
        hold = !used && p.equals(phase);
        used |= hold;
      }
      if (hold) {
        entered.countDown();
        await(release);
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS), "gate not reached");
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private DynamoDbModel model(DynamoDbModel.Profile profile, DynamoDbModel.Pause pause) {
    return new DynamoDbModel(local, profile, new Random(1), pause);
  }

  private Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
  }

  private TransactWriteItem put(String pk, String sk, String value) {
    return TransactWriteItem.builder().put(p -> p.tableName(table).item(Map.of(
        "pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk),
        "v", AttributeValue.fromS(value)))).build();
  }

  private String value(String pk, String sk) {
    var item = local.getItem(b -> b.tableName(table).key(key(pk, sk)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? null : item.get("v").s();
  }

  /** A request made while a TransactWriteItems of Z#a/HEAD and Z#a/N#1 is in flight. */
  record Overlap(String name, Consumer<DynamoDbModelTest> request, boolean conflicts,
      List<String> reasons) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> overlaps() {
    List<String> none = List.of();
    return Stream.of(
        new Overlap("TransactWriteItems on a held item", t -> t.transactWrite(
            t.put("Z#a", "HEAD", "2"), t.put("Z#a", "N#2", "x")), true,
            List.of("TransactionConflict", "None")),
        new Overlap("TransactWriteItems on other items of the partition", t -> t.transactWrite(
            t.put("Z#a", "N#3", "y"), t.put("Z#a", "J#2", "z")), false, none),
        new Overlap("PutItem of a held item", t -> t.local(m -> m.putItem(b -> b.tableName(t.table)
            .item(Map.of("pk", AttributeValue.fromS("Z#a"), "sk", AttributeValue.fromS("N#1"),
                "v", AttributeValue.fromS("p"))))), true, none),
        new Overlap("DeleteItem of a held item", t -> t.local(m -> m.deleteItem(b -> b
            .tableName(t.table).key(t.key("Z#a", "HEAD")))), true, none),
        new Overlap("PutItem of another item", t -> t.local(m -> m.putItem(b -> b
            .tableName(t.table).item(Map.of("pk", AttributeValue.fromS("Z#a"),
                "sk", AttributeValue.fromS("N#9"), "v", AttributeValue.fromS("q"))))), false, none),
        new Overlap("TransactGetItems of a held item", t -> t.transactGet(
            t.key("Z#b", "HEAD"), t.key("Z#a", "N#1")), true,
            List.of("None", "TransactionConflict")),
        new Overlap("TransactGetItems of other items", t -> t.transactGet(
            t.key("Z#a", "N#4"), t.key("Z#b", "HEAD")), false, none),
        new Overlap("GetItem of a held item", t -> t.local(m -> m.getItem(b -> b
            .tableName(t.table).key(t.key("Z#a", "HEAD")).consistentRead(true))), false, none)
    ).map(Arguments::of);
  }

  private DynamoDbModel current;

  private void local(Consumer<DynamoDbClient> call) {
    call.accept(current);
  }

  private void transactWrite(TransactWriteItem... items) {
    current.transactWriteItems(b -> b.transactItems(items));
  }

  @SafeVarargs
  private void transactGet(Map<String, AttributeValue>... keys) {
    List<TransactGetItem> gets = new ArrayList<>();
    for (var k : keys) {
      gets.add(TransactGetItem.builder().get(g -> g.tableName(table).key(k)).build());
    }
    current.transactGetItems(b -> b.transactItems(gets));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlaps")
  void aRequestOverlappingAWriteInFlight(Overlap overlap) {
    Gate gate = new Gate("TransactWriteItems service");
    current = model(DynamoDbModel.Profile.conflictsOnly(), gate);
    CompletableFuture<Void> first = CompletableFuture.runAsync(() -> transactWrite(
        put("Z#a", "HEAD", "1"), put("Z#a", "N#1", "a")));
    await(gate.entered);
    try {
      if (overlap.conflicts()) {
        RuntimeException e = assertThrows(RuntimeException.class,
            () -> overlap.request().accept(this));
        if (overlap.reasons().isEmpty()) {
          assertTrue(e instanceof TransactionConflictException, e.toString());
        } else {
          TransactionCanceledException c = (TransactionCanceledException) e;
          assertEquals(overlap.reasons(),
              c.cancellationReasons().stream().map(CancellationReason::code).toList());
        }
      } else {
        overlap.request().accept(this);
      }
    } finally {
      gate.release.countDown();
    }
    first.join();
    assertEquals("1", value("Z#a", "HEAD"), "the write in flight committed");
    DynamoDbModel.Counts counts = current.counts();
    assertEquals(overlap.conflicts() ? 1 : 0, counts.writeConflicts() + counts.readConflicts()
        + counts.itemWriteConflicts(), counts.toString());
  }

  @Test
  void aConflictedTransactionWritesNothingAndSucceedsOnceTheHolderCommitted() {
    Gate gate = new Gate("TransactWriteItems service");
    current = model(DynamoDbModel.Profile.conflictsOnly(), gate);
    CompletableFuture<Void> first = CompletableFuture.runAsync(() -> transactWrite(
        put("Z#c", "HEAD", "1")));
    await(gate.entered);
    assertThrows(TransactionCanceledException.class, () -> transactWrite(
        put("Z#c", "N#1", "n"), put("Z#c", "HEAD", "2")));
    gate.release.countDown();
    first.join();
    assertEquals(null, value("Z#c", "N#1"), "nothing of the cancelled transaction");
    transactWrite(put("Z#c", "N#1", "n"), put("Z#c", "HEAD", "2"));
    assertEquals("2", value("Z#c", "HEAD"));
  }

  /** Two writers read version 1; the second's condition sees the first's commit. */
  @Test
  void aConditionSeesTheWriteCommittedBeforeIt() {
    current = model(DynamoDbModel.Profile.conflictsOnly(), DynamoDbModel.Pause.SLEEP);
    transactWrite(put("Z#d", "HEAD", "1"));
    TransactWriteItem expectOne = TransactWriteItem.builder().update(u -> u.tableName(table)
        .key(key("Z#d", "HEAD")).updateExpression("SET v = :n").conditionExpression("v = :one")
        .expressionAttributeValues(Map.of(":n", AttributeValue.fromS("2"),
            ":one", AttributeValue.fromS("1")))).build();
    transactWrite(expectOne);
    TransactionCanceledException lost = assertThrows(TransactionCanceledException.class,
        () -> transactWrite(expectOne));
    assertEquals("ConditionalCheckFailed", lost.cancellationReasons().get(0).code());
  }

  @Test
  void throttlingPerItemAndPerPartition() {
    current = model(DynamoDbModel.Profile.conflictsOnly().withLimits(10, 16, 1_000),
        DynamoDbModel.Pause.SLEEP);
    int admitted = 0;
    TransactionCanceledException refused = null;
    for (int i = 0; i < 6 && refused == null; i++) {
      try {
        transactWrite(put("Z#e", "HEAD", Integer.toString(i)));
        admitted++;
      } catch (TransactionCanceledException e) {
        refused = e;
      }
    }
    assertEquals(5, admitted, "2 units per transactional write, 10 per item per second");
    assertEquals("ThrottlingError", refused.cancellationReasons().get(0).code());
    for (int i = 0; i < 3; i++) {
      transactWrite(put("Z#e", "N#" + i, "n"));
    }
    assertThrows(TransactionCanceledException.class, () -> transactWrite(put("Z#e", "N#9", "n")),
        "16 units per partition: 10 on the head, 6 on three nodes");

    current.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("Z#f"),
        "sk", AttributeValue.fromS("HEAD"), "v", AttributeValue.fromS("other partition"))));
    assertEquals(null, value("Z#e", "N#9"), "a throttled write applies nothing");
    assertEquals(2, current.counts().writesThrottled());
  }

  /**
   * Split for heat: a partition hot for the profile's delay (here none) splits at the median
   * sort key of its recent writes; the upper half starts with a partition's full throughput, the
   * lower keeps what it took. Without it, every key of the partition is throttled alike.
   */
  @Test
  void aHotPartitionSplitsAtTheMedianOfItsRecentWrites() {
    current = model(DynamoDbModel.Profile.conflictsOnly().withLimits(1_000, 20, 1_000),
        DynamoDbModel.Pause.SLEEP);
    for (int i = 0; i < 10; i++) {
      transactWrite(put("Z#t", "N#" + i, "n"));
    }
    assertThrows(TransactionCanceledException.class, () -> transactWrite(put("Z#t", "N#8", "x")),
        "no split: one partition per key");
    assertEquals(0, current.counts().partitionSplits());

    current = model(DynamoDbModel.Profile.conflictsOnly().withLimits(1_000, 20, 1_000)
        .withSplitForHeat(Duration.ZERO), DynamoDbModel.Pause.SLEEP);
    for (int i = 0; i < 10; i++) {
      transactWrite(put("Z#s", "N#" + i, "n"));
    }
    assertEquals(1, current.counts().partitionSplits(), "hot at 16 of 20 units, split after");
    assertEquals(current.partitionOf(table, "Z#s", "N#0"),
        current.partitionOf(table, "Z#s", "N#4"), "the lower half");
    assertEquals(table + "/Z#s/N#5", current.partitionOf(table, "Z#s", "N#5"),
        "the upper half starts at the median");
    assertEquals(table + "/Z#s/N#5", current.partitionOf(table, "Z#s", "N#9"));
    for (int i = 5; i < 9; i++) {
      transactWrite(put("Z#s", "N#" + i, "again"));
    }
    assertEquals("again", value("Z#s", "N#8"), "the upper half took 10 more units");
    assertEquals(0, current.counts().writesThrottled());
  }

  /** Each item of a batch is a write of its own: what is over the limit comes back unprocessed. */
  @Test
  void aBatchWriteSpendsEachItemAndReturnsTheThrottledOnesUnprocessed() {
    current = model(DynamoDbModel.Profile.conflictsOnly().withLimits(10, 3, 1_000),
        (phase, d) -> { });
    List<WriteRequest> writes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
          "pk", AttributeValue.fromS("Z#j"), "sk", AttributeValue.fromS("N#" + i),
          "v", AttributeValue.fromS("p"))).build()).build());
    }
    BatchWriteItemResponse response = current.batchWriteItem(b -> b.requestItems(
        Map.of(table, writes)));
    assertEquals(2, response.unprocessedItems().get(table).size(), "3 units per partition");
    assertEquals("p", value("Z#j", "N#2"));
    assertEquals(null, value("Z#j", "N#3"), "an unprocessed put applies nothing");
    assertThrows(ProvisionedThroughputExceededException.class, () -> current.batchWriteItem(
        b -> b.requestItems(response.unprocessedItems())), "none admitted, after the SDK's retries");
    assertEquals(2 + 2 * DynamoDbModel.SDK_ATTEMPTS, current.counts().writesThrottled());
  }

  /** A Query spends one read unit per 4 KB of what it returns, so a large one uses up a partition. */
  @Test
  void aQueryIsChargedForTheSizeOfWhatItReturns() {
    current = model(DynamoDbModel.Profile.conflictsOnly().withLimits(1_000, 1_000, 3),
        (phase, d) -> { });
    String kilobyte = "x".repeat(1_024);
    for (int i = 0; i < 9; i++) {
      String sk = "N#" + i;
      local.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("Z#k"),
          "sk", AttributeValue.fromS(sk), "v", AttributeValue.fromS(kilobyte))));
    }
    QueryResponse all = current.query(b -> b.tableName(table).consistentRead(true)
        .keyConditionExpression("pk = :pk")
        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("Z#k"))));
    assertEquals(9, all.count());
    assertThrows(ProvisionedThroughputExceededException.class, () -> current.getItem(b -> b
        .tableName(table).key(key("Z#k", "N#0")).consistentRead(true)),
        "9 KB consistent is 3 units: the partition's 3 a second are spent");
    current.getItem(b -> b.tableName(table).key(key("Z#l", "N#0")).consistentRead(true));
  }

  /** The SDK's retries of a throttled PutItem (backoff pauses skipped) all fail within the second. */
  @Test
  void aThrottledSingleItemWriteFailsAfterTheSdksRetries() {
    current = model(DynamoDbModel.Profile.conflictsOnly().withLimits(1, 1, 1_000),
        (phase, d) -> { });
    current.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("Z#i"),
        "sk", AttributeValue.fromS("HEAD"), "v", AttributeValue.fromS("1"))));
    assertThrows(ProvisionedThroughputExceededException.class, () -> current.putItem(b -> b
        .tableName(table).item(Map.of("pk", AttributeValue.fromS("Z#i"),
            "sk", AttributeValue.fromS("N#1"), "v", AttributeValue.fromS("p")))));
    assertEquals(DynamoDbModel.SDK_ATTEMPTS, current.counts().writesThrottled());
    assertEquals(null, value("Z#i", "N#1"));
  }

  @Test
  void aThrottledTransactionCanBeRetriedAfterASecond() {
    current = model(DynamoDbModel.Profile.conflictsOnly().withLimits(2, 2, 1_000),
        DynamoDbModel.Pause.SLEEP);
    transactWrite(put("Z#g", "HEAD", "1"));
    assertThrows(TransactionCanceledException.class, () -> transactWrite(put("Z#g", "HEAD", "2")));
    DynamoDbModel.Pause.SLEEP.pause("test", Duration.ofMillis(1_050));
    transactWrite(put("Z#g", "HEAD", "2"));
    assertEquals("2", value("Z#g", "HEAD"));
  }

  @Test
  void conditionFailuresStillPass() {
    current = model(DynamoDbModel.Profile.conflictsOnly(), DynamoDbModel.Pause.SLEEP);
    current.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("Z#h"),
        "sk", AttributeValue.fromS("HEAD"))));
    assertThrows(ConditionalCheckFailedException.class, () -> current.putItem(b -> b
        .tableName(table).item(Map.of("pk", AttributeValue.fromS("Z#h"),
            "sk", AttributeValue.fromS("HEAD"))).conditionExpression("attribute_not_exists(pk)")));
  }

  @Test
  void latencyHasTheGivenMedianAndNinetyNinthPercentile() {
    Latency l = Latency.millis(8, 20);
    Random random = new Random(7);
    long[] nanos = new long[20_000];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = l.sample(random).toNanos();
    }
    java.util.Arrays.sort(nanos);
    assertEquals(8.0, nanos[nanos.length / 2] / 1e6, 0.3);
    assertEquals(20.0, nanos[nanos.length * 99 / 100] / 1e6, 1.5);
    assertEquals(Duration.ofMillis(3), Latency.fixed(Duration.ofMillis(3)).sample(random));
  }
}
