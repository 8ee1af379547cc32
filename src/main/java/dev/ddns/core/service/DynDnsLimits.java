package dev.ddns.core.service;

/**
 * How often dyndns2 calls are answered (docs/clients.md, "Limits"): a token bucket per token for
 * the calls its secret verifies, and one per user name for the wrong or missing passwords.
 *
 * @param callRate calls per second a token may sustain
 * @param callBurst calls a token may make at once after a quiet spell
 * @param failureRate wrong passwords per second answered {@code badauth} for one user name
 * @param failureBurst wrong passwords answered {@code badauth} at once; past it {@code abuse}
 */
public record DynDnsLimits(double callRate, int callBurst, double failureRate, int failureBurst) {
  /** One call a minute per token with bursts of 10; one wrong password a minute, bursts of 5. */
  public static final DynDnsLimits DEFAULT = new DynDnsLimits(1.0 / 60, 10, 1.0 / 60, 5);

  public DynDnsLimits {
    if (!(callRate > 0) || callBurst < 1 || !(failureRate > 0) || failureBurst < 1) {
      throw new IllegalArgumentException("dyndns2 limits must be positive: calls " + callRate
          + "/s burst " + callBurst + ", failures " + failureRate + "/s burst " + failureBurst);
    }
  }
}
