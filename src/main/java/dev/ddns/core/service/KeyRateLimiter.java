package dev.ddns.core.service;

import java.time.Clock;
import org.xbill.DNS.Name;

/**
 * A token bucket per TSIG key: each request takes a token; tokens come back at the key's rate up
 * to the burst. Only verified keys get a bucket, so the map grows with the key store, not with
 * what clients send; it is bounded all the same.
 */
final class KeyRateLimiter {
  private final ServiceLimits limits;
  private final NamedBuckets<Name> buckets;

  KeyRateLimiter(ServiceLimits limits, Clock clock) {
    this.limits = limits;
    this.buckets = new NamedBuckets<>(limits.keyRate(), limits.keyBurst(), clock);
  }

  /** Takes a token for {@code key}; false when its bucket is empty. */
  boolean tryAcquire(Name key) {
    return !limits.limitsKeys() || buckets.tryTake(key);
  }
}
