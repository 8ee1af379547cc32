package dev.ddns.lambda;

import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Counts the DynamoDB capacity units and the cancelled transactions of the request in progress, for
 * the request log, without the store knowing. {@link Wiring} installs it on the Lambda's DynamoDB
 * client (and nowhere else: the CLI and {@code ddns local} do not count); it asks for {@code
 * ReturnConsumedCapacity=TOTAL} on the reads and transactions the store makes (where the caller
 * did not choose) and adds up what comes back.
 *
 * <p>The counters are process-wide: a Lambda instance runs one invocation at a time, and
 * {@link ObservedHandler} takes and resets them around each one.
 */
public final class DynamoUsage implements ExecutionInterceptor {
  private static final DoubleAdder CAPACITY = new DoubleAdder();
  private static final LongAdder CANCELLED = new LongAdder();

  /** What the requests since the last call consumed; resets the counters. */
  static Totals takeTotals() {
    return new Totals(CAPACITY.sumThenReset(), CANCELLED.sumThenReset());
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    SdkRequest request = context.request();
    if (request instanceof TransactWriteItemsRequest r && r.returnConsumedCapacity() == null) {
      return r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
    }
    if (request instanceof TransactGetItemsRequest r && r.returnConsumedCapacity() == null) {
      return r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
    }
    if (request instanceof GetItemRequest r && r.returnConsumedCapacity() == null) {
      return r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
    }
    if (request instanceof BatchGetItemRequest r && r.returnConsumedCapacity() == null) {
      return r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
    }
    if (request instanceof QueryRequest r && r.returnConsumedCapacity() == null) {
      return r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
    }
    return request;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    SdkResponse response = context.response();
    if (response instanceof TransactWriteItemsResponse r) {
      add(r.consumedCapacity());
    } else if (response instanceof TransactGetItemsResponse r) {
      add(r.consumedCapacity());
    } else if (response instanceof BatchGetItemResponse r) {
      add(r.consumedCapacity());
    } else if (response instanceof GetItemResponse r && r.consumedCapacity() != null) {
      add(List.of(r.consumedCapacity()));
    } else if (response instanceof QueryResponse r && r.consumedCapacity() != null) {
      add(List.of(r.consumedCapacity()));
    }
  }

  /** A transaction cancelled by a failed condition or a concurrent writer: a conflict. */
  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    if (context.exception() instanceof TransactionCanceledException cancelled
        && cancelled.cancellationReasons().stream().map(CancellationReason::code)
            .anyMatch(code -> "ConditionalCheckFailed".equals(code)
                || "TransactionConflict".equals(code))) {
      CANCELLED.increment();
    }
  }

  private static void add(List<ConsumedCapacity> consumed) {
    consumed.stream().map(ConsumedCapacity::capacityUnits)
        .filter(units -> units != null).forEach(CAPACITY::add);
  }

  /** Capacity units consumed and transactions cancelled by conflicts. */
  record Totals(double capacityUnits, long conflicts) {}
}
