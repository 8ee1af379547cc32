package dev.ddns.relay;

import dev.ddns.core.model.AddressPrefix;
import dev.ddns.core.model.IpAddress;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How much unsigned UDP the relay handles, in the spirit of BIND's response-rate limiting: token
 * buckets for all unsigned datagrams and per source prefix (IPv4 /24, IPv6 /56), each holding one
 * second's worth, counted in datagrams and in the bytes of the answers sent (charged once an
 * answer is known, so a prefix that drew large answers waits until its bytes have come back).
 * Over a limit a datagram costs no trip to the endpoint: it is dropped, and every {@code slip}-th
 * one gets an empty truncated answer (TC=1), so that a real client retries over TCP, which this
 * limit does not apply to. Signed requests are not counted, nor are sources in an exempt prefix.
 *
 * @param rate unsigned datagrams per second in all; 0: no limit
 * @param prefixRate unsigned datagrams per second from one source prefix; 0: no limit
 * @param slip every slip-th datagram over a limit is answered TC=1; 0: none is, 1: all are
 * @param byteRate bytes of unsigned answers per second in all; 0: no limit
 * @param prefixByteRate bytes of unsigned answers per second to one source prefix; 0: no limit
 * @param exempt sources the limit does not apply to (e.g. a monitoring host); none by default
 */
public record UnsignedLimit(int rate, int prefixRate, int slip, int byteRate, int prefixByteRate,
    List<AddressPrefix> exempt) {
  public static final int DEFAULT_RATE = 1_000;
  public static final int DEFAULT_PREFIX_RATE = 100;
  /** BIND's default slip: every second request over the limit is answered TC=1. */
  public static final int DEFAULT_SLIP = 2;
  /** About 400 answers of the 1,232 bytes an unsigned UDP answer may have, per second. */
  public static final int DEFAULT_BYTE_RATE = 500_000;
  /** About 40 answers of 1,232 bytes, or 100 of 500, per second to one source prefix. */
  public static final int DEFAULT_PREFIX_BYTE_RATE = 50_000;
  /** 1,000/s and 500,000 B/s in all, 100/s and 50,000 B/s per source prefix, slip 2, no exempt. */
  public static final UnsignedLimit DEFAULT = new UnsignedLimit(DEFAULT_RATE, DEFAULT_PREFIX_RATE,
      DEFAULT_SLIP, DEFAULT_BYTE_RATE, DEFAULT_PREFIX_BYTE_RATE, List.of());
  /** No limit: every unsigned request goes to the endpoint while the queue has room. */
  public static final UnsignedLimit NONE = new UnsignedLimit(0, 0, 0);

  public UnsignedLimit {
    if (rate < 0 || prefixRate < 0 || slip < 0 || byteRate < 0 || prefixByteRate < 0) {
      throw new IllegalArgumentException("unsigned rate limits and slip must be 0 or more: rate "
          + rate + ", prefix rate " + prefixRate + ", slip " + slip + ", bytes " + byteRate
          + ", prefix bytes " + prefixByteRate);
    }
    exempt = List.copyOf(exempt);
  }

  /** Datagram limits only: no byte limit, nothing exempt. */
  public UnsignedLimit(int rate, int prefixRate, int slip) {
    this(rate, prefixRate, slip, 0, 0, List.of());
  }

  /** This limit with the byte budgets of answers. */
  public UnsignedLimit withBytes(int overall, int perPrefix) {
    return new UnsignedLimit(rate, prefixRate, slip, overall, perPrefix, exempt);
  }

  /** This limit with {@code prefixes} exempt from it. */
  public UnsignedLimit withExempt(List<AddressPrefix> prefixes) {
    return new UnsignedLimit(rate, prefixRate, slip, byteRate, prefixByteRate, prefixes);
  }

  /** True when {@code source} is in an exempt prefix. */
  boolean exempts(InetAddress source) {
    for (AddressPrefix prefix : exempt) {
      if (prefix.contains(IpAddress.of(source.getAddress()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * What is limited and what is exempt, for the start line, e.g. {@code 1000/s and 500000 B/s in
   * all, 100/s and 50000 B/s per source prefix (/24, /56), slip 2; exempt: none}.
   */
  String describe() {
    return both(rate, byteRate) + " in all, " + both(prefixRate, prefixByteRate)
        + " per source prefix (/24, /56), slip " + slip + "; exempt: "
        + (exempt.isEmpty() ? "none" : exempt.stream().map(AddressPrefix::toString)
            .collect(Collectors.joining(", ")));
  }

  private static String both(int datagrams, int bytes) {
    if (datagrams == 0 && bytes == 0) {
      return "no limit";
    }
    return (datagrams == 0 ? "no datagram limit" : datagrams + "/s") + " and "
        + (bytes == 0 ? "no byte limit" : bytes + " B/s");
  }
}
