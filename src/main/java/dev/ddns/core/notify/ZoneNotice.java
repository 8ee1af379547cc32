package dev.ddns.core.notify;

import dev.ddns.core.model.ZoneSettings;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * A zone whose serial went up: its secondaries are to hear of {@code serial} (RFC 1996 §3.5).
 *
 * @param zone the zone apex
 * @param serial the newest serial among the changes
 * @param settings the zone's settings as of that change (notify targets, notify key)
 * @param changeIds the stream changes this notice stands for, oldest first
 */
public record ZoneNotice(Name zone, long serial, ZoneSettings settings, List<String> changeIds) {
  public ZoneNotice {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(settings, "settings");
    changeIds = List.copyOf(changeIds);
  }
}
