package dev.ddns.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.ExpirySweep;
import java.time.Clock;
import java.util.Locale;

/**
 * Runs the expiry sweep (docs/policy.md, {@code expire} rules) on a schedule: records past their
 * expiry are deleted through the normal update path, so the serial moves, the journal records the
 * change and the stream drives NOTIFY. Returns the number of RRsets removed.
 *
 * <p>The sweep finds its work in the table's two sparse indexes with eventually consistent Queries
 * and reads consistently only the names it deletes (docs/policy.md, "What a sweep reads"); it never
 * scans the table. Each run logs one JSON line: zones looked at, candidates the expiry index
 * offered, RRsets removed, and the capacity units DynamoDB reported for the run (reads and the
 * deletions' writes; 0 when the store is not DynamoDB).
 */
public final class ExpiryFunction implements RequestHandler<ScheduledEvent, Integer> {
  private final ExpirySweep sweep;

  /** Wires the store from the environment (see {@link Wiring}); once per cold start. */
  public ExpiryFunction() {
    this(Wiring.store(System.getenv(), Clock.systemUTC()), Clock.systemUTC());
  }

  public ExpiryFunction(ZoneStore store, Clock clock) {
    this.sweep = new ExpirySweep(store, clock);
  }

  @Override
  public Integer handleRequest(ScheduledEvent event, Context context) {
    DynamoUsage.takeTotals();
    ExpirySweep.Report report = sweep.sweepAll();
    double units = DynamoUsage.takeTotals().capacityUnits();
    context.getLogger().log(String.format(Locale.ROOT,
        "{\"sweep\":\"expiry\",\"zones\":%d,\"candidates\":%d,\"rrsetsRemoved\":%d,"
            + "\"capacityUnits\":%.1f}",
        report.zones(), report.candidates(), report.removed(), units));
    return report.removed();
  }
}
