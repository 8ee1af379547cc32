package dev.ddns.core.port;

import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * A zone whose update policy has {@code expire} rules, as a store lists it for the expiry sweep:
 * its name and its policy lines, so the sweep can tell what is due without reading the zone head.
 *
 * @param zone the zone apex
 * @param updatePolicy the zone's policy lines (docs/policy.md) as the store last saw them
 */
public record ExpiringZone(Name zone, List<String> updatePolicy) {
  public ExpiringZone {
    Objects.requireNonNull(zone, "zone");
    updatePolicy = List.copyOf(updatePolicy);
  }
}
