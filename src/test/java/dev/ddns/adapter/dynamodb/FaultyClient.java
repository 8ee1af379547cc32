package dev.ddns.adapter.dynamodb;

import dev.ddns.testing.ForwardingDynamoDb;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * A {@link DynamoDbClient} that delegates every call and records its operation name; armed, it
 * fails the Nth call (or every Nth) with a given exception, before the call reaches DynamoDB or,
 * for a lost response, after it was applied.
 */
final class FaultyClient extends ForwardingDynamoDb {
  private final List<String> calls = new ArrayList<>();
  private int failAt = -1;
  private boolean afterApplying;
  private Supplier<SdkException> fault;
  private int every;
  private List<Supplier<SdkException>> rotation = List.of();
  private List<Boolean> rotationAfter = List.of();

  FaultyClient(DynamoDbClient delegate) {
    super(delegate);
  }

  synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  synchronized void reset() {
    calls.clear();
    failAt = -1;
    every = 0;
  }

  /** Fails every {@code n}th call from now on, each with the next of {@code faults} in turn. */
  synchronized void armEvery(int n, List<Supplier<SdkException>> faults,
      List<Boolean> afterApplying) {
    this.every = n;
    this.rotation = List.copyOf(faults);
    this.rotationAfter = List.copyOf(afterApplying);
  }

  /** Fails call number {@code index} (0-based, counted from the last reset). */
  synchronized void arm(int index, Supplier<SdkException> fault, boolean afterApplying) {
    this.failAt = index;
    this.fault = fault;
    this.afterApplying = afterApplying;
  }

  private <T> T call(String operation, Supplier<T> call) {
    Supplier<SdkException> error = null;
    boolean after;
    synchronized (this) {
      int index = calls.size();
      calls.add(operation);
      after = afterApplying;
      if (index == failAt) {
        error = fault;
      } else if (every > 0 && index % every == every - 1) {
        int turn = (index / every) % rotation.size();
        error = rotation.get(turn);
        after = rotationAfter.get(turn);
      }
    }
    if (error != null && !after) {
      throw error.get();
    }
    T result = call.get();
    if (error != null) {
      throw error.get();
    }
    return result;
  }

  @Override
  public GetItemResponse getItem(GetItemRequest r) {
    return call("GetItem", () -> delegate.getItem(r));
  }

  @Override
  public PutItemResponse putItem(PutItemRequest r) {
    return call("PutItem", () -> delegate.putItem(r));
  }

  @Override
  public UpdateItemResponse updateItem(UpdateItemRequest r) {
    return call("UpdateItem", () -> delegate.updateItem(r));
  }

  @Override
  public DeleteItemResponse deleteItem(DeleteItemRequest r) {
    return call("DeleteItem", () -> delegate.deleteItem(r));
  }

  @Override
  public QueryResponse query(QueryRequest r) {
    return call("Query", () -> delegate.query(r));
  }

  @Override
  public ScanResponse scan(ScanRequest r) {
    return call("Scan", () -> delegate.scan(r));
  }

  @Override
  public BatchGetItemResponse batchGetItem(BatchGetItemRequest r) {
    return call("BatchGetItem", () -> delegate.batchGetItem(r));
  }

  @Override
  public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest r) {
    return call("BatchWriteItem", () -> delegate.batchWriteItem(r));
  }

  @Override
  public TransactGetItemsResponse transactGetItems(TransactGetItemsRequest r) {
    return call("TransactGetItems", () -> delegate.transactGetItems(r));
  }

  @Override
  public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest r) {
    return call("TransactWriteItems", () -> delegate.transactWriteItems(r));
  }

  @Override
  public void close() {
    // The shared DynamoDB Local client outlives this wrapper.
  }
}
