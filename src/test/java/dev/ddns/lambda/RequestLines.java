package dev.ddns.lambda;

import dev.ddns.adapter.http.DnsHandler;
import java.time.Clock;
import java.util.function.Consumer;

/** The endpoint's per-request log line ({@link ObservedHandler}) for benchmarks outside its package. */
public final class RequestLines {
  private RequestLines() {}

  /** {@code handler} observed as in Lambda, its lines going to {@code out}. */
  public static DnsHandler observed(DnsHandler handler, Consumer<String> out) {
    return new ObservedHandler(handler, Clock.systemUTC(), System::nanoTime,
        DynamoUsage::takeTotals, out);
  }
}
