package dev.ddns.core.service;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per name, all of one rate and burst: each take draws from the name's bucket.
 * Bounded: past {@value #MAX_NAMES} names the map starts over (full buckets for all).
 *
 * @param <K> what names a bucket
 */
final class NamedBuckets<K> {
  private static final int MAX_NAMES = 4096;

  private final double rate;
  private final double burst;
  private final Clock clock;
  private final Map<K, TokenBucket> buckets = new ConcurrentHashMap<>();

  NamedBuckets(double rate, double burst, Clock clock) {
    this.rate = rate;
    this.burst = burst;
    this.clock = clock;
  }

  /** Takes a token from {@code name}'s bucket; false when it is empty. */
  boolean tryTake(K name) {
    if (buckets.size() >= MAX_NAMES) {
      buckets.clear();
    }
    Instant now = clock.instant();
    TokenBucket bucket = buckets.computeIfAbsent(name, k -> new TokenBucket(rate, burst, now));
    synchronized (bucket) {
      return bucket.tryTake(now);
    }
  }
}
