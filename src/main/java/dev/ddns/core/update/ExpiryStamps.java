package dev.ddns.core.update;

import dev.ddns.core.policy.UpdatePolicy;
import java.time.Instant;
import org.xbill.DNS.Record;

/**
 * Marks the RRsets an update added to, when an {@code expire} rule of the zone's policy covers
 * them, with the time of this addition: the expiry sweep removes them once the rule's lifetime
 * has passed since. An RRset that gets a new record starts a fresh lifetime.
 */
final class ExpiryStamps {
  private ExpiryStamps() {}

  static void stamp(UpdatePolicy policy, WorkingZone zone, Instant now) {
    if (policy.expiries().isEmpty()) {
      return;
    }
    for (Record r : zone.addedRecords()) {
      if (policy.expiryFor(r.getName(), r.getType()).isPresent()) {
        zone.put(zone.current(r.getName()).withLastAdded(r.getType(), now));
      }
    }
  }
}
