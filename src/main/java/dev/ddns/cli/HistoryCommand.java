package dev.ddns.cli;

import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.policy.Requester;
import dev.ddns.core.port.ZoneReader;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ddns history ZONE}: the journal, one block per committed update, oldest first. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
        "Prints a zone's journal, oldest first: one block per committed update with version, "
            + "serial change, time (UTC), TSIG key and client, then the records removed (-) "
            + "and added (+); the SOA change is in the block's first line.",
        "Entries older than the zone's journal retention are gone."})
final class HistoryCommand implements Callable<Integer>, StoreOptions.User {
  @Spec CommandSpec spec;
  @Mixin StoreOptions store;

  @Parameters(index = "0", paramLabel = "ZONE")
  String zone;

  @Option(names = "--after", paramLabel = "VERSION", defaultValue = "0",
      description = "Only updates that made a version above VERSION; default: ${DEFAULT-VALUE}.")
  long after;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
      description = "At most N updates; default: ${DEFAULT-VALUE}.")
  int limit;

  @Override
  public StoreOptions storeOptions() {
    return store;
  }

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--limit must be at least 1");
    }
    Name apex = ZoneCommand.zoneName(zone);
    PrintWriter out = spec.commandLine().getOut();
    try (StoreOptions.Connection c = store.open()) {
      ZoneReader reader = c.zone(apex, store);
      List<JournalEntry> entries = c.store().journal(apex, after, limit);
      if (entries.isEmpty()) {
        out.println("zone " + apex + ": no journal entries after version " + after
            + " (now version " + reader.head().version() + ", serial " + reader.head().serial()
            + ")");
        return 0;
      }
      for (JournalEntry e : entries) {
        print(e, out);
      }
      JournalEntry last = entries.get(entries.size() - 1);
      if (entries.size() == limit && last.version() < reader.head().version()) {
        out.println("(more: ddns history " + apex + " --after " + last.version() + ")");
      }
      return 0;
    }
  }

  /**
   * How the update was authorized: {@code key K  client C}, or for an address grant {@code
   * unsigned, from C} (C: the client, and the relay that attested it).
   */
  private static String authorization(JournalEntry e) {
    String client = e.client() == null ? "-" : e.client();
    if (Requester.Address.JOURNAL.equals(e.keyName())) {
      return Requester.Address.JOURNAL + ", from " + client;
    }
    return "key " + (e.keyName() == null ? "-" : e.keyName()) + "  client " + client;
  }

  static void print(JournalEntry e, PrintWriter out) {
    out.println("version " + e.version() + "  serial " + e.changes().fromSerial() + " -> "
        + e.changes().toSerial() + "  " + e.time().truncatedTo(ChronoUnit.SECONDS)
        + "  " + authorization(e));
    for (Record r : e.changes().removed()) {
      if (r.getType() != Type.SOA) {
        out.println("- " + r);
      }
    }
    for (Record r : e.changes().added()) {
      if (r.getType() != Type.SOA) {
        out.println("+ " + r);
      }
    }
    out.println();
  }
}
