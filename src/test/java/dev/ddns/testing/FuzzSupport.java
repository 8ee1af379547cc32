package dev.ddns.testing;

import dev.ddns.core.port.ZoneStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.xbill.DNS.Name;

/**
 * What the fuzz tests share: the fixed clock the seed corpus was signed with, zone contents to
 * compare before and after, and a guard that turns a swallowed internal error into a failure.
 */
public final class FuzzSupport {
  /** The time every signed seed carries; the services under fuzzing run at this instant. */
  public static final Instant SIGNED_AT = Instant.parse("2026-11-22T00:00:00Z");
  public static final Clock CLOCK = Clock.fixed(SIGNED_AT, ZoneOffset.UTC);

  private FuzzSupport() {}

  /** Every record of {@code zone} in presentation form, plus its head (serial and version). */
  public static Set<String> contents(ZoneStore store, Name zone) {
    Set<String> out = new TreeSet<>();
    store.open(zone).ifPresent(reader -> {
      out.add("head " + reader.head());
      reader.nodes().forEach(n -> n.rrsets().forEach(
          s -> s.records().forEach(r -> out.add(r.toString()))));
    });
    return out;
  }

  /**
   * Entry points that never throw log an internal error at SEVERE and answer SERVFAIL or 500;
   * under fuzzing such an error is a bug. This handler rethrows it so the fuzzer sees it.
   */
  public static final class SevereIsFailure extends Handler {
    private SevereIsFailure() {}

    /** Installs the guard on {@code logger}, once. */
    public static void install(Logger logger) {
      uninstall(logger);
      logger.addHandler(new SevereIsFailure());
    }

    /** Removes the guard, so tests that expect an internal error can run in the same JVM. */
    public static void uninstall(Logger logger) {
      for (Handler h : logger.getHandlers()) {
        if (h instanceof SevereIsFailure) {
          logger.removeHandler(h);
        }
      }
    }

    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
        throw new AssertionError("internal error: " + record.getMessage(), record.getThrown());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
