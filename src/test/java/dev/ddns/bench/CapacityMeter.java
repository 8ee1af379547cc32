package dev.ddns.bench;

import dev.ddns.adapter.dynamodb.ItemSize;
import dev.ddns.bench.BillingRules.Index;
import dev.ddns.bench.BillingRules.Read;
import dev.ddns.testing.ForwardingDynamoDb;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveResponse;

/**
 * A {@link DynamoDbClient} that adds up read and write units two ways: as the service reports them
 * ({@code ReturnConsumedCapacity TOTAL} on every data-plane request; DynamoDB Local under-reports
 * transactional writes) and by AWS's billing rules ({@link BillingRules}) from the sizes of the
 * items each request reads and writes, global secondary index writes of the table definition
 * included. It also counts calls per operation. {@link #snapshot()} and {@link Usage#minus} give
 * the units of one update.
 *
 * <p>For the billing rules a write needs the item before it (and an update the item after it):
 * the meter reads them from the delegate, unmetered, and keeps their time apart ({@link
 * Usage#billingNanos}) so that a caller can take it out of what it timed. {@link #preImages(boolean)} turns
 * that off while a benchmark bulk-loads new items, which have no item before them.
 *
 * <p>The SDK interface's methods default to throwing {@link UnsupportedOperationException}; the
 * request-object form of every operation {@code DynamoZoneStore} and {@code ZoneTable} call is
 * overridden here (the consumer-builder forms and paginators are defaults that land on these).
 * Control-plane calls are passed through unmetered. Not thread-safe beyond {@code synchronized}
 * counters: meant for one benchmark thread.
 */
final class CapacityMeter extends ForwardingDynamoDb {
  /** The sort key prefix of journal entries, which stay for the zone's journal retention. */
  private static final String JOURNAL_PREFIX = "J#";
  /** The partition key prefix of replay records. */
  private static final String REPLAY_PREFIX = "K#";
  private static final String TABLE_DEFINITION = "/dev/ddns/adapter/dynamodb/table.json";

  private final List<Index> indexes;
  private final List<String> tableKeys;
  private volatile boolean preImages = true;
  private double read;
  private double write;
  private double awsRead;
  private double awsWrite;
  private long reportsMissing;
  private final Map<String, Long> calls = new TreeMap<>();
  private final Map<String, Long> nanos = new TreeMap<>();
  private long transactItems;
  private long putItemBytesMax;
  private long replayItemBytesMax;
  private long journalBytes;
  private long billingNanos;

  CapacityMeter(DynamoDbClient delegate) {
    super(delegate);
    Map<String, Object> table = tableDefinition();
    this.tableKeys = keyNames(table);
    this.indexes = indexes(table, tableKeys);
  }

  /** Whether writes look up the item before them (on by default). */
  void preImages(boolean on) {
    preImages = on;
  }

  /**
   * Units and calls so far: {@code read} and {@code write} as the service reported them, {@code
   * awsRead} and {@code awsWrite} by AWS's billing rules.
   */
  record Usage(double read, double write, double awsRead, double awsWrite, long reportsMissing,
      Map<String, Long> calls, Map<String, Long> nanos, long transactItems, long putItemBytesMax,
      long journalBytes, long billingNanos) {
    Usage minus(Usage before) {
      Map<String, Long> dn = new TreeMap<>();
      nanos.forEach((op, n) -> dn.put(op, n - before.nanos.getOrDefault(op, 0L)));
      Map<String, Long> diff = new TreeMap<>();
      calls.forEach((op, n) -> {
        long d = n - before.calls.getOrDefault(op, 0L);
        if (d != 0) {
          diff.put(op, d);
        }
      });
      return new Usage(read - before.read, write - before.write, awsRead - before.awsRead,
          awsWrite - before.awsWrite, reportsMissing - before.reportsMissing, diff, dn, transactItems - before.transactItems,
          putItemBytesMax, journalBytes - before.journalBytes,
          billingNanos - before.billingNanos);
    }
  }

  synchronized Usage snapshot() {
    return new Usage(read, write, awsRead, awsWrite, reportsMissing, new TreeMap<>(calls), new TreeMap<>(nanos),
        transactItems, putItemBytesMax, journalBytes, billingNanos);
  }

  private enum Kind { READ, WRITE }

  private synchronized void count(String op) {
    calls.merge(op, 1L, Long::sum);
  }

  private synchronized void add(Kind kind, ConsumedCapacity c) {
    if (c == null) {
      reportsMissing++;
      return;
    }
    if (c.readCapacityUnits() != null || c.writeCapacityUnits() != null) {
      read += c.readCapacityUnits() == null ? 0 : c.readCapacityUnits();
      write += c.writeCapacityUnits() == null ? 0 : c.writeCapacityUnits();
    } else if (c.capacityUnits() != null) {
      if (kind == Kind.READ) {
        read += c.capacityUnits();
      } else {
        write += c.capacityUnits();
      }
    } else {
      reportsMissing++;
    }
  }

  private void addAll(Kind kind, java.util.List<ConsumedCapacity> list) {
    if (list == null || list.isEmpty()) {
      add(kind, null);
      return;
    }
    list.forEach(c -> add(kind, c));
  }

  /** TOTAL unless the caller already asked for capacity itself. */
  private static ReturnConsumedCapacity total(ReturnConsumedCapacity asked) {
    return asked == null || asked == ReturnConsumedCapacity.NONE
        || asked == ReturnConsumedCapacity.UNKNOWN_TO_SDK_VERSION
        ? ReturnConsumedCapacity.TOTAL : asked;
  }

  private <Q, R> R metered(String op, Q request, UnaryOperator<Q> withCapacity,
      Function<Q, R> call) {
    count(op);
    Q q = withCapacity.apply(request);
    long t0 = System.nanoTime();
    try {
      return call.apply(q);
    } finally {
      long t = System.nanoTime() - t0;
      synchronized (this) {
        nanos.merge(op, t, Long::sum);
      }
    }
  }

  // --- AWS's billing rules ---------------------------------------------------------------------

  @SuppressWarnings("unchecked")
  private static Map<String, Object> tableDefinition() {
    try (InputStream in = CapacityMeter.class.getResourceAsStream(TABLE_DEFINITION)) {
      if (in == null) {
        throw new IllegalStateException(TABLE_DEFINITION + " is not on the classpath");
      }
      return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> keyNames(Map<String, Object> definition) {
    List<String> names = new ArrayList<>();
    for (Object key : (List<Object>) definition.get("KeySchema")) {
      names.add((String) ((Map<String, Object>) key).get("AttributeName"));
    }
    return names;
  }

  @SuppressWarnings("unchecked")
  private static List<Index> indexes(Map<String, Object> table, List<String> tableKeys) {
    List<Index> out = new ArrayList<>();
    Object gsis = table.get("GlobalSecondaryIndexes");
    if (gsis == null) {
      return out;
    }
    for (Object o : (List<Object>) gsis) {
      Map<String, Object> gsi = (Map<String, Object>) o;
      Map<String, Object> projection = (Map<String, Object>) gsi.get("Projection");
      String type = (String) projection.get("ProjectionType");
      List<String> projected = projection.get("NonKeyAttributes") == null ? List.of()
          : (List<String>) projection.get("NonKeyAttributes");
      out.add(new Index((String) gsi.get("IndexName"), keyNames(gsi), tableKeys,
          "ALL".equals(type), projected));
    }
    return out;
  }

  private synchronized void billRead(double units) {
    awsRead += units;
  }

  /** The largest replay record ({@code K#} partition) written so far, in bytes. */
  synchronized long largestReplayItem() {
    return replayItemBytesMax;
  }

  private synchronized void noteReplayItem(Map<String, AttributeValue> item) {
    AttributeValue pk = item.get("pk");
    if (pk != null && pk.s() != null && pk.s().startsWith(REPLAY_PREFIX)) {
      replayItemBytesMax = Math.max(replayItemBytesMax, ItemSize.of(item));
    }
  }

  private synchronized void billWrite(double units) {
    awsWrite += units;
  }

  /** The item at {@code key}, read for the billing rules; its time is kept apart. */
  private Optional<Map<String, AttributeValue>> stored(String table,
      Map<String, AttributeValue> key) {
    long t0 = System.nanoTime();
    Map<String, AttributeValue> item = delegate.getItem(b -> b.tableName(table).key(key)
        .consistentRead(true)).item();
    synchronized (this) {
      billingNanos += System.nanoTime() - t0;
    }
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
  }

  private Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> key = new HashMap<>();
    tableKeys.forEach(n -> key.put(n, item.get(n)));
    return key;
  }

  private Optional<Map<String, AttributeValue>> before(String table,
      Map<String, AttributeValue> key) {
    return preImages ? stored(table, key) : Optional.empty();
  }

  /** Units of one item going from {@code before} to {@code after}, its index writes included. */
  private double itemWrite(Optional<Map<String, AttributeValue>> before,
      Optional<Map<String, AttributeValue>> after, boolean transactional) {
    double units = BillingRules.writeUnits(before.map(ItemSize::of).orElse(0L),
        after.map(ItemSize::of).orElse(0L), transactional);
    for (Index index : indexes) {
      units += BillingRules.indexWriteUnits(index, before, after);
    }
    return units;
  }

  private static long size(Map<String, AttributeValue> item) {
    return item == null ? 0 : ItemSize.of(item);
  }

  /**
   * The bytes a Query or Scan response read: on the table, whole items (a projection does not
   * make a read cheaper, so projected items are read again in full); on an index, its entries.
   */
  private long readBytes(String table, String index, String projection,
      List<Map<String, AttributeValue>> items) {
    long bytes = 0;
    for (Map<String, AttributeValue> item : items) {
      bytes += index == null && projection != null
          ? stored(table, keyOf(item)).map(ItemSize::of).orElse(0L) : ItemSize.of(item);
    }
    return bytes;
  }

  // --- data plane, metered -------------------------------------------------------------------

  @Override
  public GetItemResponse getItem(GetItemRequest r) {
    GetItemResponse out = metered("GetItem", r,
        q -> q.toBuilder().returnConsumedCapacity(total(q.returnConsumedCapacity())).build(),
        delegate::getItem);
    add(Kind.READ, out.consumedCapacity());
    billRead(BillingRules.readUnits(size(out.item()), Read.consistent(r.consistentRead())));
    return out;
  }

  @Override
  public BatchGetItemResponse batchGetItem(BatchGetItemRequest r) {
    BatchGetItemResponse out = metered("BatchGetItem", r,
        q -> q.toBuilder().returnConsumedCapacity(total(q.returnConsumedCapacity())).build(),
        delegate::batchGetItem);
    addAll(Kind.READ, out.consumedCapacity());
    r.requestItems().forEach((table, asked) -> {
      Map<Map<String, AttributeValue>, Long> found = new HashMap<>();
      out.responses().getOrDefault(table, List.of()).forEach(i -> found.put(keyOf(i), size(i)));
      for (Map<String, AttributeValue> key : asked.keys()) {
        billRead(BillingRules.readUnits(found.getOrDefault(key, 0L),
            Read.consistent(asked.consistentRead())));
      }
    });
    return out;
  }

  @Override
  public QueryResponse query(QueryRequest r) {
    QueryResponse out = metered("Query", r,
        q -> q.toBuilder().returnConsumedCapacity(total(q.returnConsumedCapacity())).build(),
        delegate::query);
    add(Kind.READ, out.consumedCapacity());
    billRead(BillingRules.readUnits(readBytes(r.tableName(), r.indexName(),
        r.projectionExpression(), out.items()), Read.consistent(r.consistentRead())));
    return out;
  }

  @Override
  public ScanResponse scan(ScanRequest r) {
    ScanResponse out = metered("Scan", r,
        q -> q.toBuilder().returnConsumedCapacity(total(q.returnConsumedCapacity())).build(),
        delegate::scan);
    add(Kind.READ, out.consumedCapacity());
    billRead(BillingRules.readUnits(readBytes(r.tableName(), r.indexName(),
        r.projectionExpression(), out.items()), Read.consistent(r.consistentRead())));
    return out;
  }

  @Override
  public TransactGetItemsResponse transactGetItems(TransactGetItemsRequest r) {
    TransactGetItemsResponse out = metered("TransactGetItems", r,
        q -> q.toBuilder().returnConsumedCapacity(total(q.returnConsumedCapacity())).build(),
        delegate::transactGetItems);
    addAll(Kind.READ, out.consumedCapacity());
    out.responses().forEach(i -> billRead(BillingRules.readUnits(
        i.hasItem() ? size(i.item()) : 0, Read.TRANSACTIONAL)));
    return out;
  }

  @Override
  public PutItemResponse putItem(PutItemRequest r) {
    noteReplayItem(r.item());
    Optional<Map<String, AttributeValue>> before = before(r.tableName(), keyOf(r.item()));
    PutItemResponse out;
    try {
      out = metered("PutItem", r,
          q -> q.toBuilder().returnConsumedCapacity(total(q.returnConsumedCapacity())).build(),
          delegate::putItem);
    } catch (ConditionalCheckFailedException e) {
      billWrite(BillingRules.failedConditionUnits(before.map(ItemSize::of).orElse(0L), false));
      throw e;
    }
    add(Kind.WRITE, out.consumedCapacity());
    billWrite(itemWrite(before, Optional.of(r.item()), false));
    return out;
  }

  @Override
  public UpdateItemResponse updateItem(UpdateItemRequest r) {
    Optional<Map<String, AttributeValue>> before = stored(r.tableName(), r.key());
    UpdateItemResponse out = metered("UpdateItem", r,
        q -> q.toBuilder().returnConsumedCapacity(total(q.returnConsumedCapacity())).build(),
        delegate::updateItem);
    add(Kind.WRITE, out.consumedCapacity());
    billWrite(itemWrite(before, stored(r.tableName(), r.key()), false));
    return out;
  }

  @Override
  public DeleteItemResponse deleteItem(DeleteItemRequest r) {
    Optional<Map<String, AttributeValue>> before = stored(r.tableName(), r.key());
    DeleteItemResponse out = metered("DeleteItem", r,
        q -> q.toBuilder().returnConsumedCapacity(total(q.returnConsumedCapacity())).build(),
        delegate::deleteItem);
    add(Kind.WRITE, out.consumedCapacity());
    billWrite(itemWrite(before, Optional.empty(), false));
    return out;
  }

  @Override
  public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest r) {
    double units = 0;
    for (var entry : r.requestItems().entrySet()) {
      for (var w : entry.getValue()) {
        units += w.putRequest() != null
            ? itemWrite(before(entry.getKey(), keyOf(w.putRequest().item())),
                Optional.of(w.putRequest().item()), false)
            : itemWrite(before(entry.getKey(), w.deleteRequest().key()), Optional.empty(), false);
      }
    }
    BatchWriteItemResponse out = metered("BatchWriteItem", r,
        q -> q.toBuilder().returnConsumedCapacity(total(q.returnConsumedCapacity())).build(),
        delegate::batchWriteItem);
    addAll(Kind.WRITE, out.consumedCapacity());
    billWrite(units);
    return out;
  }

  @Override
  public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest r) {
    synchronized (this) {
      transactItems += r.transactItems().size();
      for (var item : r.transactItems()) {
        if (item.put() != null) {
          noteReplayItem(item.put().item());
          long bytes = ItemSize.of(item.put().item());
          putItemBytesMax = Math.max(putItemBytesMax, bytes);
          AttributeValue sk = item.put().item().get("sk");
          if (sk != null && sk.s() != null && sk.s().startsWith(JOURNAL_PREFIX)) {
            journalBytes += bytes;
          }
        }
      }
    }
    List<Optional<Map<String, AttributeValue>>> before = new ArrayList<>();
    r.transactItems().forEach(item -> before.add(stored(tableOf(item), keyOf(item))));
    // A cancelled transaction throws; DynamoDB charges it anyway, but the exception carries no
    // capacity, so cancelled commits are counted as calls only (none happen single-threaded).
    TransactWriteItemsResponse out = metered("TransactWriteItems", r,
        q -> q.toBuilder().returnConsumedCapacity(total(q.returnConsumedCapacity())).build(),
        delegate::transactWriteItems);
    addAll(Kind.WRITE, out.consumedCapacity());
    for (int i = 0; i < r.transactItems().size(); i++) {
      TransactWriteItem item = r.transactItems().get(i);
      Optional<Map<String, AttributeValue>> after = item.put() != null
          ? Optional.of(item.put().item())
          : item.update() != null ? stored(tableOf(item), keyOf(item))
          : item.delete() != null ? Optional.<Map<String, AttributeValue>>empty()
          : before.get(i);
      billWrite(itemWrite(before.get(i), after, true));
    }
    return out;
  }

  private static String tableOf(TransactWriteItem item) {
    return item.put() != null ? item.put().tableName()
        : item.update() != null ? item.update().tableName()
        : item.delete() != null ? item.delete().tableName()
        : item.conditionCheck().tableName();
  }

  private Map<String, AttributeValue> keyOf(TransactWriteItem item) {
    return item.put() != null ? keyOf(item.put().item())
        : item.update() != null ? item.update().key()
        : item.delete() != null ? item.delete().key()
        : item.conditionCheck().key();
  }

  // --- control plane, passed through -----------------------------------------------------------

  @Override
  public DescribeTableResponse describeTable(DescribeTableRequest r) {
    count("DescribeTable");
    return delegate.describeTable(r);
  }

  @Override
  public CreateTableResponse createTable(CreateTableRequest r) {
    count("CreateTable");
    return delegate.createTable(r);
  }

  @Override
  public DeleteTableResponse deleteTable(DeleteTableRequest r) {
    count("DeleteTable");
    return delegate.deleteTable(r);
  }

  @Override
  public ListTablesResponse listTables(ListTablesRequest r) {
    count("ListTables");
    return delegate.listTables(r);
  }

  @Override
  public DescribeTimeToLiveResponse describeTimeToLive(DescribeTimeToLiveRequest r) {
    count("DescribeTimeToLive");
    return delegate.describeTimeToLive(r);
  }

  @Override
  public UpdateTimeToLiveResponse updateTimeToLive(UpdateTimeToLiveRequest r) {
    count("UpdateTimeToLive");
    return delegate.updateTimeToLive(r);
  }
}
