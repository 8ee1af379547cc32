package dev.ddns.core.service;

import dev.ddns.core.model.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The addresses a dyndns2 call sets (docs/clients.md): from {@code myip}, an IPv4 and an IPv6
 * address separated by a comma, in either order, the first of each family; what is not an address
 * literal is ignored, as dyndns2 servers do. Without a usable {@code myip}, the client's own
 * address. Literals only: nothing here resolves a name.
 */
final class DynDnsAddresses {
  private DynDnsAddresses() {}

  /** The addresses to set, IPv4 first; empty when neither {@code myip} nor the client has one. */
  static List<IpAddress> of(Optional<String> myip, Optional<IpAddress> client) {
    Optional<IpAddress> v4 = Optional.empty();
    Optional<IpAddress> v6 = Optional.empty();
    for (String part : myip.orElse("").split(",")) {
      Optional<IpAddress> address = IpAddress.parse(part);
      if (address.isPresent() && address.get().isV4()) {
        v4 = v4.or(() -> address);
      } else if (address.isPresent()) {
        v6 = v6.or(() -> address);
      }
    }
    List<IpAddress> addresses = new ArrayList<>(2);
    v4.ifPresent(addresses::add);
    v6.ifPresent(addresses::add);
    return addresses.isEmpty() ? client.stream().toList() : addresses;
  }
}
