package dev.ddns.core.notify;

import dev.ddns.core.model.Serial;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * Which zones a batch of head changes calls for NOTIFY (RFC 1996 §3.5: "whenever the zone's
 * serial number changes"): one notice per zone whose serial went up, with the newest serial, so
 * that several changes of one zone in a batch make one NOTIFY.
 */
public final class Notices {
  private Notices() {}

  /** The notices for {@code changes}, given in stream order; zones in order of first change. */
  public static List<ZoneNotice> from(List<HeadChange> changes) {
    Map<Name, ZoneNotice> notices = new LinkedHashMap<>();
    for (HeadChange change : changes) {
      if (serialWentUp(change)) {
        Name zone = change.head().zone();
        notices.put(zone, merge(notices.get(zone), change));
      }
    }
    return List.copyOf(notices.values());
  }

  /**
   * RFC 1982 §3.2 comparison of the serials before and after. A created head (no previous serial)
   * calls for nothing: its secondaries learn of the zone when they are configured. A write that
   * left the serial as it was (settings changed) calls for nothing either.
   */
  static boolean serialWentUp(HeadChange change) {
    return change.previousSerial().isPresent()
        && Serial.isGreater(change.head().serial(), change.previousSerial().getAsLong());
  }

  /** The stream keeps one item's changes in order, so the later change has the newer serial. */
  private static ZoneNotice merge(ZoneNotice earlier, HeadChange later) {
    List<String> ids = new ArrayList<>(earlier == null ? List.of() : earlier.changeIds());
    ids.add(later.id());
    return new ZoneNotice(later.head().zone(), later.head().serial(), later.head().settings(), ids);
  }
}
