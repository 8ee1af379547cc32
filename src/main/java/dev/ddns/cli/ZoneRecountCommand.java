package dev.ddns.cli;

import dev.ddns.core.model.ZoneHead;
import org.xbill.DNS.Name;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ddns zone recount}. */
@Command(name = "recount", mixinStandardHelpOptions = true,
    description = {"Counts a zone's records and stores the count in its head.",
        "For a zone whose head predates the count (RECORDS ? in 'ddns zone list'): its "
            + "record limit is enforced only once it is counted. Reads the whole zone."})
final class ZoneRecountCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "ZONE")
  String zone;

  @Override
  public Integer call() {
    Name apex = ZoneCommand.zoneName(zone);
    try (StoreOptions.Connection c = store.open()) {
      ZoneHead before = c.zone(apex, store).head();
      long counted = c.store().recount(apex)
          .orElseThrow(() -> new CliException("zone " + apex + " is gone"));
      ZoneHead after = before.withRecords(counted);
      out().println("zone " + apex + ": " + ZoneCommand.records(after) + " records (the head said "
          + ZoneCommand.records(before) + "), limit " + ZoneCommand.limit(after.settings()));
      ZoneCommand.warnIfOver(err(), after);
      return 0;
    }
  }
}
