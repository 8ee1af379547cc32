package dev.ddns.lambda;

import dev.ddns.testing.ForwardingDynamoDb;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
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
 * A {@link DynamoDbClient} that passes the calls the store makes to {@code delegate} and records
 * every data-plane request; a Scan fails the test at once (the sweep must not read the table at
 * large).
 */
final class RecordingDynamoDb extends ForwardingDynamoDb {
  private final List<SdkRequest> requests = new ArrayList<>();

  RecordingDynamoDb(DynamoDbClient delegate) {
    super(delegate);
  }

  synchronized List<SdkRequest> requests() {
    return List.copyOf(requests);
  }

  synchronized void clear() {
    requests.clear();
  }

  private synchronized <T extends SdkRequest> T record(T request) {
    requests.add(request);
    return request;
  }

  @Override
  public ScanResponse scan(ScanRequest r) {
    record(r);
    throw new AssertionError("Scan of table " + r.tableName() + ": the sweep must not scan");
  }

  @Override
  public GetItemResponse getItem(GetItemRequest r) {
    return delegate.getItem(record(r));
  }

  @Override
  public BatchGetItemResponse batchGetItem(BatchGetItemRequest r) {
    return delegate.batchGetItem(record(r));
  }

  @Override
  public QueryResponse query(QueryRequest r) {
    return delegate.query(record(r));
  }

  @Override
  public TransactGetItemsResponse transactGetItems(TransactGetItemsRequest r) {
    return delegate.transactGetItems(record(r));
  }

  @Override
  public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest r) {
    return delegate.transactWriteItems(record(r));
  }

  @Override
  public PutItemResponse putItem(PutItemRequest r) {
    return delegate.putItem(record(r));
  }

  @Override
  public UpdateItemResponse updateItem(UpdateItemRequest r) {
    return delegate.updateItem(record(r));
  }

  @Override
  public DeleteItemResponse deleteItem(DeleteItemRequest r) {
    return delegate.deleteItem(record(r));
  }

  @Override
  public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest r) {
    return delegate.batchWriteItem(record(r));
  }
}
