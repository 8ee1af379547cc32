package dev.ddns.cli;

import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.model.ZoneSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Name;
import picocli.CommandLine.Command;

/** {@code ddns zone list}. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = {"Lists the zones in the table with serial, version, record count and "
        + "settings.", "RECORDS is ? for a zone whose head predates the count: "
        + "'ddns zone recount' it."})
final class ZoneListCommand extends StoreCommand {
  @Override
  public Integer call() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ZONE", "SERIAL", "VERSION", "RECORDS", "LIMIT", "POLICY",
        "RETENTION", "NOTIFY"});
    try (StoreOptions.Connection c = store.open()) {
      for (Name zone : c.store().zones()) {
        c.store().open(zone).ifPresent(reader -> {
          ZoneHead head = reader.head();
          ZoneSettings s = head.settings();
          rows.add(new String[] {zone.toString(), Long.toString(head.serial()),
              Long.toString(head.version()), ZoneCommand.records(head), ZoneCommand.limit(s),
              s.serialPolicy().name().toLowerCase(Locale.ROOT),
              Durations.format(s.journalRetention()),
              s.notifyTargets().isEmpty() ? "-" : String.join(",", s.notifyTargets())});
        });
      }
    }
    if (rows.size() == 1) {
      out().println("no zones in table " + store.table + " at " + store.describeEndpoint());
      return 0;
    }
    TextTable.print(rows, out());
    return 0;
  }
}
