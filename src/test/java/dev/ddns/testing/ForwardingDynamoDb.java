package dev.ddns.testing;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
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
 * A {@link DynamoDbClient} that passes every operation the project uses to a delegate; the tests'
 * wrappers (recording, fault injection, billing) extend it and override only what they observe.
 * Operations it does not forward fail as the SDK's interface defaults do.
 */
public abstract class ForwardingDynamoDb implements DynamoDbClient {
  protected final DynamoDbClient delegate;

  protected ForwardingDynamoDb(DynamoDbClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public GetItemResponse getItem(GetItemRequest r) {
    return delegate.getItem(r);
  }

  @Override
  public BatchGetItemResponse batchGetItem(BatchGetItemRequest r) {
    return delegate.batchGetItem(r);
  }

  @Override
  public QueryResponse query(QueryRequest r) {
    return delegate.query(r);
  }

  @Override
  public ScanResponse scan(ScanRequest r) {
    return delegate.scan(r);
  }

  @Override
  public TransactGetItemsResponse transactGetItems(TransactGetItemsRequest r) {
    return delegate.transactGetItems(r);
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
  public DescribeTableResponse describeTable(DescribeTableRequest r) {
    return delegate.describeTable(r);
  }

  @Override
  public CreateTableResponse createTable(CreateTableRequest r) {
    return delegate.createTable(r);
  }

  @Override
  public DeleteTableResponse deleteTable(DeleteTableRequest r) {
    return delegate.deleteTable(r);
  }

  @Override
  public ListTablesResponse listTables(ListTablesRequest r) {
    return delegate.listTables(r);
  }

  @Override
  public DescribeTimeToLiveResponse describeTimeToLive(DescribeTimeToLiveRequest r) {
    return delegate.describeTimeToLive(r);
  }

  @Override
  public UpdateTimeToLiveResponse updateTimeToLive(UpdateTimeToLiveRequest r) {
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
