package dev.ddns.relay;

/**
 * How much unsigned UDP the relay handles, in the spirit of BIND's response-rate limiting: a
 * token bucket for all unsigned datagrams and one per source prefix (IPv4 /24, IPv6 /56), each
 * holding one second's worth. Over a limit a datagram costs no trip to the endpoint: it is
 * dropped, and every {@code slip}-th one gets an empty truncated answer (TC=1), so that a real
 * client retries over TCP, which this limit does not apply to. Signed requests are not counted.
 *
 * @param rate unsigned datagrams per second in all; 0: no limit
 * @param prefixRate unsigned datagrams per second from one source prefix; 0: no limit
 * @param slip every slip-th datagram over a limit is answered TC=1; 0: none is, 1: all are
 */
public record UnsignedLimit(int rate, int prefixRate, int slip) {
  public static final int DEFAULT_RATE = 1_000;
  public static final int DEFAULT_PREFIX_RATE = 100;
  /** BIND's default slip: every second request over the limit is answered TC=1. */
  public static final int DEFAULT_SLIP = 2;
  /** 1,000/s in all, 100/s per source prefix, slip 2. */
  public static final UnsignedLimit DEFAULT =
      new UnsignedLimit(DEFAULT_RATE, DEFAULT_PREFIX_RATE, DEFAULT_SLIP);
  /** No limit: every unsigned request goes to the endpoint while the queue has room. */
  public static final UnsignedLimit NONE = new UnsignedLimit(0, 0, 0);

  public UnsignedLimit {
    if (rate < 0 || prefixRate < 0 || slip < 0) {
      throw new IllegalArgumentException("unsigned rate limits and slip must be 0 or more: rate "
          + rate + ", prefix rate " + prefixRate + ", slip " + slip);
    }
  }

  /** A short description for the log, e.g. {@code 1000/s, 100/s per source prefix, slip 2}. */
  String describe() {
    return (rate == 0 ? "no overall limit" : rate + "/s") + ", "
        + (prefixRate == 0 ? "no limit" : prefixRate + "/s") + " per source prefix, slip " + slip;
  }
}
