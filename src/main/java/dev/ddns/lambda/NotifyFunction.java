package dev.ddns.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddns.adapter.dns.UdpNotifySender;
import dev.ddns.adapter.dynamodb.HeadChanges;
import dev.ddns.core.notify.HeadChange;
import dev.ddns.core.notify.Notices;
import dev.ddns.core.notify.NotifyMessage;
import dev.ddns.core.notify.ZoneNotice;
import dev.ddns.core.port.NotifyDelivery.Outcome;
import dev.ddns.core.port.NotifyDelivery;
import dev.ddns.core.port.NotifySender.Notification;
import dev.ddns.core.port.NotifySender;
import dev.ddns.core.port.StoreException;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.tsig.KeyStore;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.lambda.MetricLine.Unit;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Sends NOTIFY (<a href="https://www.rfc-editor.org/rfc/rfc1996">RFC 1996</a>) when the table's
 * stream (NEW_AND_OLD_IMAGES) shows a zone head whose serial went up: one NOTIFY per zone and
 * batch, with the zone's current SOA, to every notify target of the zone at once, TSIG-signed
 * when the zone names a notify key.
 *
 * <p>Waiting for answers is bounded by {@link #MAX_WINDOW} and by the invocation's remaining time.
 * A target that never answers is logged and counted (an EMF metric line), never reported as a
 * failure: that would hold up the shard for every other zone. Only internal errors (an unreadable
 * record, a failed store read) become batch item failures, which Lambda retries. A batch
 * delivered twice sends NOTIFY again for a serial the secondaries have; they answer and find
 * nothing to transfer.
 */
public final class NotifyFunction implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
  /** The longest one invocation waits for silent targets. */
  public static final Duration MAX_WINDOW = Duration.ofSeconds(2);
  /** Kept back from the invocation's remaining time for logging and returning. */
  static final Duration RESERVE = Duration.ofMillis(500);
  private static final int MESSAGE_IDS = 1 << 16;

  private final ZoneStore store;
  private final KeyStore keys;
  private final NotifySender sender;
  private final Clock clock;
  private final RandomGenerator random;
  private final Duration maxWindow;

  /** Wires the store and keys from the environment (see {@link Wiring}); once per cold start. */
  public NotifyFunction() {
    this(Wiring.store(System.getenv(), Clock.systemUTC()),
        Wiring.keys(System.getenv(), Clock.systemUTC()), new UdpNotifySender(), Clock.systemUTC(),
        new SecureRandom());
  }

  public NotifyFunction(ZoneStore store, KeyStore keys, NotifySender sender, Clock clock,
      RandomGenerator random) {
    this(store, keys, sender, clock, random, MAX_WINDOW);
  }

  /** As above, waiting at most {@code maxWindow} for answers instead of {@link #MAX_WINDOW}. */
  public NotifyFunction(ZoneStore store, KeyStore keys, NotifySender sender, Clock clock,
      RandomGenerator random, Duration maxWindow) {
    this.maxWindow = maxWindow;
    this.store = store;
    this.keys = keys;
    this.sender = sender;
    this.clock = clock;
    this.random = random;
  }

  @Override
  public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
    LambdaLogger log = context.getLogger();
    Set<String> failed = new LinkedHashSet<>();
    List<HeadChange> changes = new ArrayList<>();
    for (DynamodbStreamRecord record : records(event)) {
      try {
        HeadChanges.of(record).ifPresent(changes::add);
      } catch (StoreException e) {
        log.log("NOTIFY: " + e.getMessage());
        failed.add(record.getDynamodb().getSequenceNumber());
      }
    }
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
        log.log("NOTIFY " + notice.zone() + " serial " + notice.serial() + ": " + e.getMessage());
        failed.addAll(notice.changeIds());
      }
    }
    if (!notifications.isEmpty()) {
      try {
        report(notifications, sender.send(notifications, window(context)), log);
      } catch (RuntimeException e) {
        log.log("NOTIFY: sending failed: " + e);
        failed.addAll(notified);
      }
    }
    return new StreamsEventResponse(failed.stream().map(BatchItemFailure::new).toList());
  }

  private static List<DynamodbStreamRecord> records(DynamodbEvent event) {
    return event == null || event.getRecords() == null ? List.of() : event.getRecords();
  }

  /** The signed NOTIFY for {@code notice}; empty when the zone is gone or its key is missing. */
  private Optional<Message> message(ZoneNotice notice, LambdaLogger log) {
    Optional<ZoneReader> reader = store.open(notice.zone());
    if (reader.isEmpty()) {
      log.log("NOTIFY " + notice.zone() + ": zone no longer served; nothing sent");
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
        log.log("NOTIFY " + notice.zone() + ": notify key " + keyName
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

  /** The longest wait for answers, or less when the invocation has less time left. */
  Duration window(Context context) {
    Duration left = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(RESERVE);
    return left.isNegative() ? Duration.ZERO : left.compareTo(maxWindow) < 0 ? left : maxWindow;
  }

  /** One line per delivery, then the counts as a CloudWatch embedded metric format line. */
  private void report(List<Notification> sent, List<NotifyDelivery> deliveries, LambdaLogger log) {
    Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    for (int i = 0; i < deliveries.size(); i++) {
      NotifyDelivery d = deliveries.get(i);
      counts.merge(d.outcome(), 1, Integer::sum);
      log.log(line(sent.get(i).message(), d));
    }
    log.log(metrics(counts));
  }

  private static String line(Message message, NotifyDelivery d) {
    SOARecord soa = (SOARecord) message.getSection(Section.ANSWER).get(0);
    String what = switch (d.outcome()) {
      case ANSWERED -> "answered " + Rcode.string(d.rcode());
      case SILENT -> "silent";
      case BAD_TARGET -> "not a usable address";
    };
    return "NOTIFY " + soa.getName() + " serial " + soa.getSerial() + " to " + d.target() + ": "
        + what + " after " + d.attempts() + " datagram(s) in " + d.elapsed().toMillis() + " ms";
  }

  private String metrics(Map<Outcome, Integer> counts) {
    return new MetricLine(clock.instant())
        .count("NotifyAnswered", Unit.COUNT, counts.getOrDefault(Outcome.ANSWERED, 0))
        .count("NotifySilent", Unit.COUNT, counts.getOrDefault(Outcome.SILENT, 0))
        .count("NotifyBadTarget", Unit.COUNT, counts.getOrDefault(Outcome.BAD_TARGET, 0))
        .toJson();
  }

}
