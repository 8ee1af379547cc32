package dev.ddns.adapter.dns;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * NOTIFY targets as zone settings hold them, in the {@link HostPort} form; the port defaults to
 * 53 and may not be 0.
 */
public final class NotifyTargets {
  public static final int DNS_PORT = 53;

  private NotifyTargets() {}

  /**
   * {@code target} read, without resolving it.
   *
   * @throws IllegalArgumentException when it is malformed or names port 0
   */
  public static HostPort check(String target) {
    HostPort parsed;
    try {
      parsed = HostPort.parse(target);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " in " + target, e);
    }
    if (parsed.portOr(DNS_PORT) == 0) {
      throw new IllegalArgumentException("port 0 in " + target);
    }
    return parsed;
  }

  /**
   * The socket address of {@code target}, resolving a host name.
   *
   * @throws IllegalArgumentException when it is malformed
   * @throws UnknownHostException when the host name does not resolve
   */
  public static InetSocketAddress resolve(String target) throws UnknownHostException {
    return check(target).resolve(DNS_PORT);
  }
}
