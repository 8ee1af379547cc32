package dev.ddns.core.model;

import org.xbill.DNS.SOARecord;

/**
 * Serial number arithmetic of <a href="https://www.rfc-editor.org/rfc/rfc1982">RFC 1982</a> for
 * 32-bit SOA serials, held in a {@code long} in the range 0..2^32-1.
 */
public final class Serial {
  private static final long MODULUS = 1L << 32;
  private static final long HALF = 1L << 31;

  private Serial() {}

  /** RFC 1982 §3.1: addition of a positive number below 2^31, wrapping at 2^32. */
  public static long add(long serial, long increment) {
    if (increment < 0 || increment >= HALF) {
      throw new IllegalArgumentException("increment out of range: " + increment);
    }
    return (serial + increment) % MODULUS;
  }

  /** RFC 1982 §3.2: true when {@code a} is greater than {@code b}; undefined pairs compare false. */
  public static boolean isGreater(long a, long b) {
    return (a < b && b - a > HALF) || (a > b && a - b < HALF);
  }

  /** How many serials {@code to} is past {@code from}, counting round the wrap (0..2^32-1). */
  public static long distance(long from, long to) {
    return Math.floorMod(to - from, MODULUS);
  }

  /** {@code soa} with {@code serial} in place of its own, everything else kept. */
  public static SOARecord replaced(SOARecord soa, long serial) {
    return new SOARecord(soa.getName(), soa.getDClass(), soa.getTTL(), soa.getHost(),
        soa.getAdmin(), serial, soa.getRefresh(), soa.getRetry(), soa.getExpire(),
        soa.getMinimum());
  }

  /**
   * The next serial after {@code current} that is at least {@code candidate} when that is ahead in
   * RFC 1982 terms, else {@code current + 1}; never 0, which many tools treat as "unset".
   */
  public static long next(long current, long candidate) {
    long next = isGreater(candidate, current) ? candidate % MODULUS : add(current, 1);
    return next == 0 ? 1 : next;
  }
}
