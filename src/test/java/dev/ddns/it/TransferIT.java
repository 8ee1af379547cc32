package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.testing.tools.BindSecondary;
import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.Dig;
import dev.ddns.testing.tools.DnsWire;
import dev.ddns.testing.tools.Exec;
import dev.ddns.testing.tools.FreePorts;
import dev.ddns.testing.tools.LocalDdns;
import dev.ddns.testing.tools.Nsupdate;
import dev.ddns.testing.tools.TestKey;
import dev.ddns.testing.tools.ToolProcess;
import dev.ddns.testing.tools.Tools;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * Zone transfers through the relay of ddns local (on DynamoDB Local) with the real tools: dig
 * and kdig see the IXFR form after updates, and BIND as a secondary transfers a 100,000-record zone
 * through the paged path (a small page limit makes sure of it) and ends up with exactly what
 * {@code ddns zone export} prints.
 */
class TransferIT {
  /** Small enough that the big zone takes many pages. */
  private static final int PAGE_LIMIT = 256 * 1024;
  /** 100,000 records at few names: DynamoDB Local writes and reads items slowly. */
  private static final int NAMES = 1_000;
  private static final int RECORDS_PER_NAME = 100;
  private static final String BIG = "big.test.";
  private static final Duration TRANSFER_TIMEOUT = Duration.ofSeconds(90);
  private static final Pattern XFR_SIZE =
      Pattern.compile("XFR size: (\\d+) records \\(messages (\\d+), bytes (\\d+)\\)");

  private static final Pattern TSIG_LINE = Pattern.compile("\\sANY\\s+TSIG\\s");

  @TempDir static Path dir;
  private static LocalDdns ddns;

  @BeforeAll
  static void start() {
    ddns = LocalDdns.start(dir, List.of(), Map.of("DDNS_TRANSFER_PAGE_LIMIT",
        String.valueOf(PAGE_LIMIT)));
  }

  @AfterAll
  static void stop() {
    if (ddns != null) {
      ddns.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dig", "kdig"})
  void clientGetsTheIncrementalFormAfterUpdates(String tool) {
    TestKey key = ddns.localKey();
    long before = serial(Dig.answer(ddns.dnsPort(), DemoZone.NAME, "SOA").get(0));
    for (int i = 1; i <= 3; i++) {
      Nsupdate.run(Nsupdate.Auth.y(key), DnsWire.Transport.UDP, Nsupdate.script(ddns.dnsPort(),
          "update add " + tool + "-" + i + "." + DemoZone.NAME + " 300 TXT \"step " + i + "\""))
          .assertSuccess();
    }
    Exec.Result ixfr = tool.equals("dig")
        ? Dig.run(ddns.dnsPort(), "-y", key.yArgument(), "+noall", "+answer", DemoZone.NAME,
            "IXFR=" + before).assertSuccess()
        : Exec.run(List.of(Tools.find("kdig", "knot-dnsutils").toString(), "@127.0.0.1", "-p",
            String.valueOf(ddns.dnsPort()), "-y", key.yArgument(), "IXFR=" + before,
            DemoZone.NAME), "").assertSuccess();
    List<Record> records = parse(ixfr.output(), DemoZone.NAME);
    List<Long> soaSerials = records.stream().filter(r -> r instanceof SOARecord)
        .map(r -> ((SOARecord) r).getSerial()).toList();
    String shown = "IXFR form (RFC 1995 §4), not AXFR:\n" + ixfr.output();
    assertEquals(8, soaSerials.size(), shown);
    long after = soaSerials.get(0);
    assertEquals(List.of(after, before, after, after), List.of(soaSerials.get(0),
        soaSerials.get(1), soaSerials.get(6), soaSerials.get(7)), shown);
    assertEquals(soaSerials.get(2), soaSerials.get(3), "one step ends where the next begins");
    assertEquals(soaSerials.get(4), soaSerials.get(5), "one step ends where the next begins");
    assertEquals(8 + 3, records.size(), "three difference sequences:\n" + ixfr.output());
  }

  @Test
  void bindSecondaryTransfersAHundredThousandRecordsThroughPages() throws Exception {
    Path zoneFile = dir.resolve("big.zone");
    Files.writeString(zoneFile, bigZone());
    ddns("zone", "import", zoneFile.toString(), "--endpoint-url", ddns.dynamoDbEndpoint().toString());
    Path secondaryDir = Files.createDirectories(dir.resolve("bind-secondary"));
    int bindPort = FreePorts.tcpAndUdp();
    TestKey notifyKey = TestKey.generate(secondaryDir, "hmac-sha256", "notify." + BIG);
    Files.writeString(secondaryDir.resolve("named.conf"),
        BindSecondary.config(secondaryDir, bindPort, ddns.dnsPort(), ddns.localKey(), notifyKey,
            BIG, "big.test.db"));
    try (ToolProcess named = ToolProcess.start(BindSecondary.command(
        secondaryDir.resolve("named.conf").toString()), Map.of(),
        secondaryDir.resolve("named.log"))) {
      awaitTransfer(named);
      Exec.Result bindCopy = awaitServed(bindPort);
      Path export = dir.resolve("big.export");
      ddns("zone", "export", BIG, "--endpoint-url", ddns.dynamoDbEndpoint().toString(), "-o",
          export.toString());
      TreeSet<String> exported = normalised(parse(Files.readString(export), BIG));
      TreeSet<String> transferred = normalised(parse(bindCopy.output(), BIG));
      assertEquals(NAMES * RECORDS_PER_NAME + 3, exported.size(), "the zone as exported");
      assertTrue(exported.equals(transferred), "BIND's copy equals ddns zone export; only in "
          + "the export: " + first(difference(exported, transferred)) + ", only in BIND's: "
          + first(difference(transferred, exported)));
      assertTrue(bytes(bindCopy.output()) > 4L * PAGE_LIMIT,
          "the zone is several page limits long, so it went in pages");
    }
  }

  /** BIND's copy by AXFR from BIND, once BIND serves the zone it transferred. */
  private static Exec.Result awaitServed(int port) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (true) {
      Exec.Result axfr = Dig.run(port, "+noall", "+answer", "+stats", BIG, "AXFR")
          .assertSuccess();
      if (XFR_SIZE.matcher(axfr.output()).find() || Instant.now().isAfter(deadline)) {
        return axfr;
      }
      Thread.sleep(100);
    }
  }

  /** Waits for BIND's log to report the transfer done; fails with the log when it fails. */
  private static void awaitTransfer(ToolProcess named) throws Exception {
    Instant deadline = Instant.now().plus(TRANSFER_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      String text = named.output();
      if (text.contains("Transfer status: success")) {
        text.lines().filter(l -> l.contains("Transfer completed")).forEach(System.out::println);
        return;
      }
      if (text.contains("Transfer status:")) {
        throw new AssertionError("BIND's transfer failed:\n" + text + "\n" + ddns.diagnostics());
      }
      if (!named.isAlive()) {
        throw new AssertionError("named exited:\n" + text);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("BIND did not transfer " + BIG + " within " + TRANSFER_TIMEOUT
        + ":\n" + named.output() + "\n" + ddns.diagnostics());
  }

  /** SOA, NS, the name server's address, and 100 A records at each of 1,000 names. */
  private static String bigZone() {
    StringBuilder zone = new StringBuilder();
    zone.append("$ORIGIN ").append(BIG).append("\n$TTL 300\n")
        .append("@ SOA ns1 hostmaster 7 3600 900 604800 300\n")
        .append("@ NS ns1\n")
        .append("ns1 A 192.0.2.1\n");
    for (int n = 0; n < NAMES; n++) {
      for (int r = 0; r < RECORDS_PER_NAME; r++) {
        zone.append("host").append(n).append(" A 10.").append(n / 250).append('.')
            .append(n % 250).append('.').append(r + 1).append('\n');
      }
    }
    return zone.toString();
  }

  private static void ddns(String... arguments) {
    List<String> command = new ArrayList<>(List.of(Tools.java().toString(), "-jar",
        LocalDdns.jar().toString()));
    command.addAll(List.of(arguments));
    Exec.run(command, "", Duration.ofSeconds(120)).assertSuccess();
  }

  /** The records in a tool's output; a TSIG record that kdig prints is no zone data. */
  private static List<Record> parse(String text, String origin) {
    String data = String.join("\n", text.lines().filter(l -> !TSIG_LINE.matcher(l).find())
        .toList());
    List<Record> records = new ArrayList<>();
    try (Master master = new Master(new ByteArrayInputStream(
        data.getBytes(StandardCharsets.UTF_8)), Name.fromString(origin))) {
      for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
        records.add(r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse:\n" + text, e);
    }
    return records;
  }

  /** Each record once (AXFR repeats the SOA), as text. */
  private static TreeSet<String> normalised(List<Record> records) {
    TreeSet<String> out = new TreeSet<>();
    records.forEach(r -> out.add(r.toString()));
    return out;
  }

  private static TreeSet<String> difference(TreeSet<String> a, TreeSet<String> b) {
    TreeSet<String> out = new TreeSet<>(a);
    out.removeAll(b);
    return out;
  }

  private static String first(TreeSet<String> set) {
    return set.isEmpty() ? "nothing" : set.first() + " (of " + set.size() + ")";
  }

  private static long bytes(String digStats) {
    Matcher m = XFR_SIZE.matcher(digStats);
    if (!m.find()) {
      throw new AssertionError("dig printed no transfer size:\n" + digStats);
    }
    return Long.parseLong(m.group(3));
  }

  private static long serial(String soaLine) {
    return Long.parseLong(soaLine.split(" ")[6]);
  }
}
