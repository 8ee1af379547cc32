package dev.ddns.local;

import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.ExpirySweep;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the {@link ExpirySweep} at a fixed interval on a daemon thread. */
final class ExpirySchedule implements AutoCloseable {
  /** How often {@code ddns local} sweeps. */
  static final Duration INTERVAL = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(ExpirySchedule.class);

  private final ScheduledExecutorService executor;

  private ExpirySchedule(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  static ExpirySchedule start(ZoneStore store, Duration interval) {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "ddns-expiry-sweep");
      thread.setDaemon(true);
      return thread;
    });
    ExpirySweep sweep = new ExpirySweep(store, Clock.systemUTC());
    long millis = interval.toMillis();
    executor.scheduleWithFixedDelay(() -> run(sweep), millis, millis, TimeUnit.MILLISECONDS);
    return new ExpirySchedule(executor);
  }

  private static void run(ExpirySweep sweep) {
    try {
      int removed = sweep.sweepAll().removed();
      if (removed > 0) {
        LOG.info("expiry sweep removed {} RRsets", removed);
      }
    } catch (RuntimeException e) {
      LOG.warn("expiry sweep failed; trying again next time", e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
