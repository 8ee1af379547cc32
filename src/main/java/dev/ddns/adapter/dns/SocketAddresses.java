package dev.ddns.adapter.dns;

import dev.ddns.core.model.IpAddress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Socket addresses as people write them: {@code 127.0.0.1:53}, {@code [::1]:53}. */
public final class SocketAddresses {
  private SocketAddresses() {}

  /** {@code host:port}, IPv6 in brackets and in the short form of RFC 5952. */
  public static String format(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    String host = ip == null ? address.getHostString() : host(ip);
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  /** The address text; IPv6 in the short form of RFC 5952 ({@link IpAddress}). */
  public static String host(InetAddress ip) {
    String text = ip.getHostAddress();
    if (!(ip instanceof Inet6Address)) {
      return text;
    }
    int percent = text.indexOf('%');
    String scope = percent < 0 ? "" : text.substring(percent);
    return IpAddress.of(ip.getAddress()) + scope;
  }
}
