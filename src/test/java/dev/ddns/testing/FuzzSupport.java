package dev.ddns.testing;

import dev.ddns.core.port.ZoneStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.event.Level;
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
   * Entry points that never throw log an internal error at ERROR and answer SERVFAIL or 500;
   * under fuzzing such an error is a bug. This listener ({@link TestLogging}) rethrows it so the
   * fuzzer sees it.
   */
  public static final class ErrorIsFailure {
    private static final Consumer<TestLogging.Event> GUARD = event -> {
      if (event.level() == Level.ERROR && event.logger().startsWith("dev.ddns.")) {
        throw new AssertionError("internal error: " + event.message(), event.thrown());
      }
    };

    private ErrorIsFailure() {}

    /** Installs the guard on our loggers, once. */
    public static void install() {
      uninstall();
      TestLogging.listen(GUARD);
    }

    /** Removes the guard, so tests that expect an internal error can run in the same JVM. */
    public static void uninstall() {
      TestLogging.unlisten(GUARD);
    }
  }
}
