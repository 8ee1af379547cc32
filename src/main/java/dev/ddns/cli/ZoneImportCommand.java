package dev.ddns.cli;

import dev.ddns.adapter.dns.ZoneContent;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.model.ZoneSettings;
import java.nio.file.Path;
import java.util.Locale;
import org.xbill.DNS.Name;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ddns zone import}. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Imports a zone file (BIND syntax) as a new zone, or replaces a zone.",
        "The whole file is read and checked before anything is written; large zones are "
            + "written in batches, with progress on stderr. The zone appears only once all "
            + "of it is written."},
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
      head = new ZoneHead(apex, head.version(), head.serial(),
          ZoneCommand.withMaxRecords(head.settings(), maxRecords));
      ZoneCommand.checkSize(apex, records, head.settings());
      if (existing.isPresent()) {
        c.store().delete(apex);
      }
      Progress writing = new Progress(err(), terminal, "writing " + apex, "names",
          content.nodes().size());
      c.store().create(head, content.nodes(), writing::update);
      writing.finish();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    out().printf(Locale.ROOT, "imported zone %s from %s: %,d records at %,d names, serial %d"
        + " (written in %.1f s)%n", apex, file, records, content.nodes().size(),
        content.head().serial(), seconds);
    return 0;
  }
}
