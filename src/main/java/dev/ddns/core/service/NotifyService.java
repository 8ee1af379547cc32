package dev.ddns.core.service;

import dev.ddns.core.notify.HeadChange;
import dev.ddns.core.notify.Notices;
import dev.ddns.core.notify.NotifyMessage;
import dev.ddns.core.notify.ZoneNotice;
import dev.ddns.core.port.NotifyDelivery;
import dev.ddns.core.port.NotifyOutcome;
import dev.ddns.core.port.NotifySender;
import dev.ddns.core.port.NotifySender.Notification;
import dev.ddns.core.port.StoreException;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.tsig.KeyStore;
import dev.ddns.core.tsig.TsigKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Sends NOTIFY (<a href="https://www.rfc-editor.org/rfc/rfc1996">RFC 1996</a>) for zone heads
 * whose serial went up: one NOTIFY per zone and call, with the zone's current SOA, to every notify
 * target of the zone at once, TSIG-signed when the zone names a notify key. Whoever feeds it head
 * changes (the Lambda stream function, {@code ddns local}'s stream poller) only translates events
 * and reports (docs/architecture.md, NOTIFY flow).
 *
 * <p>Each target's outcome is recorded with its zone for {@code ddns status}
 * (docs/secondaries.md, "Propagation status"). A target that never answers is a delivery
 * outcome, not a failure. Only what retrying can fix fails a change: a store that cannot be
 * read, a sender that throws.
 */
public final class NotifyService {
  private static final int MESSAGE_IDS = 1 << 16;

  private final ZoneStore store;
  private final KeyStore keys;
  private final NotifySender sender;
  private final Clock clock;
  private final RandomGenerator random;

  public NotifyService(ZoneStore store, KeyStore keys, NotifySender sender, Clock clock,
      RandomGenerator random) {
    this.store = store;
    this.keys = keys;
    this.sender = sender;
    this.clock = clock;
    this.random = random;
  }

  /**
   * What one call did.
   *
   * @param failedChangeIds the changes to deliver again (their zone could not be read, or sending
   *     failed)
   * @param sent every NOTIFY sent, with its target
   * @param deliveries the outcome of each, in the order of {@code sent}
   */
  public record Result(Set<String> failedChangeIds, List<Notification> sent,
      List<NotifyDelivery> deliveries) {}

  /** Notifies the secondaries of every zone in {@code changes}, waiting at most {@code window}. */
  public Result notify(List<HeadChange> changes, Duration window, Consumer<String> log) {
    Set<String> failed = new LinkedHashSet<>();
    List<Notification> notifications = new ArrayList<>();
    List<String> notified = new ArrayList<>();
    for (ZoneNotice notice : Notices.from(changes)) {
      if (notice.settings().notifyTargets().isEmpty()) {
        continue;
      }
      try {
        message(notice, log).ifPresent(m -> {
          notice.settings().notifyTargets()
              .forEach(target -> notifications.add(new Notification(m, target)));
          notified.addAll(notice.changeIds());
        });
      } catch (StoreException e) {
        log.accept("NOTIFY " + notice.zone() + " serial " + notice.serial() + ": "
            + e.getMessage());
        failed.addAll(notice.changeIds());
      }
    }
    if (notifications.isEmpty()) {
      return new Result(failed, List.of(), List.of());
    }
    Instant sent = clock.instant();
    List<NotifyDelivery> deliveries;
    try {
      deliveries = sender.send(notifications, window);
    } catch (RuntimeException e) {
      log.accept("NOTIFY: sending failed: " + e);
      failed.addAll(notified);
      return new Result(failed, List.of(), List.of());
    }
    for (int i = 0; i < deliveries.size(); i++) {
      log.accept(line(notifications.get(i).message(), deliveries.get(i)));
    }
    record(notifications, deliveries, sent, log);
    return new Result(failed, List.copyOf(notifications), deliveries);
  }

  /**
   * Stores each target's outcome with its zone, for {@code ddns status} (docs/secondaries.md,
   * "Propagation status"). The NOTIFY went out whatever happens here, so a store failure is
   * logged and not retried.
   */
  private void record(List<Notification> notifications, List<NotifyDelivery> deliveries,
      Instant sent, Consumer<String> log) {
    Map<Name, List<NotifyOutcome>> byZone = new LinkedHashMap<>();
    for (int i = 0; i < deliveries.size(); i++) {
      SOARecord soa = announced(notifications.get(i).message());
      NotifyDelivery d = deliveries.get(i);
      byZone.computeIfAbsent(soa.getName(), z -> new ArrayList<>()).add(
          new NotifyOutcome(d.target(), soa.getSerial(), sent, d.outcome(), d.rcode()));
    }
    byZone.forEach((zone, outcomes) -> {
      try {
        store.recordNotifyOutcomes(zone, outcomes);
      } catch (StoreException e) {
        log.accept("NOTIFY " + zone + ": outcomes not recorded: " + e.getMessage());
      }
    });
  }

  private static SOARecord announced(Message message) {
    return (SOARecord) message.getSection(Section.ANSWER).get(0);
  }

  /** The signed NOTIFY for {@code notice}; empty when the zone is gone or its key is missing. */
  private Optional<Message> message(ZoneNotice notice, Consumer<String> log) {
    Optional<ZoneReader> reader = store.open(notice.zone());
    if (reader.isEmpty()) {
      log.accept("NOTIFY " + notice.zone() + ": zone no longer served; nothing sent");
      return Optional.empty();
    }
    SOARecord soa = reader.get().node(notice.zone())
        .flatMap(node -> node.rrset(Type.SOA))
        .map(set -> (SOARecord) set.records().get(0))
        .orElseThrow(() -> new StoreException("zone " + notice.zone() + " has no SOA"));
    Optional<TsigKey> key = Optional.empty();
    String keyName = notice.settings().notifyKey();
    if (!keyName.isEmpty()) {
      key = keys.find(name(keyName));
      if (key.isEmpty()) {
        log.accept("NOTIFY " + notice.zone() + ": notify key " + keyName
            + " is not in the key store; nothing sent");
        return Optional.empty();
      }
    }
    return Optional.of(NotifyMessage.build(NotifyMessage.announced(soa, notice.serial()),
        random.nextInt(MESSAGE_IDS), key, clock));
  }

  private static Name name(String keyName) {
    try {
      return Name.fromString(keyName, Name.root);
    } catch (TextParseException e) {
      throw new StoreException("bad notify key name " + keyName, e);
    }
  }

  private static String line(Message message, NotifyDelivery d) {
    SOARecord soa = announced(message);
    String what = NotifyDelivery.describe(d.outcome(), d.rcode());
    return "NOTIFY " + soa.getName() + " serial " + soa.getSerial() + " to " + d.target() + ": "
        + what + " after " + d.attempts() + " datagram(s) in " + d.elapsed().toMillis() + " ms";
  }
}
