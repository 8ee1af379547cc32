package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.Dig;
import dev.ddns.testing.tools.DigOutput;
import dev.ddns.testing.tools.DnsWire;
import dev.ddns.testing.tools.Exec;
import dev.ddns.testing.tools.Nsupdate;
import dev.ddns.testing.tools.ServerUnderTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** BIND's dig against ddns local: authoritative answers, negative answers and AXFR. */
class DigInteropIT {
  private static final String TXT_OWNER = "txt." + DemoZone.NAME;

  @TempDir static Path dir;
  private static ServerUnderTest server;

  @BeforeAll
  static void startAndFill() {
    server = ServerUnderTest.start(dir, List.of());
    Exec.Result result = Nsupdate.run(Nsupdate.Auth.k(server.localKey()), DnsWire.Transport.TCP,
        Nsupdate.script(server.dnsPort(),
            "update add " + TXT_OWNER + " 300 TXT \"v=spf1 -all\" \"two words\" \"\"",
            "update add www." + DemoZone.NAME + " 300 A 192.0.2.80",
            "update add www." + DemoZone.NAME + " 300 A 192.0.2.81"));
    assertEquals(0, result.exitCode(), result.describe() + "\n" + server.diagnostics());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void soaAnswerIsAuthoritative() {
    DigOutput dig = dig(DemoZone.NAME, "SOA");

    assertEquals("NOERROR", dig.status());
    assertTrue(dig.flags().contains("aa"), "AA flag missing:\n" + dig.text());
    assertEquals(1, dig.section("ANSWER").size(), dig.text());
    assertTrue(dig.section("ANSWER").get(0).matches(
        "example\\.test\\. 3600 IN SOA ns1\\.example\\.test\\. hostmaster\\.example\\.test\\."
            + " \\d+ 3600 900 604800 300"), dig.text());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', textBlock = """
      ns1.example.test. | A   | ns1.example.test. 3600 IN A 127.0.0.1
      example.test.     | NS  | example.test. 3600 IN NS ns1.example.test.
      txt.example.test. | TXT | txt.example.test. 300 IN TXT "v=spf1 -all" "two words" ""
      """)
  void positiveAnswerIsAuthoritative(String name, String type, String expected) {
    DigOutput dig = dig(name, type);

    assertEquals("NOERROR", dig.status());
    assertTrue(dig.flags().contains("aa"), dig.text());
    assertEquals(List.of(expected), dig.section("ANSWER"));
  }

  @Test
  void rrsetWithTwoRecordsIsAnsweredWhole() {
    assertEquals(
        List.of("www.example.test. 300 IN A 192.0.2.80", "www.example.test. 300 IN A 192.0.2.81"),
        dig("www.example.test.", "A").section("ANSWER").stream().sorted().toList());
  }

  @ParameterizedTest(name = "{0} {1} is {2}")
  @CsvSource(delimiter = '|', textBlock = """
      nothing-here.example.test. | A   | NXDOMAIN
      ns1.example.test.          | TXT | NOERROR
      WWW.Example.TEST.          | MX  | NOERROR
      """)
  void negativeAnswerCarriesSoaInAuthority(String name, String type, String status) {
    DigOutput dig = dig(name, type);

    assertEquals(status, dig.status(), dig.text());
    assertTrue(dig.flags().contains("aa"), dig.text());
    assertEquals(List.of(), dig.section("ANSWER"));
    List<String> authority =
        dig.section("AUTHORITY").stream().map(line -> line.toLowerCase(Locale.ROOT)).toList();
    assertEquals(1, authority.size(), dig.text());
    assertTrue(authority.get(0).startsWith("example.test. "), dig.text());
    assertTrue(authority.get(0).contains(" in soa ns1.example.test. "), dig.text());
  }

  @Test
  void signedAxfrOverTcpTransfersTheZone() {
    Exec.Result result = Dig.run(server.dnsPort(), "-k", server.localKey().file().toString(),
        DemoZone.NAME, "AXFR");
    List<String> lines = result.output().lines()
        .filter(line -> !line.isBlank() && !line.startsWith(";"))
        .map(line -> line.trim().replaceAll("\\s+", " "))
        .toList();
    List<String> records = lines.stream().filter(line -> !line.contains(" ANY TSIG ")).toList();

    assertEquals(0, result.exitCode(), result.describe());
    assertFalse(result.output().contains("failed"), result.describe());
    assertFalse(result.output().contains("verify"), "dig could not verify the TSIG:\n"
        + result.describe());
    assertTrue(lines.get(lines.size() - 1).startsWith(server.localKey().name()),
        "the last message of the AXFR must be signed:\n" + result.describe());
    assertTrue(records.get(0).contains(" IN SOA "), result.describe());
    assertEquals(records.get(0), records.get(records.size() - 1), "AXFR must end with the SOA");
    assertTrue(records.contains("ns1.example.test. 3600 IN A 127.0.0.1"), result.describe());
    assertTrue(records.contains(
        "txt.example.test. 300 IN TXT \"v=spf1 -all\" \"two words\" \"\""), result.describe());
  }

  @Test
  void signedUdpAnswerThatDoesNotFitComesBackTruncatedAndVerifies() {
    String owner = "big." + DemoZone.NAME;
    List<String> adds = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      adds.add("update add " + owner + " 300 TXT \"" + "x".repeat(200) + i + "\"");
    }
    Exec.Result added = Nsupdate.run(Nsupdate.Auth.k(server.localKey()), DnsWire.Transport.TCP,
        Nsupdate.script(server.dnsPort(), adds.toArray(String[]::new)));
    assertEquals(0, added.exitCode(), added.describe());

    String key = server.localKey().file().toString();
    Exec.Result udp = Dig.run(server.dnsPort(), "-k", key, "+notcp", "+ignore", "+bufsize=1232",
        owner, "TXT");
    DigOutput truncated = new DigOutput(udp.output());
    assertEquals(0, udp.exitCode(), udp.describe());
    assertTrue(truncated.flags().contains("tc"), "TC flag missing:\n" + udp.output());
    assertEquals(List.of(), truncated.section("ANSWER"));
    assertFalse(udp.output().contains("verify"), "dig could not verify the TSIG of the "
        + "truncated answer:\n" + udp.output());
    assertTrue(udp.output().contains("TSIG PSEUDOSECTION"), udp.output());

    Exec.Result retried = Dig.run(server.dnsPort(), "-k", key, owner, "TXT");
    assertFalse(retried.output().contains("verify"), retried.describe());
    assertEquals(12, new DigOutput(retried.output()).section("ANSWER").size(), retried.output());
  }

  @Test
  void unsignedAxfrIsRefused() throws IOException {
    Exec.Result dig = Dig.run(server.dnsPort(), DemoZone.NAME, "AXFR");
    assertTrue(dig.output().contains("Transfer failed"), dig.describe());

    Message query = Message.newQuery(
        Record.newRecord(Name.fromConstantString(DemoZone.NAME), Type.AXFR, 1));
    byte[] answer = DnsWire.exchange(DnsWire.Transport.TCP, server.dnsPort(), query.toWire());
    assertEquals(Rcode.REFUSED, new Message(answer).getRcode());
  }

  private static DigOutput dig(String name, String type) {
    return new DigOutput(Dig.run(server.dnsPort(), name, type).assertSuccess().output());
  }
}
