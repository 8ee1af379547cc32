package dev.ddns.core.service;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.Name;

/**
 * A token bucket per TSIG key: each request takes a token; tokens come back at the key's rate up
 * to the burst. Only verified keys get a bucket, so the map grows with the key store, not with
 * what clients send; it is bounded all the same.
 */
final class KeyRateLimiter {
  private static final int MAX_KEYS = 4096;

  private final ServiceLimits limits;
  private final Clock clock;
  private final Map<Name, TokenBucket> buckets = new ConcurrentHashMap<>();

  KeyRateLimiter(ServiceLimits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
  }

  /** Takes a token for {@code key}; false when its bucket is empty. */
  boolean tryAcquire(Name key) {
    if (!limits.limitsKeys()) {
      return true;
    }
    if (buckets.size() >= MAX_KEYS) {
      buckets.clear();
    }
    Instant now = clock.instant();
    TokenBucket bucket = buckets.computeIfAbsent(key,
        k -> new TokenBucket(limits.keyRate(), limits.keyBurst(), now));
    synchronized (bucket) {
      return bucket.tryTake(now);
    }
  }
}
