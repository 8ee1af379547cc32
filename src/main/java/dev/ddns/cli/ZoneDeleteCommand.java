package dev.ddns.cli;

import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.service.CatalogZone;
import java.util.Optional;
import org.xbill.DNS.Name;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ddns zone delete}. */
@Command(name = "delete", mixinStandardHelpOptions = true,
    description = {"Deletes a zone and all its records and journal, after taking it out of "
        + "its catalog zone.",
        "Asks on the terminal unless --yes; without a terminal, --yes is required."})
final class ZoneDeleteCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "ZONE")
  String zone;

  @Option(names = {"--yes", "-y"}, description = "Do not ask.")
  boolean yes;

  @Override
  public Integer call() {
    Name apex = ZoneCommand.zoneName(zone);
    try (StoreOptions.Connection c = store.open()) {
      ZoneReader reader = c.zone(apex, store);
      if (!yes && !Terminal.confirmDeletion(
          "Delete zone " + apex + " and all its records? [y/N] ", "zone " + apex)) {
        out().println("zone " + apex + " kept");
        return 1;
      }
      Optional<Name> member = CatalogZone.memberNodeOf(reader.head().settings());
      if (member.isPresent()) {
        CatalogOptions.require(CatalogOptions.membership(c.store()).remove(member.get()), apex,
            "not deleted: its catalog did not let it go");
      }
      boolean deleted = c.store().delete(apex);
      if (!deleted) {
        throw new CliException("zone " + apex + " was already gone");
      }
      out().println("deleted zone " + apex + " (serial " + reader.head().serial() + ")");
      return 0;
    }
  }
}
