package dev.ddns.core.service;

import java.time.Duration;
import java.time.Instant;

/**
 * Tokens that come back at {@code rate} per second up to {@code burst}; a request takes one. Not
 * thread-safe: callers hold their own lock, which also lets one check several buckets before it
 * takes from any.
 */
public final class TokenBucket {
  private final double rate;
  private final double burst;
  private double tokens;
  private Instant refilled;

  /** A full bucket. */
  public TokenBucket(double rate, double burst, Instant now) {
    this.rate = rate;
    this.burst = burst;
    this.tokens = burst;
    this.refilled = now;
  }

  /** A bucket that never runs out. */
  public static TokenBucket unlimited(Instant now) {
    return new TokenBucket(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, now);
  }

  /** Adds the tokens that came back since the last call; true when one is there to take. */
  public boolean available(Instant now) {
    if (now.isAfter(refilled)) {
      double seconds = Duration.between(refilled, now).toNanos() / 1e9;
      tokens = Math.min(burst, tokens + seconds * rate);
      refilled = now;
    }
    return tokens >= 1;
  }

  /** Takes a token; call after {@link #available} said there is one. */
  public void take() {
    tokens--;
  }

  /**
   * Takes {@code amount} tokens at once, however many are there: a bucket charged after the fact
   * (e.g. with the bytes of an answer) may fall into debt, and is empty until they come back.
   */
  public void spend(double amount, Instant now) {
    available(now);
    tokens -= amount;
  }

  /** Takes a token when one is there. */
  public boolean tryTake(Instant now) {
    if (!available(now)) {
      return false;
    }
    take();
    return true;
  }
}
