package dev.ddns.bench;

import dev.ddns.adapter.dynamodb.ItemSize;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;

/**
 * Read request units by AWS's billing rules ({@link BillingRules}; not DynamoDB Local's reports),
 * counted from the items each read returns, as an SDK interceptor that also keeps the slowest call
 * of an interval. Item sizes follow {@link ItemSize}.
 */
final class ReadUnits implements ExecutionInterceptor {
  private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("started");

  private double units;
  private long queries;
  private long gets;
  private long itemsRead;
  private long slowestNanos;

  /** What was read so far; the slowest call since the last {@link #snapshot()}. */
  record Usage(double units, long queries, long gets, long itemsRead, long slowestNanos) {
    Usage minus(Usage before) {
      return new Usage(units - before.units, queries - before.queries, gets - before.gets,
          itemsRead - before.itemsRead, slowestNanos);
    }
  }

  /** The counts so far; starts a new interval for the slowest call. */
  synchronized Usage snapshot() {
    Usage usage = new Usage(units, queries, gets, itemsRead, slowestNanos);
    slowestNanos = 0;
    return usage;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    attributes.putAttribute(STARTED, System.nanoTime());
  }

  @Override
  public void afterUnmarshalling(Context.AfterUnmarshalling context,
      ExecutionAttributes attributes) {
    Long started = attributes.getAttribute(STARTED);
    if (started != null) {
      synchronized (this) {
        slowestNanos = Math.max(slowestNanos, System.nanoTime() - started);
      }
    }
    SdkRequest request = context.request();
    SdkResponse response = context.response();
    if (response instanceof QueryResponse q && request instanceof QueryRequest r) {
      long bytes = q.items().stream().mapToLong(ItemSize::of).sum();
      add(BillingRules.readUnits(bytes, BillingRules.Read.consistent(r.consistentRead())),
          q.items().size(), true);
    } else if (response instanceof GetItemResponse g && request instanceof GetItemRequest r) {
      long bytes = g.hasItem() ? ItemSize.of(g.item()) : 0;
      add(BillingRules.readUnits(bytes, BillingRules.Read.consistent(r.consistentRead())),
          g.hasItem() ? 1 : 0, false);
    } else if (response instanceof TransactGetItemsResponse t) {
      double sum = 0;
      for (var item : t.responses()) {
        Map<String, AttributeValue> m = item.hasItem() ? item.item() : Map.of();
        sum += BillingRules.readUnits(ItemSize.of(m), BillingRules.Read.TRANSACTIONAL);
      }
      add(sum, t.responses().size(), false);
    }
  }

  private synchronized void add(double u, long items, boolean query) {
    units += u;
    itemsRead += items;
    if (query) {
      queries++;
    } else {
      gets++;
    }
  }
}
