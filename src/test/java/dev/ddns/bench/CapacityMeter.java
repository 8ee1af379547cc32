package dev.ddns.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
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
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveResponse;

/**
 * A {@link DynamoDbClient} that asks for {@code ReturnConsumedCapacity TOTAL} on every data-plane
 * request and adds up the read and write capacity units the service reports, and counts calls per
 * operation. {@link #snapshot()} and {@link Usage#minus} give the units of one update.
 *
 * <p>The SDK interface's methods default to throwing {@link UnsupportedOperationException}; the
 * request-object form of every operation {@code DynamoZoneStore} and {@code ZoneTable} call is
 * overridden here (the consumer-builder forms and paginators are defaults that land on these).
 * Control-plane calls are passed through unmetered. Not thread-safe beyond {@code synchronized}
 * counters: meant for one benchmark thread.
 */
final class CapacityMeter implements DynamoDbClient {
  private final DynamoDbClient delegate;
  private double read;
  private double write;
  private long reportsMissing;
  private final Map<String, Long> calls = new TreeMap<>();
  private final Map<String, Long> nanos = new TreeMap<>();
  private long transactItems;
  private long putItemBytesMax;

  CapacityMeter(DynamoDbClient delegate) {
    this.delegate = delegate;
  }

  /** Units and calls so far. */
  record Usage(double read, double write, long reportsMissing, Map<String, Long> calls,
      Map<String, Long> nanos, long transactItems, long putItemBytesMax) {
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
      return new Usage(read - before.read, write - before.write,
          reportsMissing - before.reportsMissing, diff, dn, transactItems - before.transactItems,
          putItemBytesMax);
    }
  }

  synchronized Usage snapshot() {
    return new Usage(read, write, reportsMissing, new TreeMap<>(calls), new TreeMap<>(nanos),
        transactItems, putItemBytesMax);
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

  // --- data plane, metered -------------------------------------------------------------------

  @Override
  public GetItemResponse getItem(GetItemRequest r) {
    GetItemResponse out = metered("GetItem", r,
        q -> q.toBuilder().returnConsumedCapacity(total(q.returnConsumedCapacity())).build(),
        delegate::getItem);
    add(Kind.READ, out.consumedCapacity());
    return out;
  }

  @Override
  public BatchGetItemResponse batchGetItem(BatchGetItemRequest r) {
    BatchGetItemResponse out = metered("BatchGetItem", r,
        q -> q.toBuilder().returnConsumedCapacity(total(q.returnConsumedCapacity())).build(),
        delegate::batchGetItem);
    addAll(Kind.READ, out.consumedCapacity());
    return out;
  }

  @Override
  public QueryResponse query(QueryRequest r) {
    QueryResponse out = metered("Query", r,
        q -> q.toBuilder().returnConsumedCapacity(total(q.returnConsumedCapacity())).build(),
        delegate::query);
    add(Kind.READ, out.consumedCapacity());
    return out;
  }

  @Override
  public ScanResponse scan(ScanRequest r) {
    ScanResponse out = metered("Scan", r,
        q -> q.toBuilder().returnConsumedCapacity(total(q.returnConsumedCapacity())).build(),
        delegate::scan);
    add(Kind.READ, out.consumedCapacity());
    return out;
  }

  @Override
  public TransactGetItemsResponse transactGetItems(TransactGetItemsRequest r) {
    TransactGetItemsResponse out = metered("TransactGetItems", r,
        q -> q.toBuilder().returnConsumedCapacity(total(q.returnConsumedCapacity())).build(),
        delegate::transactGetItems);
    addAll(Kind.READ, out.consumedCapacity());
    return out;
  }

  @Override
  public PutItemResponse putItem(PutItemRequest r) {
    PutItemResponse out = metered("PutItem", r,
        q -> q.toBuilder().returnConsumedCapacity(total(q.returnConsumedCapacity())).build(),
        delegate::putItem);
    add(Kind.WRITE, out.consumedCapacity());
    return out;
  }

  @Override
  public UpdateItemResponse updateItem(UpdateItemRequest r) {
    UpdateItemResponse out = metered("UpdateItem", r,
        q -> q.toBuilder().returnConsumedCapacity(total(q.returnConsumedCapacity())).build(),
        delegate::updateItem);
    add(Kind.WRITE, out.consumedCapacity());
    return out;
  }

  @Override
  public DeleteItemResponse deleteItem(DeleteItemRequest r) {
    DeleteItemResponse out = metered("DeleteItem", r,
        q -> q.toBuilder().returnConsumedCapacity(total(q.returnConsumedCapacity())).build(),
        delegate::deleteItem);
    add(Kind.WRITE, out.consumedCapacity());
    return out;
  }

  @Override
  public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest r) {
    BatchWriteItemResponse out = metered("BatchWriteItem", r,
        q -> q.toBuilder().returnConsumedCapacity(total(q.returnConsumedCapacity())).build(),
        delegate::batchWriteItem);
    addAll(Kind.WRITE, out.consumedCapacity());
    return out;
  }

  @Override
  public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest r) {
    synchronized (this) {
      transactItems += r.transactItems().size();
      for (var item : r.transactItems()) {
        if (item.put() != null) {
          putItemBytesMax = Math.max(putItemBytesMax, ItemSize.of(item.put().item()));
        }
      }
    }
    // A cancelled transaction throws; DynamoDB charges it anyway, but the exception carries no
    // capacity, so cancelled commits are counted as calls only (none happen single-threaded).
    TransactWriteItemsResponse out = metered("TransactWriteItems", r,
        q -> q.toBuilder().returnConsumedCapacity(total(q.returnConsumedCapacity())).build(),
        delegate::transactWriteItems);
    addAll(Kind.WRITE, out.consumedCapacity());
    return out;
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

  @Override
  public DynamoDbServiceClientConfiguration serviceClientConfiguration() {
    return delegate.serviceClientConfiguration();
  }

  @Override
  public String serviceName() {
    return delegate.serviceName();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
