package dev.ddns.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.ExpirySweep;
import java.time.Clock;

/**
 * Runs the expiry sweep (docs/policy.md, {@code expire} rules) on a schedule: records past their
 * expiry are deleted through the normal update path, so the serial moves, the journal records the
 * change and the stream drives NOTIFY. Returns the number of RRsets removed.
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
    int removed = sweep.sweepAll();
    context.getLogger().log("{\"sweep\":\"expiry\",\"rrsetsRemoved\":" + removed + "}");
    return removed;
  }
}
