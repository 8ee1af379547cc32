package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddns.testing.tools.BindPrimary;
import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.Dig;
import dev.ddns.testing.tools.DnsWire;
import dev.ddns.testing.tools.LocalDdns;
import dev.ddns.testing.tools.Nsupdate;
import dev.ddns.testing.tools.TestKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Zone cuts, DNAME redirection and wildcards, as BIND 9 answers them (docs/bind-differences.md,
 * "Names below a DNAME"): the same nsupdate to BIND and to {@code ddns local}, then the same
 * AXFR, and for each query the same rcode, AA flag, answer and authority from dig. BIND also puts
 * the apex NS RRset in the authority section of positive answers; ddns answers minimally, as
 * BIND does with {@code minimal-responses yes}, so that RRset is not compared.
 */
class DnameIT {
  private static final String LONG_TARGET = "a".repeat(63) + "." + "b".repeat(63) + "."
      + "c".repeat(63) + "." + "d".repeat(50) + ".";
  private static final Pattern STATUS = Pattern.compile("status: (\\w+)");
  private static final Pattern FLAGS = Pattern.compile(";; flags:([a-z ]*);");
  private static final Pattern APEX_NS = Pattern.compile("example\\.test\\. \\d+ IN NS .*");

  @TempDir static Path dir;
  private static TestKey key;
  private static BindPrimary bind;
  private static LocalDdns ddns;

  @BeforeAll
  static void startAndUpdateBoth() throws Exception {
    key = TestKey.generate(dir, "hmac-sha256", "dname-key.");
    bind = BindPrimary.start(Files.createDirectory(dir.resolve("bind")), key);
    ddns = LocalDdns.start(Files.createDirectory(dir.resolve("ddns")), List.of(key.file()));
    for (int port : new int[] {bind.port(), ddns.dnsPort()}) {
      Nsupdate.run(Nsupdate.Auth.y(key), DnsWire.Transport.UDP, Nsupdate.script(port,
          "update add moved.example.test. 600 DNAME wild.example.test.",
          "update add x.moved.example.test. 300 A 192.0.2.7",
          "update add *.wild.example.test. 300 TXT \"wildcard\"",
          "update add sub.example.test. 3600 NS ns.sub.example.test.",
          "update add ns.sub.example.test. 3600 A 192.0.2.53",
          "update add into-cut.example.test. 300 CNAME host.sub.example.test.",
          "update add away.example.test. 600 DNAME elsewhere.test.",
          "update add long.example.test. 600 DNAME " + LONG_TARGET)).assertSuccess();
    }
  }

  @AfterAll
  static void stopBoth() throws Exception {
    if (ddns != null) {
      ddns.close();
    }
    if (bind != null) {
      bind.close();
    }
  }

  @Test
  void bothStoreTheSameZoneIncludingNamesBelowADname() {
    ZoneSnapshot reference = ZoneSnapshot.transfer(DemoZone.NAME, bind.port(), key.tsig());
    assertEquals(reference, ZoneSnapshot.transfer(DemoZone.NAME, ddns.dnsPort(), key.tsig()));
    assertEquals(true, reference.records().stream().anyMatch(r -> r.startsWith("x.moved.")),
        "the A below the DNAME is stored: " + reference.records());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "x.moved.example.test., A",
      "x.moved.example.test., TXT",
      "y.x.moved.example.test., TXT",
      "moved.example.test., A",
      "moved.example.test., DNAME",
      "into-cut.example.test., A",
      "host.sub.example.test., A",
      "sub.example.test., DS",
      "www.away.example.test., A",
      "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.long.example.test., A",
      "a.wild.example.test., TXT",
      "nope.example.test., A"})
  void answersAsBindDoes(String name, String type) {
    assertEquals(answer(bind.port(), name, type), answer(ddns.dnsPort(), name, type));
  }

  /**
   * Rcode, AA, and the answer and authority sections but the apex NS RRset, TTLs included, as
   * dig prints them.
   */
  private static List<String> answer(int port, String name, String type) {
    String output = Dig.run(port, "+norec", "+noedns", "+noall", "+comments", "+answer",
        "+authority", name, type).assertSuccess().output();
    List<String> lines = new ArrayList<>();
    lines.add("status " + group(STATUS.matcher(output)));
    lines.add("aa " + List.of(group(FLAGS.matcher(output)).trim().split(" ")).contains("aa"));
    for (String line : output.split("\n")) {
      String record = line.trim().replaceAll("\\s+", " ");
      if (!record.isEmpty() && !record.startsWith(";") && !APEX_NS.matcher(record).matches()) {
        lines.add(record);
      }
    }
    return lines;
  }

  private static String group(Matcher matcher) {
    return matcher.find() ? matcher.group(1) : "(none)";
  }
}
