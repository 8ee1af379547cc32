package dev.ddns.local;

import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.ExpirySweep;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Runs the {@link ExpirySweep} at a fixed interval on a daemon thread. */
final class ExpirySchedule implements AutoCloseable {
  /** How often {@code ddns local} sweeps. */
  static final Duration INTERVAL = Duration.ofSeconds(30);
  private static final Logger LOG = Logger.getLogger(ExpirySchedule.class.getName());

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
        LOG.log(Level.INFO, "expiry sweep removed {0} RRsets", removed);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "expiry sweep failed; trying again next time", e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
