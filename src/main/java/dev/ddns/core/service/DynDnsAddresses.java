package dev.ddns.core.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Address;

/**
 * The addresses a dyndns2 call sets (docs/clients.md): from {@code myip}, an IPv4 and an IPv6
 * address separated by a comma, in either order, the first of each family; what is not an address
 * literal is ignored, as dyndns2 servers do. Without a usable {@code myip}, the client's own
 * address. Literals only: nothing here resolves a name.
 */
final class DynDnsAddresses {
  private DynDnsAddresses() {}

  /** The addresses to set, IPv4 first; empty when neither {@code myip} nor the client has one. */
  static List<InetAddress> of(Optional<String> myip, String clientIp) {
    List<InetAddress> given = parse(myip.orElse(""));
    return given.isEmpty() ? parse(clientIp) : given;
  }

  private static List<InetAddress> parse(String text) {
    Optional<InetAddress> v4 = Optional.empty();
    Optional<InetAddress> v6 = Optional.empty();
    for (String part : text.split(",")) {
      String literal = part.trim();
      if (v4.isEmpty()) {
        v4 = literal(literal, Address.IPv4);
      }
      if (v6.isEmpty()) {
        v6 = literal(literal, Address.IPv6);
      }
    }
    List<InetAddress> addresses = new ArrayList<>(2);
    v4.ifPresent(addresses::add);
    v6.filter(a -> Address.familyOf(a) == Address.IPv6).ifPresent(addresses::add);
    return addresses;
  }

  private static Optional<InetAddress> literal(String text, int family) {
    byte[] bytes = Address.toByteArray(text, family);
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
