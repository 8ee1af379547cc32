package dev.ddns.adapter.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * NOTIFY targets as zone settings hold them: {@code host}, {@code host:port} or
 * {@code [v6]:port}; a bare IPv6 address without brackets is taken whole. The port defaults to 53.
 */
public final class NotifyTargets {
  public static final int DNS_PORT = 53;

  private NotifyTargets() {}

  /**
   * The socket address of {@code target}, resolving a host name.
   *
   * @throws IllegalArgumentException when it is malformed
   * @throws UnknownHostException when the host name does not resolve
   */
  public static InetSocketAddress resolve(String target) throws UnknownHostException {
    String text = target.trim();
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("no closing ] in " + target);
      }
      host = text.substring(1, close);
      String rest = text.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        throw new IllegalArgumentException("expected :port after ] in " + target);
      }
      port = rest.isEmpty() ? "" : rest.substring(1);
    } else if (text.indexOf(':') == text.lastIndexOf(':')) {
      int colon = text.indexOf(':');
      host = colon < 0 ? text : text.substring(0, colon);
      port = colon < 0 ? "" : text.substring(colon + 1);
    } else {
      host = text;
      port = "";
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("no host in " + target);
    }
    return new InetSocketAddress(InetAddress.getByName(host), port(port, target));
  }

  private static int port(String text, String target) {
    if (text.isEmpty()) {
      return DNS_PORT;
    }
    try {
      int port = Integer.parseInt(text);
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("port out of range in " + target);
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port in " + target, e);
    }
  }
}
