package dev.ddns.adapter.dns;

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

  /** The address text; IPv6 with its longest run of zero groups written {@code ::}. */
  public static String host(InetAddress ip) {
    String text = ip.getHostAddress();
    if (!(ip instanceof Inet6Address)) {
      return text;
    }
    int percent = text.indexOf('%');
    String scope = percent < 0 ? "" : text.substring(percent);
    String[] groups = (percent < 0 ? text : text.substring(0, percent)).split(":");
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < groups.length; i++) {
      int j = i;
      while (j < groups.length && groups[j].equals("0")) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
    }
    if (bestStart < 0) {
      return String.join(":", groups) + scope;
    }
    String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
    String tail = String.join(":",
        java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
    return head + "::" + tail + scope;
  }
}
