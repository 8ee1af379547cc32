package dev.ddns.bench;

import dev.ddns.adapter.dynamodb.ItemSize;
import dev.ddns.testing.ForwardingDynamoDb;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;

/**
 * Read request units by AWS's billing rules ({@link BillingRules}), per operation, computed from
 * the sizes ({@link ItemSize}) of the items each read returns, not from what DynamoDB Local
 * reports (a global secondary index query is sized by the index entries, which are what it
 * returns). Reads go to
 * {@code delegate} (a {@link CapacityMeter}, which counts the calls); writes pass through.
 */
final class BilledReads extends ForwardingDynamoDb {
  private final Map<String, Double> units = new TreeMap<>();
  private final Map<String, Long> calls = new TreeMap<>();

  BilledReads(DynamoDbClient delegate) {
    super(delegate);
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
}
