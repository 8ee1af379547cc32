package dev.ddns.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Read request units by AWS's billing rules ({@link BillingRules}), per operation, computed from
 * the sizes ({@link ItemSize}) of the items each read returns, not from what DynamoDB Local
 * reports (a global secondary index query is sized by the index entries, which are what it
 * returns). Reads go to
 * {@code delegate} (a {@link CapacityMeter}, which counts the calls); writes pass through.
 */
final class BilledReads implements DynamoDbClient {
  private final DynamoDbClient delegate;
  private final Map<String, Double> units = new TreeMap<>();
  private final Map<String, Long> calls = new TreeMap<>();

  BilledReads(DynamoDbClient delegate) {
    this.delegate = delegate;
  }

  /** Units and calls by operation ("Query zones", "TransactGetItems", ...) since the last reset. */
  synchronized Map<String, Double> units() {
    return new TreeMap<>(units);
  }

  synchronized Map<String, Long> calls() {
    return new TreeMap<>(calls);
  }

  synchronized double total() {
    return units.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  synchronized void reset() {
    units.clear();
    calls.clear();
  }

  private synchronized void bill(String op, double u) {
    units.merge(op, u, Double::sum);
    calls.merge(op, 1L, Long::sum);
  }

  /** Strongly consistent units for {@code bytes} read in one item or one page. */
  static double blocks(long bytes) {
    return BillingRules.readUnits(bytes, BillingRules.Read.STRONG);
  }

  private static double units(long bytes, Boolean consistent) {
    return BillingRules.readUnits(bytes, BillingRules.Read.consistent(consistent));
  }

  @Override
  public GetItemResponse getItem(GetItemRequest r) {
    GetItemResponse out = delegate.getItem(r);
    bill("GetItem", units(out.hasItem() ? ItemSize.of(out.item()) : 0, r.consistentRead()));
    return out;
  }

  @Override
  public BatchGetItemResponse batchGetItem(BatchGetItemRequest r) {
    BatchGetItemResponse out = delegate.batchGetItem(r);
    double u = 0;
    for (var e : out.responses().entrySet()) {
      Boolean consistent = r.requestItems().get(e.getKey()).consistentRead();
      for (Map<String, AttributeValue> item : e.getValue()) {
        u += units(ItemSize.of(item), consistent);
      }
    }
    bill("BatchGetItem", u);
    return out;
  }

  @Override
  public QueryResponse query(QueryRequest r) {
    QueryResponse out = delegate.query(r);
    bill(r.indexName() == null ? "Query table" : "Query index " + r.indexName(),
        units(pageBytes(out.items()), r.consistentRead()));
    return out;
  }

  @Override
  public ScanResponse scan(ScanRequest r) {
    ScanResponse out = delegate.scan(r);
    bill("Scan", units(pageBytes(out.items()), r.consistentRead()));
    return out;
  }

  private static long pageBytes(List<Map<String, AttributeValue>> items) {
    return items.stream().mapToLong(ItemSize::of).sum();
  }

  @Override
  public TransactGetItemsResponse transactGetItems(TransactGetItemsRequest r) {
    TransactGetItemsResponse out = delegate.transactGetItems(r);
    double u = 0;
    for (ItemResponse item : out.responses()) {
      u += BillingRules.readUnits(item.hasItem() ? ItemSize.of(item.item()) : 0,
          BillingRules.Read.TRANSACTIONAL);
    }
    bill("TransactGetItems", u);
    return out;
  }

  @Override
  public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest r) {
    return delegate.transactWriteItems(r);
  }

  @Override
  public PutItemResponse putItem(PutItemRequest r) {
    return delegate.putItem(r);
  }

  @Override
  public UpdateItemResponse updateItem(UpdateItemRequest r) {
    return delegate.updateItem(r);
  }

  @Override
  public DeleteItemResponse deleteItem(DeleteItemRequest r) {
    return delegate.deleteItem(r);
  }

  @Override
  public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest r) {
    return delegate.batchWriteItem(r);
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
