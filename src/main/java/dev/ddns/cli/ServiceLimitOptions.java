package dev.ddns.cli;

import dev.ddns.core.service.ServiceLimits;
import picocli.CommandLine.Option;

/**
 * The endpoint's {@link ServiceLimits} for {@code ddns local}: off unless set, since {@code ddns
 * local} is a demo and a benchmark target. The Lambda has them on ({@link ServiceLimits#DEFAULT}:
 * 50 requests/s per key, burst 100, 256 in flight); setting only one of the rate and the burst
 * takes the other from there, as the Lambda's variables do.
 */
final class ServiceLimitOptions {
  @Option(names = "--key-rate", paramLabel = "N",
      description = "Requests per second each TSIG key may sustain; over it the endpoint answers "
          + "REFUSED with an Extended DNS Error; default: no limit (the Lambda: 50).")
  Double keyRate;

  @Option(names = "--key-burst", paramLabel = "N",
      description = "Requests a key may send at once after a quiet spell; default: 100 when "
          + "--key-rate is set, as in the Lambda.")
  Integer keyBurst;

  @Option(names = "--max-in-flight", paramLabel = "N",
      description = "Requests the endpoint handles at once; more are answered SERVFAIL 'server "
          + "busy'; default: no limit (the Lambda: 256).")
  Integer maxInFlight;

  /** The limits; throws IllegalArgumentException, naming the option, for a value out of range. */
  ServiceLimits limits() {
    if (keyRate != null && !(keyRate > 0 && Double.isFinite(keyRate))) {
      throw new IllegalArgumentException(
          "--key-rate must be a positive number of requests per second: " + keyRate);
    }
    if (keyBurst != null && keyBurst < 1) {
      throw new IllegalArgumentException("--key-burst must be 1 or more: " + keyBurst);
    }
    if (maxInFlight != null && maxInFlight < 1) {
      throw new IllegalArgumentException("--max-in-flight must be 1 or more: " + maxInFlight);
    }
    ServiceLimits none = ServiceLimits.NONE;
    boolean keys = keyRate != null || keyBurst != null;
    ServiceLimits defaults = ServiceLimits.DEFAULT;
    return new ServiceLimits(
        keys ? orElse(keyRate, defaults.keyRate()) : none.keyRate(),
        keys ? orElse(keyBurst, defaults.keyBurst()) : none.keyBurst(),
        orElse(maxInFlight, none.maxInFlight()));
  }

  private static <T> T orElse(T value, T otherwise) {
    return value != null ? value : otherwise;
  }
}
