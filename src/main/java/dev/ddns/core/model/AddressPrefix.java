package dev.ddns.core.model;

/**
 * An address prefix such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}; a bare address is its
 * own /32 or /128. Bits past the length are ignored. Address grants (docs/policy.md) and the
 * relay's exemptions from its unsigned rate limit are written with it.
 *
 * @param network the prefix's address
 * @param bits how many leading bits an address must share with {@code network}
 */
public record AddressPrefix(IpAddress network, int bits) {
  public AddressPrefix {
    if (bits < 0 || bits > network.bits()) {
      throw new IllegalArgumentException("prefix length " + bits + " is out of range for "
          + (network.isV4() ? "IPv4 (0..32)" : "IPv6 (0..128)"));
    }
  }

  /** Parses {@code ADDRESS[/LENGTH]}; literal addresses only, no host names. */
  public static AddressPrefix parse(String text) {
    String trimmed = text.strip();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    IpAddress network = IpAddress.parse(address).orElseThrow(() -> new IllegalArgumentException(
        "'" + text + "' is not an address prefix such as 10.0.0.0/8 or 2001:db8::/32"));
    if (slash < 0) {
      return new AddressPrefix(network, network.bits());
    }
    String length = trimmed.substring(slash + 1);
    if (!length.matches("\\d{1,3}")) {
      throw new IllegalArgumentException("'" + text + "' has no prefix length after the /");
    }
    return new AddressPrefix(network, Integer.parseInt(length));
  }

  /** True when {@code address} is of the same family and its first {@link #bits} match. */
  public boolean contains(IpAddress address) {
    if (address.isV4() != network.isV4()) {
      return false;
    }
    int full = bits / 8;
    for (int i = 0; i < full; i++) {
      if (address.at(i) != network.at(i)) {
        return false;
      }
    }
    int rest = bits % 8;
    int mask = (0xff << (8 - rest)) & 0xff;
    return rest == 0 || (address.at(full) & mask) == (network.at(full) & mask);
  }

  @Override
  public String toString() {
    return network + "/" + bits;
  }
}
