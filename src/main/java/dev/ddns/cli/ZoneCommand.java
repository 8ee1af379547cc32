package dev.ddns.cli;

import dev.ddns.adapter.dns.ZoneContent;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.update.UpdateLimits;
import dev.ddns.core.update.Verdict;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ddns zone}: create, import, export, list, delete and configure zones in the table. */
@Command(
    name = "zone",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
        "Manages zones in the DynamoDB table, on AWS or in DynamoDB Local "
            + "(ddns local serves it at http://127.0.0.1:8000: add --endpoint-url).",
        "Credentials come from the standard AWS chain (profile, environment, SSO)."},
    subcommands = {
        ZoneCommand.Create.class, ZoneCommand.Import.class, ZoneCommand.Export.class,
        ZoneCommand.ListZones.class, ZoneCommand.Delete.class, ZoneCommand.Set.class,
        ZoneCommand.Recount.class})
final class ZoneCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "give a subcommand: create, import, export, list, delete, set or recount");
  }

  static Name zoneName(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new CliException("'" + text + "' is not a domain name: " + e.getMessage());
    }
  }

  /** {@code text} as a name; relative names (no final dot) are taken inside {@code zone}. */
  static Name nameIn(String text, Name zone) {
    try {
      return Name.fromString(text, zone);
    } catch (TextParseException e) {
      throw new CliException("'" + text + "' is not a domain name: " + e.getMessage());
    }
  }

  /** {@code settings} with the record limit {@code max} when one was given. */
  static ZoneSettings withMaxRecords(ZoneSettings settings, Long max) {
    if (max == null) {
      return settings;
    }
    if (max < 0) {
      throw new CliException("--max-records must be 0 (no limit) or more: " + max);
    }
    return settings.withMaxRecords(max);
  }

  /** A record limit for people: {@code 1,000,000}, or {@code none}. */
  static String limit(ZoneSettings settings) {
    return settings.maxRecords() == ZoneSettings.UNLIMITED ? "none"
        : String.format(Locale.ROOT, "%,d", settings.maxRecords());
  }

  /** A record count for people: {@code 1,234}, or {@code ?} when the head has none. */
  static String records(ZoneHead head) {
    return head.records().isPresent()
        ? String.format(Locale.ROOT, "%,d", head.records().getAsLong()) : "?";
  }

  /** Fails before anything is written when {@code records} are more than the zone may hold. */
  static void checkSize(Name zone, long records, ZoneSettings settings) {
    Verdict size = UpdateLimits.checkZoneSize(zone, records, settings);
    if (!size.ok()) {
      throw new CliException(size.reason() + "; give --max-records N to raise it (0: no limit)");
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = {"Creates a zone with its SOA and NS records.",
          "Name servers inside the zone need an address: --ns-address NAME=IP."},
      sortOptions = false)
  static final class Create extends StoreCommand {
    @Parameters(index = "0", paramLabel = "ZONE", description = "The zone, e.g. example.com.")
    String zone;

    @Option(names = "--ns", required = true, arity = "1..*", paramLabel = "NAME",
        description = "Name server (repeatable); a name without a final dot is inside the zone.")
    List<String> nameServers;

    @Option(names = "--ns-address", paramLabel = "NAME=IP", arity = "1..*",
        description = "Address of an in-zone name server, A or AAAA (repeatable).")
    List<String> nsAddresses = new ArrayList<>();

    @Option(names = "--mname", paramLabel = "NAME",
        description = "SOA primary server; default: the first --ns.")
    String mname;

    @Option(names = "--rname", paramLabel = "NAME",
        description = "SOA mailbox, e.g. hostmaster.example.com.; default: hostmaster.ZONE")
    String rname;

    @Option(names = "--serial", paramLabel = "N",
        description = "SOA serial; default: 1 for increment, now for unixtime and date.")
    Long serial;

    @Option(names = "--serial-policy", paramLabel = "POLICY", defaultValue = "increment",
        description = "increment, unixtime or date (YYYYMMDDnn); default: ${DEFAULT-VALUE}.")
    SerialPolicy serialPolicy;

    @Option(names = "--ttl", paramLabel = "SECONDS", defaultValue = "3600",
        description = "TTL of the SOA, NS and address records; default: ${DEFAULT-VALUE}.")
    long ttl;

    @Option(names = "--refresh", paramLabel = "SECONDS", defaultValue = "3600",
        description = "SOA refresh; default: ${DEFAULT-VALUE}.")
    long refresh;

    @Option(names = "--retry", paramLabel = "SECONDS", defaultValue = "900",
        description = "SOA retry; default: ${DEFAULT-VALUE}.")
    long retry;

    @Option(names = "--expire", paramLabel = "SECONDS", defaultValue = "604800",
        description = "SOA expire; default: ${DEFAULT-VALUE}.")
    long expire;

    @Option(names = "--minimum", paramLabel = "SECONDS", defaultValue = "300",
        description = "SOA minimum (negative caching TTL); default: ${DEFAULT-VALUE}.")
    long minimum;

    @Option(names = "--max-records", paramLabel = "N",
        description = "Most records the zone may hold; 0: no limit; default: 1,000,000.")
    Long maxRecords;

    @Option(names = "--create-table",
        description = "Create the table first when it is missing (DynamoDB Local, tests).")
    boolean createTable;

    @Mixin NotifyKeyOptions notifyKey;

    @Override
    public Integer call() {
      ZoneContent content = content(Clock.systemUTC());
      notifyKey.checked();
      ZoneHead head = content.head();
      try (StoreOptions.Connection c = createTable ? store.openCreatingTable() : store.open()) {
        if (c.store().open(head.zone()).isPresent()) {
          throw new CliException("zone " + head.zone() + " exists in table "
              + store.table + "; 'ddns zone delete' it first, or 'ddns zone import --replace'");
        }
        if (notifyKey.given()) {
          head = new ZoneHead(head.zone(), head.version(), head.serial(), head.settings()
              .withNotifyKey(notifyKey.resolve(head.zone(), store.region, out(), err())));
        }
        c.store().create(head, content.nodes());
      }
      int records = content.nodes().stream().mapToInt(Node::recordCount).sum();
      out().println("created zone " + head.zone() + ": serial " + head.serial()
          + ", " + records + " records, serial policy "
          + head.serialPolicy().name().toLowerCase(Locale.ROOT)
          + notifyKeyText(head.settings()));
      return 0;
    }

    ZoneContent content(Clock clock) {
      Name apex = zoneName(zone);
      List<Name> servers = nameServers.stream().map(n -> nameIn(n, apex)).distinct().toList();
      Map<Name, List<InetAddress>> addresses = addresses(apex);
      long soaSerial = serial != null ? serial : serialPolicy.next(0, clock);
      if (soaSerial < 0 || soaSerial > 0xFFFF_FFFFL) {
        throw new CliException("--serial must be within 0..4294967295: " + soaSerial);
      }
      Name primary = mname != null ? nameIn(mname, apex) : servers.get(0);
      Name mailbox = rname != null ? nameIn(rname, apex) : nameIn("hostmaster", apex);
      List<Record> records = new ArrayList<>();
      try {
        records.add(new SOARecord(apex, DClass.IN, ttl, primary, mailbox, soaSerial, refresh,
            retry, expire, minimum));
        for (Name ns : servers) {
          records.add(new NSRecord(apex, DClass.IN, ttl, ns));
        }
        for (Map.Entry<Name, List<InetAddress>> e : addresses.entrySet()) {
          for (InetAddress a : e.getValue()) {
            records.add(a.getAddress().length == 4
                ? new ARecord(e.getKey(), DClass.IN, ttl, a)
                : new AAAARecord(e.getKey(), DClass.IN, ttl, a));
          }
        }
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage(), e);
      }
      // The core refuses updates that leave an in-zone apex NS target without an address
      // (RFC 1034 §4.2.1 glue); a zone must not start in that state.
      for (Name ns : servers) {
        if (ns.subdomain(apex) && !addresses.containsKey(ns)) {
          throw new CliException("name server " + ns + " is inside " + apex
              + ": give its address with --ns-address " + ns + "=IP");
        }
      }
      ZoneContent content = ZoneContent.of(records, serialPolicy);
      ZoneHead head = content.head();
      ZoneSettings settings = withMaxRecords(head.settings(), maxRecords);
      checkSize(apex, records.size(), settings);
      return new ZoneContent(new ZoneHead(apex, head.version(), head.serial(), settings),
          content.nodes());
    }

    private Map<Name, List<InetAddress>> addresses(Name apex) {
      Map<Name, List<InetAddress>> result = new LinkedHashMap<>();
      for (String pair : nsAddresses) {
        int eq = pair.indexOf('=');
        if (eq <= 0 || eq == pair.length() - 1) {
          throw new CliException("--ns-address " + pair + ": expected NAME=IP, "
              + "e.g. ns1." + apex + "=192.0.2.1");
        }
        Name name = nameIn(pair.substring(0, eq), apex);
        if (!name.subdomain(apex)) {
          throw new CliException("--ns-address " + pair + ": " + name + " is outside " + apex
              + "; only in-zone name servers need an address here");
        }
        String ip = pair.substring(eq + 1).trim();
        InetAddress address;
        try {
          address = Address.getByAddress(ip);
        } catch (java.net.UnknownHostException e) {
          throw new CliException("--ns-address " + pair + ": '" + ip + "' is not an IP address");
        }
        result.computeIfAbsent(name, n -> new ArrayList<>()).add(address);
      }
      return result;
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = {"Imports a zone file (BIND syntax) as a new zone, or replaces a zone.",
          "The whole file is read and checked before anything is written; large zones are "
              + "written in batches, with progress on stderr. The zone appears only once all "
              + "of it is written."},
      sortOptions = false)
  static final class Import extends StoreCommand {
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
      Name origin = zone == null ? null : zoneName(zone);
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
            withMaxRecords(head.settings(), maxRecords));
        checkSize(apex, records, head.settings());
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

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Writes a zone as a zone file: SOA first, then every record in canonical "
          + "order.")
  static final class Export extends StoreCommand {
    @Parameters(index = "0", paramLabel = "ZONE")
    String zone;

    @Option(names = {"--output", "-o"}, paramLabel = "FILE",
        description = "Write to FILE (replaced when the export is complete); default: stdout.")
    Path output;

    @Override
    public Integer call() throws IOException {
      Name apex = zoneName(zone);
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

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = {"Lists the zones in the table with serial, version, record count and "
          + "settings.", "RECORDS is ? for a zone whose head predates the count: "
          + "'ddns zone recount' it."})
  static final class ListZones extends StoreCommand {
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
                Long.toString(head.version()), records(head), limit(s),
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
      int[] widths = new int[rows.get(0).length];
      for (String[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          widths[i] = Math.max(widths[i], row[i].length());
        }
      }
      for (String[] row : rows) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
          line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
        }
        out().println(line.toString().stripTrailing());
      }
      return 0;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = {"Deletes a zone and all its records and journal.",
          "Asks on the terminal unless --yes; without a terminal, --yes is required."})
  static final class Delete extends StoreCommand {
    @Parameters(index = "0", paramLabel = "ZONE")
    String zone;

    @Option(names = {"--yes", "-y"}, description = "Do not ask.")
    boolean yes;

    @Override
    public Integer call() {
      Name apex = zoneName(zone);
      try (StoreOptions.Connection c = store.open()) {
        ZoneReader reader = c.zone(apex, store);
        if (!yes) {
          String question = "Delete zone " + apex + " and all its records? [y/N] ";
          String answer = Terminal.ask(question).orElseThrow(() -> new CliException(
              "not deleting zone " + apex + ": no terminal to ask on; add --yes"));
          if (!answer.trim().toLowerCase(Locale.ROOT).matches("y|yes")) {
            out().println("zone " + apex + " kept");
            return 1;
          }
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

  @Command(name = "set", mixinStandardHelpOptions = true,
      description = {"Changes a zone's settings: notify targets and key, serial policy, journal "
          + "retention, record limit.",
          "--notify-key finds or makes the key where 'ddns key' keeps keys (Secrets Manager "
              + "under --prefix, or --key-dir)."},
      sortOptions = false)
  static final class Set extends StoreCommand {
    @Parameters(index = "0", paramLabel = "ZONE")
    String zone;

    @ArgGroup(exclusive = true)
    Notify notify;

    static final class Notify {
      @Option(names = "--notify", arity = "1..*", paramLabel = "TARGET", required = true,
          description = "Secondaries to NOTIFY: host, host:port or [v6]:port (repeatable; "
              + "replaces the list).")
      List<String> targets;

      @Option(names = "--no-notify", required = true, description = "Notify nobody.")
      boolean none;
    }

    @Option(names = "--serial-policy", paramLabel = "POLICY",
        description = "increment, unixtime or date.")
    SerialPolicy serialPolicy;

    @Option(names = "--journal-retention", paramLabel = "DURATION",
        description = "How long journal entries are kept, e.g. 7d, 12h or P30D.")
    Duration journalRetention;

    @Option(names = "--max-records", paramLabel = "N",
        description = "Most records the zone may hold (updates that would grow it past this "
            + "are refused); 0: no limit.")
    Long maxRecords;

    @Mixin NotifyKeyOptions notifyKey;

    @Option(names = "--no-notify-key", description = "Sign NOTIFY with no key (as "
        + "--notify-key '').")
    boolean noNotifyKey;

    @ArgGroup(exclusive = true)
    TransferKeys transferKeys;

    static final class TransferKeys {
      @Option(names = "--transfer-key", arity = "1..*", paramLabel = "KEY", required = true,
          description = "The only keys that may AXFR/IXFR the zone (repeatable; replaces the "
              + "list). Without any: the notify key and the keys the update policy grants.")
      List<String> names;

      @Option(names = "--no-transfer-keys", required = true, description = "Back to the "
          + "default: the notify key and the keys the update policy grants may transfer.")
      boolean none;
    }

    @Override
    public Integer call() {
      if (notify == null && serialPolicy == null && journalRetention == null
          && maxRecords == null && !notifyKey.given() && !noNotifyKey && transferKeys == null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "nothing to set: give "
            + "--notify, --no-notify, --notify-key, --no-notify-key, --transfer-key, "
            + "--no-transfer-keys, --serial-policy, --journal-retention or --max-records");
      }
      if (notifyKey.given() && noNotifyKey) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--notify-key and --no-notify-key exclude each other");
      }
      Name apex = zoneName(zone);
      List<String> targets = notify == null || notify.none ? List.of() : checked(notify.targets);
      notifyKey.checked();
      try (StoreOptions.Connection c = store.open()) {
        ZoneHead head = c.zone(apex, store).head();
        ZoneSettings settings = withMaxRecords(head.settings(), maxRecords);
        if (notify != null) {
          settings = settings.withNotifyTargets(targets);
        }
        if (noNotifyKey) {
          settings = settings.withNotifyKey("");
        } else if (notifyKey.given()) {
          settings = settings.withNotifyKey(notifyKey.resolve(apex, store.region, out(), err()));
        }
        if (transferKeys != null) {
          settings = settings.withTransferKeys(transferKeys.none ? List.of()
              : transferKeys.names.stream().map(k -> zoneName(k).toString()).toList());
        }
        if (serialPolicy != null) {
          settings = settings.withSerialPolicy(serialPolicy);
        }
        if (journalRetention != null) {
          settings = settings.withJournalRetention(journalRetention);
        }
        if (!c.store().updateSettings(apex, settings)) {
          throw new CliException("zone " + apex + " is gone");
        }
        out().println("zone " + apex + ": serial policy "
            + settings.serialPolicy().name().toLowerCase(Locale.ROOT)
            + ", journal retention " + Durations.format(settings.journalRetention())
            + ", max records " + limit(settings)
            + ", notify " + (settings.notifyTargets().isEmpty() ? "none"
                : String.join(" ", settings.notifyTargets())) + notifyKeyText(settings)
            + transferKeysText(settings));
        warnIfOver(err(), new ZoneHead(apex, head.version(), head.serial(), settings,
            head.records()));
        warnIfUnsigned(err(), apex, settings);
        return 0;
      }
    }

    private static final java.util.regex.Pattern TARGET = java.util.regex.Pattern.compile(
        "(?:\\[[0-9A-Fa-f:.]+](?::\\d{1,5})?|[0-9A-Za-z._-]+(?::\\d{1,5})?|[0-9A-Fa-f:]+)");

    private static List<String> checked(List<String> targets) {
      for (String t : targets) {
        if (!TARGET.matcher(t).matches()) {
          throw new CliException("--notify " + t + ": expected host, host:port or [v6]:port");
        }
        int colon = t.lastIndexOf(':');
        if (colon > 0 && (t.startsWith("[") || t.indexOf(':') == colon)
            && Integer.parseInt(t.substring(colon + 1)) > 65_535) {
          throw new CliException("--notify " + t + ": port over 65535");
        }
      }
      return List.copyOf(targets);
    }
  }

  /**
   * {@code , transfer keys NAME...} when the zone names the keys that may transfer it; empty for
   * the default (docs/transfers.md, "Who may transfer").
   */
  static String transferKeysText(ZoneSettings settings) {
    return settings.transferKeys().isEmpty() ? ""
        : ", transfer keys " + String.join(" ", settings.transferKeys());
  }

  /** {@code , notify key NAME} when the zone signs its NOTIFY; empty otherwise. */
  static String notifyKeyText(ZoneSettings settings) {
    return settings.notifyKey().isEmpty() ? "" : ", notify key " + settings.notifyKey();
  }

  /**
   * Says so on stderr when the zone sends NOTIFY unsigned: from Lambda it comes from changing
   * addresses, and secondaries set up as docs/secondaries.md says accept only signed NOTIFY.
   */
  static void warnIfUnsigned(PrintWriter err, Name zone, ZoneSettings settings) {
    if (!settings.notifyTargets().isEmpty() && settings.notifyKey().isEmpty()) {
      err.println("warning: zone " + zone + " sends NOTIFY unsigned, which secondaries set up "
          + "as docs/secondaries.md says ignore; sign it with --notify-key notify." + zone);
    }
  }

  /** Says so on stderr when the zone holds more records than its limit. */
  static void warnIfOver(PrintWriter err, ZoneHead head) {
    if (head.records().isPresent()
        && head.settings().exceedsMaxRecords(head.records().getAsLong())) {
      err.println("warning: zone " + head.zone() + " holds " + records(head)
          + " records, over its limit of " + limit(head.settings())
          + ": updates that add records are refused until it shrinks");
    }
  }

  @Command(name = "recount", mixinStandardHelpOptions = true,
      description = {"Counts a zone's records and stores the count in its head.",
          "For a zone whose head predates the count (RECORDS ? in 'ddns zone list'): its "
              + "record limit is enforced only once it is counted. Reads the whole zone."})
  static final class Recount extends StoreCommand {
    @Parameters(index = "0", paramLabel = "ZONE")
    String zone;

    @Override
    public Integer call() {
      Name apex = zoneName(zone);
      try (StoreOptions.Connection c = store.open()) {
        ZoneHead before = c.zone(apex, store).head();
        long counted = c.store().recount(apex)
            .orElseThrow(() -> new CliException("zone " + apex + " is gone"));
        ZoneHead after = before.withRecords(counted);
        out().println("zone " + apex + ": " + records(after) + " records (the head said "
            + records(before) + "), limit " + limit(after.settings()));
        warnIfOver(err(), after);
        return 0;
      }
    }
  }
}
