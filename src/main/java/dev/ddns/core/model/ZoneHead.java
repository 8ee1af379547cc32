package dev.ddns.core.model;

import java.util.Objects;
import java.util.OptionalLong;
import org.xbill.DNS.Name;

/**
 * The zone head: identity, the counters every update moves, and the zone's settings.
 *
 * @param zone the zone apex
 * @param version optimistic-concurrency version, +1 on every commit
 * @param serial the SOA serial, mirrored from the apex SOA record
 * @param settings serial policy, notify targets, journal retention, record limit
 * @param records how many records the zone holds: counted when the zone is created, then moved
 *     by every commit by what it added and removed; empty when unknown (a head written before
 *     the count existed), until the zone is recounted ({@code ZoneStore.recount}) or imported
 */
public record ZoneHead(Name zone, long version, long serial, ZoneSettings settings,
    OptionalLong records) {
  public ZoneHead {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(records, "records");
    if (records.isPresent() && records.getAsLong() < 0) {
      throw new IllegalArgumentException("negative record count: " + records.getAsLong());
    }
  }

  /** A head whose record count is not known (yet): a store's create counts the nodes. */
  public ZoneHead(Name zone, long version, long serial, ZoneSettings settings) {
    this(zone, version, serial, settings, OptionalLong.empty());
  }

  /** A head with default settings and the given serial policy. */
  public ZoneHead(Name zone, long version, long serial, SerialPolicy serialPolicy) {
    this(zone, version, serial, ZoneSettings.of(serialPolicy));
  }

  public SerialPolicy serialPolicy() {
    return settings.serialPolicy();
  }

  /** This head holding {@code count} records. */
  public ZoneHead withRecords(long count) {
    return new ZoneHead(zone, version, serial, settings, OptionalLong.of(count));
  }

  /**
   * The head after one more commit that left the zone at {@code newSerial} with {@code
   * recordDelta} records more (fewer when negative); an unknown count stays unknown.
   */
  public ZoneHead next(long newSerial, long recordDelta) {
    OptionalLong after = records.isPresent()
        ? OptionalLong.of(records.getAsLong() + recordDelta) : records;
    return new ZoneHead(zone, version + 1, newSerial, settings, after);
  }
}
