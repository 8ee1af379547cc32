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
 * CloudWatch turns it into a small fixed set of metrics without dimensions: {@value #REQUESTS} and
 * {@value #LATENCY} from every line, and {@value #UPDATES}, {@value #NAMES_CHANGED}, {@value
 * #CONFLICTS}, {@value #CONSUMED_CAPACITY} and {@value #UPDATE_SERVFAILS} (which an alarm watches)
 * from the lines where they count something. The opcode and rcode are log fields. It never holds a
 * key secret or MAC: only the key's name.
 */
public final class ObservedHandler implements DnsHandler {
  static final String REQUESTS = "Requests";
  static final String LATENCY = "Latency";
  static final String UPDATES = "Updates";
  static final String NAMES_CHANGED = "NamesChanged";
  static final String CONFLICTS = "Conflicts";
  static final String CONSUMED_CAPACITY = "ConsumedCapacity";
  /** UPDATEs answered SERVFAIL: template.yaml's UpdateServfailAlarm watches it. */
  static final String UPDATE_SERVFAILS = "UpdateServfails";

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

  /** Observes {@code handler}, writing its lines as {@link MetricLine#print} does. */
  public static DnsHandler of(DnsHandler handler) {
    return new ObservedHandler(handler, Clock.systemUTC(), System::nanoTime,
        DynamoUsage::takeTotals, MetricLine::print);
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
        .field("Opcode", facts.opcode())
        .field("Rcode", facts.rcode());
    facts.zone().ifPresent(zone -> line.field("zone", zone));
    facts.key().ifPresent(key -> line.field("key", key));
    facts.tsigError().ifPresent(error -> line.field("tsigError", error));
    facts.extendedError().ifPresent(error -> line.field("extendedError", error));
    return line
        .field("client", context.client())
        .field("transport", context.transport().name())
        .metric(REQUESTS, MetricLine.Unit.COUNT, 1)
        .metric(LATENCY, MetricLine.Unit.MILLISECONDS, latencyMs)
        .count(UPDATES, MetricLine.Unit.COUNT, facts.isAppliedUpdate() ? 1 : 0)
        .count(NAMES_CHANGED, MetricLine.Unit.COUNT, facts.namesChanged())
        .count(CONFLICTS, MetricLine.Unit.COUNT, totals.conflicts())
        .count(CONSUMED_CAPACITY, MetricLine.Unit.NONE, totals.capacityUnits())
        .count(UPDATE_SERVFAILS, MetricLine.Unit.COUNT, isUpdateServfail(facts) ? 1 : 0)
        .toJson();
  }

  private static boolean isUpdateServfail(RequestFacts facts) {
    return "UPDATE".equals(facts.opcode()) && "SERVFAIL".equals(facts.rcode());
  }
}
