package dev.ddns.core.model;

import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * The zone head: identity and the counters every update moves.
 *
 * @param zone the zone apex
 * @param version optimistic-concurrency version, +1 on every commit
 * @param serial the SOA serial, mirrored from the apex SOA record
 * @param serialPolicy how the serial moves on a change
 */
public record ZoneHead(Name zone, long version, long serial, SerialPolicy serialPolicy) {
  public ZoneHead {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(serialPolicy, "serialPolicy");
  }
}
