package dev.ddns.cli;

import dev.ddns.adapter.dns.SoaProbe;
import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.notify.Propagation;
import dev.ddns.core.port.NotifyOutcome;
import dev.ddns.core.port.ZoneStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ddns status ZONE}: the primary's serial and, per notify target, the serial it answers,
 * how far behind that is and the last NOTIFY outcome (docs/secondaries.md, "Propagation status").
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
        "Shows how far a zone has reached its secondaries: the primary's serial and, for each "
            + "notify target, the serial it answers to an SOA query sent to its own address, "
            + "how many serials and seconds it is behind, and the last NOTIFY sent to it.",
        "A catalog zone is a zone like any other: its targets are the catalog's consumers.",
        "Exit code 0 when every target answers the primary's serial, "
            + StatusCommand.NOT_CURRENT + " when one does not (behind, ahead or unreachable), "
            + "1 when the store cannot be read."})
final class StatusCommand extends StoreCommand {
  /** The exit code when a target does not answer the primary's serial. */
  static final int NOT_CURRENT = 3;
  /** Journal entries read first to find when a secondary's serial was superseded; then more. */
  private static final int FIRST_JOURNAL_READ = 64;
  private static final int MORE_JOURNAL_READ = 4096;
  /** ANSI: cursor home, erase the screen. */
  private static final String CLEAR_SCREEN = "\033[H\033[2J";

  @Parameters(index = "0", paramLabel = "ZONE")
  String zone;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "1s",
      description = "How long to wait for each target's SOA answer; default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Option(names = "--watch", paramLabel = "SECONDS", arity = "0..1", fallbackValue = "2",
      description = "Redraw every SECONDS (default 2) until interrupted; the exit code is "
          + "the last drawing's. On a terminal the screen is cleared before each.")
  Integer watch;

  @Override
  public Integer call() {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--timeout must be positive");
    }
    if (watch != null && watch < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--watch must be at least 1 second");
    }
    Name apex = ZoneCommand.zoneName(zone);
    SoaProbe probe = new SoaProbe(timeout);
    try (StoreOptions.Connection c = store.open()) {
      while (true) {
        StringWriter text = new StringWriter();
        int code = report(c, apex, probe, new PrintWriter(text));
        if (watch == null) {
          out().print(text);
          out().flush();
          return code;
        }
        out().print(Terminal.interactive() ? CLEAR_SCREEN + text : text + "\n");
        out().flush();
        try {
          Thread.sleep(watch * 1000L);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return code;
        }
      }
    }
  }

  private int report(StoreOptions.Connection c, Name apex, SoaProbe probe, PrintWriter out) {
    ZoneHead head = c.zone(apex, store).head();
    Instant now = Clock.systemUTC().instant();
    out.println("zone " + apex + "  serial " + head.serial() + "  version " + head.version()
        + "  at " + now.truncatedTo(ChronoUnit.SECONDS));
    List<String> targets = head.settings().notifyTargets();
    if (targets.isEmpty()) {
      out.println("no notify targets ('ddns zone set " + apex + " --notify' names them)");
      return 0;
    }
    Map<String, NotifyOutcome> notified = c.store().notifyOutcomes(apex).stream()
        .collect(Collectors.toMap(NotifyOutcome::target, Function.identity()));
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"TARGET", "SERIAL", "STATE", "BEHIND", "LAG", "LAST NOTIFY"});
    JournalTail journal = new JournalTail(c.store(), apex, head.version());
    boolean allCurrent = true;
    for (String target : targets) {
      SoaProbe.Answer answer = probe.ask(target, apex);
      Propagation p = journal.propagation(head.serial(), answer, now);
      allCurrent &= p.current();
      rows.add(new String[] {target,
          answer.serial().isPresent() ? Long.toString(answer.serial().getAsLong()) : "-",
          state(p, answer),
          p.state() == Propagation.State.BEHIND || p.state() == Propagation.State.AHEAD
              ? p.serials() + " serial" + (p.serials() == 1 ? "" : "s") : "-",
          p.lag().map(lag -> lag.toSeconds() + " s").orElse(
              p.state() == Propagation.State.BEHIND ? "before the journal" : "-"),
          last(notified.get(target), now)});
    }
    TextTable.print(rows, out);
    return allCurrent ? 0 : NOT_CURRENT;
  }

  private static String state(Propagation p, SoaProbe.Answer answer) {
    String state = p.state().name().toLowerCase(Locale.ROOT);
    return answer.problem().isEmpty() ? state : state + ": " + answer.problem();
  }

  private static String last(NotifyOutcome o, Instant now) {
    if (o == null) {
      return "-";
    }
    return "serial " + o.serial() + " " + o.describe() + ", "
        + Duration.between(o.sent(), now).toSeconds() + " s ago";
  }

  /**
   * The newest journal entries, read as far back as a secondary's serial needs: the last {@value
   * #FIRST_JOURNAL_READ}, then {@value #MORE_JOURNAL_READ}, then the whole retained journal. A
   * secondary is mostly a few updates behind, so one small read answers for all.
   */
  private static final class JournalTail {
    private final ZoneStore store;
    private final Name zone;
    private final long version;
    private List<JournalEntry> entries;
    private long from;

    JournalTail(ZoneStore store, Name zone, long version) {
      this.store = store;
      this.zone = zone;
      this.version = version;
    }

    Propagation propagation(long primary, SoaProbe.Answer answer, Instant now) {
      for (long window : new long[] {FIRST_JOURNAL_READ, MORE_JOURNAL_READ, version}) {
        read(window);
        Propagation p = Propagation.of(primary, answer.serial(), entries, now);
        if (p.lag().isPresent() || p.state() != Propagation.State.BEHIND || from == 0) {
          return p;
        }
      }
      return Propagation.of(primary, answer.serial(), entries, now);
    }

    private void read(long window) {
      long after = Math.max(0, version - window);
      if (entries != null && after >= from) {
        return;
      }
      from = after;
      int limit = (int) Math.max(1, Math.min(Integer.MAX_VALUE, version - after));
      entries = store.journal(zone, after, limit);
    }
  }
}
