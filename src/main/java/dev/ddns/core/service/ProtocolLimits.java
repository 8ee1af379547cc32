package dev.ddns.core.service;

import dev.ddns.core.tsig.TsigVerifier;
import java.time.Duration;
import java.util.Objects;

/**
 * Protocol bounds {@link DnsService} applies to every request, whatever its key or zone.
 *
 * @param unsignedUdpLimit the largest UDP answer to a request without a verified TSIG, in bytes:
 *     anything bigger is sent truncated (TC=1), so an unsigned query amplifies at most this much;
 *     signed requests get up to the client's EDNS size and the path's limit
 * @param maxFudge the widest TSIG time window this server accepts (RFC 8945 §5.2.3): a request
 *     verifies only when its time signed lies within the smaller of its own fudge and this of the
 *     server's clock, so a captured message is good for at most this long
 */
public record ProtocolLimits(int unsignedUdpLimit, Duration maxFudge) {
  /** The DNS Flag Day 2020 size, BIND's and Knot's default maximum UDP answer. */
  public static final int DEFAULT_UNSIGNED_UDP_LIMIT = 1232;
  /** The largest fudge the TSIG record can carry (a 16-bit count of seconds). */
  public static final Duration LARGEST_FUDGE = Duration.ofSeconds(65_535);
  /** 1,232 bytes for unsigned UDP answers, 300 s of fudge at most. */
  public static final ProtocolLimits DEFAULT =
      new ProtocolLimits(DEFAULT_UNSIGNED_UDP_LIMIT, TsigVerifier.DEFAULT_MAX_FUDGE);

  public ProtocolLimits {
    Objects.requireNonNull(maxFudge, "maxFudge");
    if (unsignedUdpLimit < 512 || unsignedUdpLimit > RequestContext.MAX_MESSAGE) {
      throw new IllegalArgumentException("the unsigned UDP limit must be within 512..65535 bytes: "
          + unsignedUdpLimit);
    }
    if (maxFudge.isNegative() || maxFudge.compareTo(LARGEST_FUDGE) > 0) {
      throw new IllegalArgumentException("the maximum TSIG fudge must be within 0..65535 s: "
          + maxFudge.toSeconds());
    }
  }

  public ProtocolLimits withMaxFudge(Duration fudge) {
    return new ProtocolLimits(unsignedUdpLimit, fudge);
  }

  public ProtocolLimits withUnsignedUdpLimit(int limit) {
    return new ProtocolLimits(limit, maxFudge);
  }
}
