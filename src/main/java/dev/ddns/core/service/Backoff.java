package dev.ddns.core.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When an update lost a race with another writer: wait a random time below an exponentially
 * growing cap ("full jitter"), so that colliding writers spread out, and give up at a deadline.
 */
final class Backoff {
  private static final Duration FIRST_CAP = Duration.ofMillis(2);
  private static final Duration MAX_CAP = Duration.ofMillis(100);
  /** How long one update may keep retrying before the client gets SERVFAIL. */
  static final Duration DEADLINE = Duration.ofSeconds(3);
  /** A bound that holds even when the clock stands still (tests use fixed clocks). */
  static final int MAX_ATTEMPTS = 64;

  private final Clock clock;
  private final RandomGenerator random;

  /** A fresh random source for the jitter, where nothing injects one. */
  static RandomGenerator freshJitter() {
    return RandomGenerator.of("L64X128MixRandom");
  }

  Backoff(Clock clock, RandomGenerator random) {
    this.clock = clock;
    this.random = random;
  }

  /** The moment after which no further attempt starts. */
  Instant deadline() {
    return clock.instant().plus(DEADLINE);
  }

  /** Sleeps before attempt {@code attempt} (1 = first retry); false once past the deadline. */
  boolean pause(int attempt, Instant deadline) {
    if (attempt >= MAX_ATTEMPTS) {
      return false;
    }
    long capMillis = Math.min(MAX_CAP.toMillis(), FIRST_CAP.toMillis() << Math.min(attempt, 16));
    long sleep = random.nextLong(capMillis + 1);
    if (clock.instant().plusMillis(sleep).isAfter(deadline)) {
      return false;
    }
    try {
      Thread.sleep(sleep);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
