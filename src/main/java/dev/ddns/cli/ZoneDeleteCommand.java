package dev.ddns.cli;

import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.service.CatalogZone;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
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
  /** The members a refusal names, the first in canonical order; it counts the others. */
  private static final int NAMED_MEMBERS = 3;

  @Parameters(index = "0", paramLabel = "ZONE")
  String zone;

  @Option(names = {"--yes", "-y"}, description = "Do not ask.")
  boolean yes;

  @Override
  public Integer call() {
    Name apex = ZoneCommand.zoneName(zone);
    try (StoreOptions.Connection c = store.open()) {
      ZoneReader reader = c.zone(apex, store);
      requireNoMembers(reader);
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

  /**
   * A catalog zone that lists zones is not deleted: its members would be left in a catalog that
   * no longer exists, their settings pointing into it (docs/zones.md, "Delete a zone").
   */
  private static void requireNoMembers(ZoneReader reader) {
    if (!CatalogZone.isCatalog(reader)) {
      return;
    }
    List<Name> members = CatalogZone.members(reader);
    if (members.isEmpty()) {
      return;
    }
    String names = members.stream().sorted().limit(NAMED_MEMBERS).map(Name::toString)
        .collect(Collectors.joining(", "))
        + (members.size() > NAMED_MEMBERS ? " and " + (members.size() - NAMED_MEMBERS) + " more"
            : "");
    boolean one = members.size() == 1;
    throw new CliException("not deleting catalog zone " + reader.head().zone() + ": it lists "
        + members.size() + (one ? " zone" : " zones") + " (" + names + "); delete "
        + (one ? "it" : "them") + ", or take " + (one ? "it" : "them") + " out with 'ddns zone "
        + "set ZONE --no-catalog' (or --catalog OTHER), first");
  }
}
