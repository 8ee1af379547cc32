package dev.ddns.relay;

import java.time.Duration;

/**
 * How the relay keeps slow TCP clients from holding its connection slots (<a
 * href="https://www.rfc-editor.org/rfc/rfc7766#section-6.2">RFC 7766 §6.2</a>, docs/ROBUSTNESS.md,
 * "Floods"). The idle timeout is per read; these bound the rest.
 *
 * @param messageTimeout how long a client has for one whole message once its first byte came,
 *     and for taking each answer (or page of a transfer) the relay writes; then the connection
 *     is closed
 * @param perAddress connections held at once from one IPv4 address or IPv6 /64; more are refused
 * @param reserved slots kept free for new clients: when all but these are held, a new connection
 *     closes the one that has waited on its client longest (idle, or inside a message)
 */
public record TcpLimits(Duration messageTimeout, int perAddress, int reserved) {
  public static final Duration DEFAULT_MESSAGE_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_PER_ADDRESS = 16;

  public TcpLimits {
    if (messageTimeout == null || messageTimeout.isNegative() || messageTimeout.isZero()) {
      throw new IllegalArgumentException("messageTimeout must be a positive duration");
    }
    if (perAddress < 1 || reserved < 0) {
      throw new IllegalArgumentException("perAddress must be positive and reserved 0 or more: "
          + perAddress + ", " + reserved);
    }
  }

  /** 10 s per message, 16 connections per address, an eighth of {@code connections} kept free. */
  public static TcpLimits defaults(int connections) {
    return new TcpLimits(DEFAULT_MESSAGE_TIMEOUT, Math.min(DEFAULT_PER_ADDRESS, connections),
        connections / 8);
  }

  /** For the start line, e.g. {@code 10 s per message, 16 per address, 32 kept for new clients}. */
  String describe() {
    return messageTimeout.toMillis() / 1000.0 + " s per message, " + perAddress
        + " per address, " + reserved + " kept for new clients";
  }
}
