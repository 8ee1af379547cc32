package dev.ddns.core.model;

import java.util.Arrays;
import java.util.Optional;
import org.xbill.DNS.Address;

/**
 * An IPv4 or IPv6 address as bytes, read from and written as text without any lookup: the
 * client address that address grants match (docs/policy.md) and the network of an {@link
 * AddressPrefix}. An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}) is the IPv4 address.
 */
public final class IpAddress {
  private static final int V4 = 4;
  private static final int V6 = 16;
  private static final int MAPPED_PREFIX = 12;

  private final byte[] bytes;

  private IpAddress(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The address of 4 or 16 bytes; throws IllegalArgumentException for any other length. */
  public static IpAddress of(byte[] bytes) {
    if (bytes.length != V4 && bytes.length != V6) {
      throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + bytes.length);
    }
    return new IpAddress(unmapped(bytes.clone()));
  }

  /** The address a literal such as {@code 192.0.2.1} or {@code 2001:db8::1} writes; no names. */
  public static Optional<IpAddress> parse(String text) {
    String literal = text.strip();
    byte[] bytes = literal.contains(":") ? Address.toByteArray(literal, Address.IPv6)
        : Address.toByteArray(literal, Address.IPv4);
    return Optional.ofNullable(bytes).map(IpAddress::of);
  }

  /**
   * The address of a client as the service records it: {@code 192.0.2.1:5353}, {@code
   * [2001:db8::1]:5353}, BIND's {@code 192.0.2.1#5353}, or a bare address (the source IP of a
   * Lambda Function URL event).
   */
  public static Optional<IpAddress> ofClient(String client) {
    String text = client.strip();
    int hash = text.indexOf('#');
    if (hash >= 0) {
      return parse(text.substring(0, hash));
    }
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      return close < 0 ? Optional.empty() : parse(text.substring(1, close));
    }
    int colon = text.indexOf(':');
    if (colon >= 0 && colon == text.lastIndexOf(':')) {
      return parse(text.substring(0, colon));
    }
    return parse(text);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public boolean isV4() {
    return bytes.length == V4;
  }

  /** The number of bits: 32 or 128. */
  public int bits() {
    return bytes.length * 8;
  }

  /** The address in bytes, for those that read them without copying. */
  byte at(int index) {
    return bytes[index];
  }

  private static byte[] unmapped(byte[] bytes) {
    if (bytes.length != V6) {
      return bytes;
    }
    for (int i = 0; i < MAPPED_PREFIX - 2; i++) {
      if (bytes[i] != 0) {
        return bytes;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff
        ? Arrays.copyOfRange(bytes, MAPPED_PREFIX, V6) : bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpAddress a && Arrays.equals(bytes, a.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Dotted quad for IPv4; for IPv6 the short form of RFC 5952 §4 (lower case, longest zero run as {@code ::}). */
  @Override
  public String toString() {
    if (isV4()) {
      return Address.toDottedQuad(bytes);
    }
    String[] groups = new String[V6 / 2];
    for (int i = 0; i < groups.length; i++) {
      groups[i] = Integer.toHexString(((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff));
    }
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
      return String.join(":", groups);
    }
    return String.join(":", Arrays.copyOfRange(groups, 0, bestStart)) + "::"
        + String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
  }
}
