package dev.ddns.core.model;

import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * The zone head: identity, the counters every update moves, and the zone's settings.
 *
 * @param zone the zone apex
 * @param version optimistic-concurrency version, +1 on every commit
 * @param serial the SOA serial, mirrored from the apex SOA record
 * @param settings serial policy, notify targets, journal retention
 */
public record ZoneHead(Name zone, long version, long serial, ZoneSettings settings) {
  public ZoneHead {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(settings, "settings");
  }

  /** A head with default settings and the given serial policy. */
  public ZoneHead(Name zone, long version, long serial, SerialPolicy serialPolicy) {
    this(zone, version, serial, ZoneSettings.of(serialPolicy));
  }

  public SerialPolicy serialPolicy() {
    return settings.serialPolicy();
  }

  /** The head after one more commit that left the zone at {@code newSerial}. */
  public ZoneHead next(long newSerial) {
    return new ZoneHead(zone, version + 1, newSerial, settings);
  }
}
