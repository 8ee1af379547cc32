package dev.ddns.cli;

import dev.ddns.adapter.dns.ZoneContent;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.service.CatalogMembership;
import dev.ddns.core.service.CatalogZone;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.Name;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ddns zone import}. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Imports a zone file (BIND syntax) as a new zone, or replaces a zone.",
        "The whole file is read and checked before anything is written; large zones are "
            + "written in batches, with progress on stderr. The zone appears only once all "
            + "of it is written.",
        "Replacing a zone gives it a new unique id in its catalog zone: the catalog consumers "
            + "drop their copy and transfer the new one (RFC 9432 §5.4)."},
    sortOptions = false)
final class ZoneImportCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "FILE", description = "The zone file.")
  Path file;

  @Option(names = "--zone", paramLabel = "ZONE",
      description = "The zone: origin of relative names and the SOA owner the file must "
          + "have; default: the owner of the file's SOA (names must then be absolute or "
          + "follow $ORIGIN).")
  String zone;

  @Option(names = "--serial-policy", paramLabel = "POLICY",
      description = "increment, unixtime or date; default: increment for a new zone, the "
          + "zone's own when replacing.")
  SerialPolicy serialPolicy;

  @Option(names = "--replace",
      description = "Replace the zone when it exists (its settings are kept; its journal "
          + "is dropped).")
  boolean replace;

  @Option(names = "--max-records", paramLabel = "N",
      description = "Most records the zone may hold; 0: no limit; default: 1,000,000 for a "
          + "new zone, the zone's own when replacing. A larger file is refused.")
  Long maxRecords;

  @Option(names = "--create-table",
      description = "Create the table first when it is missing (DynamoDB Local, tests).")
  boolean createTable;

  @Mixin CatalogOptions catalog;

  @Override
  public Integer call() {
    Name origin = zone == null ? null : ZoneCommand.zoneName(zone);
    boolean terminal = Terminal.interactive();
    Progress reading = new Progress(err(), terminal, "reading " + file, "records", -1);
    ZoneContent content = ZoneFiles.read(file, origin,
        serialPolicy == null ? SerialPolicy.INCREMENT : serialPolicy, reading);
    Name apex = content.head().zone();
    long records = content.nodes().stream().mapToLong(Node::recordCount).sum();
    long started = System.nanoTime();
    String catalogText;
    try (StoreOptions.Connection c = createTable ? store.openCreatingTable() : store.open()) {
      ZoneHead head = content.head();
      var existing = c.store().open(apex);
      if (existing.isPresent()) {
        if (!replace) {
          throw new CliException("zone " + apex + " exists in table " + store.table
              + "; add --replace to replace it");
        }
        ZoneHead old = existing.get().head();
        ZoneSettings settings = serialPolicy == null ? old.settings()
            : old.settings().withSerialPolicy(serialPolicy);
        head = new ZoneHead(apex, old.version() + 1, head.serial(), settings);
      }
      Optional<Name> oldMember = existing.flatMap(r -> CatalogZone.memberNodeOf(
          r.head().settings()));
      Optional<Name> member = (existing.isPresent()
          ? catalog.catalog(oldMember.flatMap(CatalogZone::catalogOf)) : catalog.forNewZone())
          .map(name -> CatalogOptions.newMemberNode(c.store(), name, apex));
      head = new ZoneHead(apex, head.version(), head.serial(),
          ZoneCommand.withMaxRecords(head.settings(), maxRecords)
              .withCatalogMember(member.map(Name::toString).orElse("")));
      ZoneCommand.checkSize(apex, records, head.settings());
      catalogText = CatalogOptions.text(head.settings());
      CatalogMembership membership = CatalogOptions.membership(c.store());
      boolean relabel = oldMember.isPresent() && member.isPresent()
          && CatalogZone.catalogOf(oldMember.get()).equals(CatalogZone.catalogOf(member.get()));
      if (oldMember.isPresent() && !relabel) {
        CatalogOptions.require(membership.remove(oldMember.get()), apex,
            "not replaced: its catalog did not let it go");
      }
      if (existing.isPresent()) {
        c.store().delete(apex);
      }
      Progress writing = new Progress(err(), terminal, "writing " + apex, "names",
          content.nodes().size());
      c.store().create(head, content.nodes(), writing::update);
      writing.finish();
      if (member.isPresent()) {
        // RFC 9432 §5.4: a new unique id in one update makes the consumers drop their copy, its
        // serial and journal, and transfer the new zone whatever its serial (§5.6).
        CatalogOptions.require(relabel ? membership.relabel(oldMember.get(), member.get(), apex)
            : membership.add(member.get(), apex), apex, "imported, but not listed in its catalog");
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    out().printf(Locale.ROOT, "imported zone %s from %s: %,d records at %,d names, serial %d"
        + " (written in %.1f s)%s%n", apex, file, records, content.nodes().size(),
        content.head().serial(), seconds, catalogText);
    return 0;
  }
}
