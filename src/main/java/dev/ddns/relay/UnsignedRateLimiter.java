package dev.ddns.relay;

import dev.ddns.core.service.TokenBucket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an {@link UnsignedLimit} to the unsigned datagrams of all of the relay's UDP sockets,
 * counting datagrams when they come and the bytes of their answers when these are sent.
 * Sources in an exempt prefix pass uncounted. Source prefixes (IPv4 /24, IPv6 /56, BIND's
 * defaults) share a fixed table of buckets by hash,
 * so memory stays bounded whatever source addresses a flood claims; two prefixes that meet in one
 * slot share a limit, which only makes it stricter. Counts what it limits and logs at powers of
 * two.
 */
final class UnsignedRateLimiter {
  private static final Logger LOG = LoggerFactory.getLogger(UnsignedRateLimiter.class);
  /** What becomes of one unsigned datagram. */
  enum Verdict {
    /** Within the limits: handled as usual. */
    PASS,
    /** Over a limit: no answer. */
    DROP,
    /** Over a limit, but answered TC=1 so that the client retries over TCP. */
    SLIP
  }

  static final int IPV4_PREFIX_BITS = 24;
  static final int IPV6_PREFIX_BITS = 56;
  private static final int SLOTS = 4096;

  private final UnsignedLimit limit;
  private final Clock clock;
  private final TokenBucket overall;
  private final TokenBucket overallBytes;
  private final TokenBucket[] prefixes = new TokenBucket[SLOTS];
  private final TokenBucket[] prefixBytes = new TokenBucket[SLOTS];
  private long limited;
  private long slipped;

  UnsignedRateLimiter(UnsignedLimit limit, Clock clock) {
    this.limit = limit;
    this.clock = clock;
    this.overall = bucket(limit.rate(), clock.instant());
    this.overallBytes = bucket(limit.byteRate(), clock.instant());
  }

  /**
   * Takes a token from the overall bucket and from the source's prefix bucket, or neither when
   * either is empty or a byte budget is spent; a source in an exempt prefix always passes.
   *
   * @param source the datagram's source address
   * @param request true for a DNS request, which may be slipped; false for a datagram the relay
   *     would answer FORMERR, which is only ever dropped over the limit
   */
  synchronized Verdict admit(InetAddress source, boolean request) {
    if (limit.exempts(source)) {
      return Verdict.PASS;
    }
    Instant now = clock.instant();
    int slot = slot(source);
    TokenBucket prefix = prefixBucket(prefixes, slot, limit.prefixRate(), now);
    TokenBucket bytes = prefixBucket(prefixBytes, slot, limit.prefixByteRate(), now);
    if (overall.available(now) && prefix.available(now) && overallBytes.available(now)
        && bytes.available(now)) {
      overall.take();
      prefix.take();
      return Verdict.PASS;
    }
    limited++;
    boolean slip = request && limit.slip() > 0 && limited % limit.slip() == 0;
    if (slip) {
      slipped++;
    }
    if (Long.bitCount(limited) == 1) {
      LOG.info("unsigned UDP over its rate limit (" + limit.describe() + "): " + limited
          + " datagrams dropped so far, " + slipped + " of them answered TC=1");
    }
    return slip ? Verdict.SLIP : Verdict.DROP;
  }

  /**
   * Charges an answer of {@code bytes} sent to {@code source} to the byte budgets, overall and of
   * its prefix (nothing for an exempt source).
   */
  synchronized void charge(InetAddress source, int bytes) {
    if (bytes <= 0 || limit.exempts(source)) {
      return;
    }
    Instant now = clock.instant();
    overallBytes.spend(bytes, now);
    prefixBucket(prefixBytes, slot(source), limit.prefixByteRate(), now).spend(bytes, now);
  }

  /** Unsigned datagrams over a limit so far, slipped ones included. */
  synchronized long limited() {
    return limited;
  }

  /** Unsigned datagrams over a limit that were answered TC=1. */
  synchronized long slipped() {
    return slipped;
  }

  private static TokenBucket prefixBucket(TokenBucket[] table, int slot, int rate, Instant now) {
    if (table[slot] == null) {
      table[slot] = bucket(rate, now);
    }
    return table[slot];
  }

  /** The slot of the source's prefix: its leading bits, mixed (the finaliser of SplitMix64). */
  static int slot(InetAddress source) {
    byte[] address = source.getAddress();
    int bits = source instanceof Inet4Address ? IPV4_PREFIX_BITS : IPV6_PREFIX_BITS;
    long key = address.length;
    for (int i = 0; i < bits / 8; i++) {
      key = (key << 8) | (address[i] & 0xff);
    }
    key = (key ^ (key >>> 30)) * 0xbf58476d1ce4e5b9L;
    key = (key ^ (key >>> 27)) * 0x94d049bb133111ebL;
    key ^= key >>> 31;
    return (int) (key & (SLOTS - 1));
  }

  /** One second's worth of tokens at {@code rate} per second; rate 0: unlimited. */
  private static TokenBucket bucket(int rate, Instant now) {
    return rate == 0 ? TokenBucket.unlimited(now) : new TokenBucket(rate, rate, now);
  }
}
