package dev.ddns.core.service;

/**
 * How much work {@link DnsService} takes on: a token bucket per TSIG key (requests per second and
 * burst), and a bound on requests in flight at once, so that a flood is turned away early instead
 * of queueing until memory runs out.
 *
 * @param keyRate requests per second each key may sustain; infinite for no limit
 * @param keyBurst requests a key may send at once after a quiet spell
 * @param maxInFlight requests handled at the same time; more are answered SERVFAIL at once
 */
public record ServiceLimits(double keyRate, int keyBurst, int maxInFlight) {
  /** For production: 50 requests/s per key with bursts of 100, 256 requests in flight. */
  public static final ServiceLimits DEFAULT = new ServiceLimits(50, 100, 256);
  /** No limit at all: tests, benchmarks and {@code ddns local}. */
  public static final ServiceLimits NONE =
      new ServiceLimits(Double.POSITIVE_INFINITY, Integer.MAX_VALUE, Integer.MAX_VALUE);

  public ServiceLimits {
    if (!(keyRate > 0) || keyBurst < 1 || maxInFlight < 1) {
      throw new IllegalArgumentException("limits must be positive: rate " + keyRate + "/s, burst "
          + keyBurst + ", in flight " + maxInFlight);
    }
  }

  /** True when keys are rate limited at all. */
  boolean limitsKeys() {
    return keyRate != Double.POSITIVE_INFINITY;
  }
}
