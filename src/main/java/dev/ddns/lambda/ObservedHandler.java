package dev.ddns.lambda;

import dev.ddns.adapter.http.DnsHandler;
import dev.ddns.core.service.DnsResponse;
import dev.ddns.core.service.RequestContext;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A {@link DnsHandler} that writes one JSON line per request: the {@link RequestFacts}, the
 * client and transport, the latency, and the DynamoDB capacity and conflicts the request caused
 * ({@link DynamoUsage}). The line is also in Embedded Metric Format ({@link MetricLine}), so
 * CloudWatch turns it into the metrics {@code Requests} and {@code Latency} per opcode and rcode,
 * and {@code Updates}, {@code NamesChanged}, {@code Conflicts} and {@code ConsumedCapacity}. It
 * never holds a key secret or MAC: only the key's name.
 */
public final class ObservedHandler implements DnsHandler {
  private final DnsHandler handler;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final Supplier<DynamoUsage.Totals> usage;
  private final Consumer<String> out;

  ObservedHandler(DnsHandler handler, Clock clock, LongSupplier nanoTime,
      Supplier<DynamoUsage.Totals> usage, Consumer<String> out) {
    this.handler = handler;
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.usage = usage;
    this.out = out;
  }

  /** Observes {@code handler}, writing to standard output, which Lambda sends to CloudWatch Logs. */
  public static DnsHandler of(DnsHandler handler) {
    return new ObservedHandler(handler, Clock.systemUTC(), System::nanoTime,
        DynamoUsage::takeTotals, System.out::println);
  }

  @Override
  public DnsResponse handle(byte[] request, RequestContext context) {
    usage.get();
    long start = nanoTime.getAsLong();
    DnsResponse response = handler.handle(request, context);
    double latencyMs = (nanoTime.getAsLong() - start) / 1e6;
    out.accept(line(RequestFacts.of(request, response), context, latencyMs, usage.get()));
    return response;
  }

  private String line(RequestFacts facts, RequestContext context, double latencyMs,
      DynamoUsage.Totals totals) {
    MetricLine line = new MetricLine(clock.instant())
        .field("event", "dns-request")
        .dimension("Opcode", facts.opcode())
        .dimension("Rcode", facts.rcode());
    facts.zone().ifPresent(zone -> line.field("zone", zone));
    facts.key().ifPresent(key -> line.field("key", key));
    facts.tsigError().ifPresent(error -> line.field("tsigError", error));
    facts.extendedError().ifPresent(error -> line.field("extendedError", error));
    return line
        .field("client", context.client())
        .field("transport", context.transport().name())
        .metric("Requests", MetricLine.Unit.COUNT, 1)
        .metric("Updates", MetricLine.Unit.COUNT, facts.isAppliedUpdate() ? 1 : 0)
        .metric("NamesChanged", MetricLine.Unit.COUNT, facts.namesChanged())
        .metric("Conflicts", MetricLine.Unit.COUNT, totals.conflicts())
        .metric("ConsumedCapacity", MetricLine.Unit.NONE, totals.capacityUnits())
        .metric("Latency", MetricLine.Unit.MILLISECONDS, latencyMs)
        .toJson();
  }
}
