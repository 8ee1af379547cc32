package dev.ddns.cli;

import dev.ddns.core.port.ZoneReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.xbill.DNS.Name;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ddns zone export}. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Writes a zone as a zone file: SOA first, then every record in canonical "
        + "order.")
final class ZoneExportCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "ZONE")
  String zone;

  @Option(names = {"--output", "-o"}, paramLabel = "FILE",
      description = "Write to FILE (replaced when the export is complete); default: stdout.")
  Path output;

  @Override
  public Integer call() throws IOException {
    Name apex = ZoneCommand.zoneName(zone);
    try (StoreOptions.Connection c = store.open()) {
      ZoneReader reader = c.zone(apex, store);
      if (output == null) {
        PrintWriter out = out();
        ZoneFiles.write(reader, out);
        out.flush();
        return 0;
      }
      Path absolute = output.toAbsolutePath();
      Path temp = Files.createTempFile(absolute.getParent(), ".ddns-export-", ".tmp");
      long count;
      try {
        try (Writer w = new BufferedWriter(new OutputStreamWriter(
            Files.newOutputStream(temp), StandardCharsets.UTF_8), 1 << 16)) {
          count = ZoneFiles.write(reader, w);
        }
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
      err().printf(Locale.ROOT, "exported zone %s serial %d: %,d records to %s%n", apex,
          reader.head().serial(), count, output);
      return 0;
    }
  }
}
