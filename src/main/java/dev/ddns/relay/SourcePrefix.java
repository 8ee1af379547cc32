package dev.ddns.relay;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An address prefix such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}; a bare address is its
 * own /32 or /128. Bits past the length are ignored.
 */
public record SourcePrefix(byte[] network, int bits) {
  public SourcePrefix {
    network = network.clone();
    if (network.length != 4 && network.length != 16) {
      throw new IllegalArgumentException("a prefix needs an IPv4 or IPv6 address");
    }
    if (bits < 0 || bits > network.length * 8) {
      throw new IllegalArgumentException("prefix length " + bits + " is out of range for "
          + (network.length == 4 ? "IPv4 (0..32)" : "IPv6 (0..128)"));
    }
  }

  /** Parses {@code ADDRESS[/LENGTH]}; literal addresses only, no host names. */
  public static SourcePrefix parse(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    if (!address.matches("[0-9a-fA-F:.]+") || (!address.contains(":") && !address.contains("."))) {
      throw new IllegalArgumentException("'" + text + "' is not an address prefix such as "
          + "10.0.0.0/8 or 2001:db8::/32");
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not an address prefix", e);
    }
    int bits;
    try {
      bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' has no prefix length after the /", e);
    }
    return new SourcePrefix(bytes, bits);
  }

  /** True when {@code address} is of the same family and its first {@code bits} match. */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) {
      return false;
    }
    int full = bits / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = bits % 8;
    int mask = (0xff << (8 - rest)) & 0xff;
    return rest == 0 || (a[full] & mask) == (network[full] & mask);
  }

  @Override
  public byte[] network() {
    return network.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SourcePrefix p && bits == p.bits && Arrays.equals(network, p.network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + bits;
  }

  @Override
  public String toString() {
    try {
      String host = InetAddress.getByAddress(network).getHostAddress();
      return (network.length == 16 ? host.replaceAll("(^|:)0(:0)+(:|$)", "::")
          .replaceFirst(":::+", "::") : host) + "/" + bits;
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are an address", e);
    }
  }
}
