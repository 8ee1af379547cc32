package dev.ddns.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");

  @Test
  void aFullBucketGivesItsBurstThenRefillsAtItsRate() {
    TokenBucket bucket = new TokenBucket(2, 3, T0);
    assertEquals(3, drain(bucket, T0));
    assertFalse(bucket.tryTake(T0.plusMillis(499)), "0.998 of a token");
    assertTrue(bucket.tryTake(T0.plusMillis(500)));
    assertFalse(bucket.available(T0.plusMillis(500)));
    assertEquals(3, drain(bucket, T0.plus(Duration.ofHours(1))), "never more than the burst");
  }

  @Test
  void availableDoesNotTake() {
    TokenBucket bucket = new TokenBucket(1, 1, T0);
    assertTrue(bucket.available(T0));
    assertTrue(bucket.available(T0));
    bucket.take();
    assertFalse(bucket.available(T0));
  }

  @Test
  void anUnlimitedBucketNeverRunsOut() {
    TokenBucket bucket = TokenBucket.unlimited(T0);
    assertEquals(1000, drain(bucket, T0, 1000));
    assertEquals(1000, drain(bucket, T0.plusSeconds(1), 1000));
  }

  private static int drain(TokenBucket bucket, Instant now) {
    return drain(bucket, now, Integer.MAX_VALUE);
  }

  private static int drain(TokenBucket bucket, Instant now, int most) {
    int taken = 0;
    while (taken < most && bucket.tryTake(now)) {
      taken++;
    }
    return taken;
  }
}
