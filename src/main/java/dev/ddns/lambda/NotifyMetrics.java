package dev.ddns.lambda;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * NOTIFY outcomes (<a href="https://www.rfc-editor.org/rfc/rfc1996">RFC 1996</a>) as log lines in
 * Embedded Metric Format ({@link MetricLine}): one line per secondary notified, with the metric
 * {@code Notifies} per {@link Outcome} and in total, {@code NotifyAttempts} and
 * {@code NotifyLatency}. NotifyFunction calls {@link #record} once per zone change and target.
 */
public final class NotifyMetrics {
  private final Clock clock;
  private final Consumer<String> out;

  public NotifyMetrics(Clock clock, Consumer<String> out) {
    this.clock = clock;
    this.out = out;
  }

  /** Writes to standard output, which Lambda sends to CloudWatch Logs. */
  public static NotifyMetrics toStandardOutput() {
    return new NotifyMetrics(Clock.systemUTC(), System.out::println);
  }

  /**
   * Records that the NOTIFY for {@code zone} at {@code serial} to {@code target} (address:port)
   * ended with {@code outcome} after {@code attempts} sends taking {@code elapsed} in all.
   */
  public void record(String zone, long serial, String target, Outcome outcome, int attempts,
      Duration elapsed) {
    out.accept(new MetricLine(clock.instant())
        .field("event", "notify")
        .dimension("Outcome", outcome.name())
        .field("zone", zone)
        .field("serial", serial)
        .field("target", target)
        .metric("Notifies", MetricLine.Unit.COUNT, 1)
        .metric("NotifyAttempts", MetricLine.Unit.COUNT, attempts)
        .metric("NotifyLatency", MetricLine.Unit.MILLISECONDS, elapsed.toNanos() / 1e6)
        .toJson());
  }

  /** How one NOTIFY ended. */
  public enum Outcome {
    /** The secondary answered NOERROR (RFC 1996 §4.7). */
    ACKNOWLEDGED,
    /** The secondary answered with an error rcode (NOTAUTH, REFUSED, ...). */
    REJECTED,
    /** No answer after every retry (RFC 1996 §4.4). */
    TIMED_OUT,
    /** The message could not be sent (no route, bad address). */
    FAILED
  }
}
