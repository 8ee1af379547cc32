package dev.ddns.testing;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * A log-normal latency distribution given by its median and 99th percentile, the two figures
 * latency reports quote; a median equal to the 99th percentile is a fixed latency.
 *
 * @param median half of all samples are below it
 * @param p99 99 % of all samples are below it
 */
public record Latency(Duration median, Duration p99) {
  /** The standard normal's 99th percentile. */
  private static final double Z99 = 2.326348;

  public Latency {
    if (median.isNegative() || p99.compareTo(median) < 0) {
      throw new IllegalArgumentException("need 0 <= median <= p99: " + median + ", " + p99);
    }
  }

  /** No latency at all. */
  public static final Latency NONE = fixed(Duration.ZERO);

  /** Always {@code d}. */
  public static Latency fixed(Duration d) {
    return new Latency(d, d);
  }

  /** Median and 99th percentile in milliseconds. */
  public static Latency millis(double median, double p99) {
    return new Latency(Duration.ofNanos((long) (median * 1e6)), Duration.ofNanos((long) (p99 * 1e6)));
  }

  /** One latency drawn from the distribution. */
  public Duration sample(RandomGenerator random) {
    if (median.isZero() || median.equals(p99)) {
      return median;
    }
    double sigma = Math.log((double) p99.toNanos() / median.toNanos()) / Z99;
    return Duration.ofNanos((long) (median.toNanos() * Math.exp(sigma * random.nextGaussian())));
  }
}
