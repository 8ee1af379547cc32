package dev.ddns.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.ExpirySweep;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the expiry sweep (docs/policy.md, {@code expire} rules) on a schedule: records past their
 * expiry are deleted through the normal update path, so the serial moves, the journal records the
 * change and the stream drives NOTIFY. Returns the number of RRsets removed.
 *
 * <p>The sweep finds its work in the table's two sparse indexes with eventually consistent Queries
 * and reads consistently only the names it deletes (docs/policy.md, "What a sweep reads"); it never
 * scans the table. Each run logs one line, {@code expiry sweep}, with these fields: zones looked at, candidates the expiry index
 * offered, RRsets removed, and the capacity units DynamoDB reported for the run (reads and the
 * deletions' writes; 0 when the store is not DynamoDB).
 */
public final class ExpiryFunction implements RequestHandler<ScheduledEvent, Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ExpiryFunction.class);
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
    RequestIds.put(context);
    try {
      DynamoUsage.takeTotals();
      ExpirySweep.Report report = sweep.sweepAll();
      double units = DynamoUsage.takeTotals().capacityUnits();
      LOG.atInfo().addKeyValue("zones", report.zones())
          .addKeyValue("candidates", report.candidates())
          .addKeyValue("rrsetsRemoved", report.removed())
          .addKeyValue("capacityUnits", units)
          .log("expiry sweep");
      return report.removed();
    } finally {
      RequestIds.clear();
    }
  }
}
