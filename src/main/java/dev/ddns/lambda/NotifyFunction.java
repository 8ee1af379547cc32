package dev.ddns.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import dev.ddns.adapter.dns.UdpNotifySender;
import dev.ddns.adapter.dynamodb.HeadChanges;
import dev.ddns.core.notify.HeadChange;
import dev.ddns.core.port.NotifyDelivery;
import dev.ddns.core.port.NotifyDelivery.Outcome;
import dev.ddns.core.port.NotifySender;
import dev.ddns.core.port.StoreException;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.NotifyService;
import dev.ddns.core.tsig.KeyStore;
import dev.ddns.lambda.MetricLine.Unit;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream function: turns the table's stream records (NEW_AND_OLD_IMAGES) into zone head
 * changes for {@link NotifyService}, which sends NOTIFY (one per zone and batch), logs each
 * delivery and writes the deliveries' counts as an EMF line ({@link MetricLine}).
 *
 * <p>Waiting for answers is bounded by {@link #MAX_WINDOW} and by the invocation's remaining time.
 * A target that never answers is logged and counted, never reported as a
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
  private static final Logger LOG = LoggerFactory.getLogger(NotifyFunction.class);

  private final NotifyService notify;
  private final Clock clock;
  private final Duration maxWindow;
  private final Consumer<String> metrics;

  /** Wires the store and keys from the environment (see {@link Wiring}); once per cold start. */
  public NotifyFunction() {
    this(Wiring.store(System.getenv(), Clock.systemUTC()),
        Wiring.keys(System.getenv(), Clock.systemUTC()), new UdpNotifySender(), Clock.systemUTC(),
        new SecureRandom(), MAX_WINDOW, MetricLine::print);
  }

  /** Outside Lambda ({@code ddns local}): the deliveries are logged, no metric line written. */
  public NotifyFunction(ZoneStore store, KeyStore keys, NotifySender sender, Clock clock,
      RandomGenerator random) {
    this(store, keys, sender, clock, random, MAX_WINDOW, line -> { });
  }

  /**
   * Waiting at most {@code maxWindow} for answers, and handing each invocation's metric line to
   * {@code metrics}.
   */
  public NotifyFunction(ZoneStore store, KeyStore keys, NotifySender sender, Clock clock,
      RandomGenerator random, Duration maxWindow, Consumer<String> metrics) {
    this.notify = new NotifyService(store, keys, sender, clock, random);
    this.clock = clock;
    this.maxWindow = maxWindow;
    this.metrics = metrics;
  }

  @Override
  public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
    RequestIds.put(context);
    try {
      return handle(event, context);
    } finally {
      RequestIds.clear();
    }
  }

  private StreamsEventResponse handle(DynamodbEvent event, Context context) {
    Set<String> failed = new LinkedHashSet<>();
    List<HeadChange> changes = new ArrayList<>();
    for (DynamodbStreamRecord record : records(event)) {
      try {
        HeadChanges.of(record).ifPresent(changes::add);
      } catch (StoreException e) {
        LOG.warn("NOTIFY: {}", e.getMessage());
        failed.add(record.getDynamodb().getSequenceNumber());
      }
    }
    NotifyService.Result result = notify.notify(changes, window(context), LOG::info);
    failed.addAll(result.failedChangeIds());
    if (!result.deliveries().isEmpty()) {
      metrics.accept(metrics(result.deliveries()));
    }
    return new StreamsEventResponse(failed.stream().map(BatchItemFailure::new).toList());
  }

  private static List<DynamodbStreamRecord> records(DynamodbEvent event) {
    return event == null || event.getRecords() == null ? List.of() : event.getRecords();
  }

  /** The longest wait for answers, or less when the invocation has less time left. */
  Duration window(Context context) {
    Duration left = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(RESERVE);
    return left.isNegative() ? Duration.ZERO : left.compareTo(maxWindow) < 0 ? left : maxWindow;
  }

  /** The deliveries' counts as a CloudWatch embedded metric format line. */
  private String metrics(List<NotifyDelivery> deliveries) {
    Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    deliveries.forEach(d -> counts.merge(d.outcome(), 1, Integer::sum));
    return new MetricLine(clock.instant())
        .count("NotifyAnswered", Unit.COUNT, counts.getOrDefault(Outcome.ANSWERED, 0))
        .count("NotifySilent", Unit.COUNT, counts.getOrDefault(Outcome.SILENT, 0))
        .count("NotifyBadTarget", Unit.COUNT, counts.getOrDefault(Outcome.BAD_TARGET, 0))
        .toJson();
  }
}
