package dev.ddns.adapter.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.OptionalInt;

/**
 * A host with an optional port, as written on command lines and in zone settings: {@code host},
 * {@code host:port} or {@code [v6]:port}; a bare IPv6 address without brackets is taken whole,
 * with no port. The one parser of that form: NOTIFY targets, the relay's listen addresses.
 *
 * @param host a host name or an address literal, without brackets
 * @param port the port when one was written, 0..65535
 */
public record HostPort(String host, OptionalInt port) {
  private static final int MAX_PORT = 65_535;

  /**
   * Reads {@code text}, trimmed.
   *
   * @throws IllegalArgumentException when it is malformed, saying how
   */
  public static HostPort parse(String text) {
    String trimmed = text.trim();
    if (trimmed.startsWith("[")) {
      return bracketed(trimmed);
    }
    int colon = trimmed.indexOf(':');
    if (colon >= 0 && colon == trimmed.lastIndexOf(':')) {
      return of(trimmed.substring(0, colon), trimmed.substring(colon + 1));
    }
    return of(trimmed, null);
  }

  private static HostPort bracketed(String text) {
    int close = text.indexOf(']');
    if (close < 0) {
      throw new IllegalArgumentException("no closing ] in " + text);
    }
    String rest = text.substring(close + 1);
    if (!rest.isEmpty() && !rest.startsWith(":")) {
      throw new IllegalArgumentException("expected :port after ] in " + text);
    }
    return of(text.substring(1, close), rest.isEmpty() ? null : rest.substring(1));
  }

  private static HostPort of(String host, String port) {
    if (host.isEmpty()) {
      throw new IllegalArgumentException("no host");
    }
    if (!host.matches("[0-9A-Za-z._:%-]+")) {
      throw new IllegalArgumentException("'" + host + "' is not a host name or address");
    }
    return new HostPort(host, port == null ? OptionalInt.empty() : OptionalInt.of(port(port)));
  }

  private static int port(String text) {
    if (!text.matches("\\d{1,5}")) {
      throw new IllegalArgumentException("bad port '" + text + "'");
    }
    int port = Integer.parseInt(text);
    if (port > MAX_PORT) {
      throw new IllegalArgumentException("port " + port + " over " + MAX_PORT);
    }
    return port;
  }

  /** The port, or {@code fallback} when none was written. */
  public int portOr(int fallback) {
    return port.orElse(fallback);
  }

  /**
   * The socket address with the port or {@code fallback}, resolving a host name.
   *
   * @throws UnknownHostException when the host name does not resolve
   */
  public InetSocketAddress resolve(int fallback) throws UnknownHostException {
    return new InetSocketAddress(InetAddress.getByName(host), portOr(fallback));
  }
}
