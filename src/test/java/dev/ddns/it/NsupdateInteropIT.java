package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.Dig;
import dev.ddns.testing.tools.DnsWire;
import dev.ddns.testing.tools.Exec;
import dev.ddns.testing.tools.Nsupdate;
import dev.ddns.testing.tools.ServerUnderTest;
import dev.ddns.testing.tools.TestKey;
import dev.ddns.testing.tools.Tools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** BIND's nsupdate against ddns local: every TSIG algorithm, UDP and TCP, and TSIG errors. */
class NsupdateInteropIT {
  private static final List<String> ALGORITHMS = List.of(
      "hmac-md5", "hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512");

  @TempDir static Path dir;
  private static final Map<String, TestKey> KEYS = new TreeMap<>();
  private static ServerUnderTest server;

  @BeforeAll
  static void start() {
    for (String algorithm : ALGORITHMS) {
      KEYS.put(algorithm, TestKey.generate(dir, algorithm, "nsupdate-" + algorithm + "."));
    }
    server = ServerUnderTest.start(dir, new ArrayList<>(KEYS.values()));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static Stream<Arguments> algorithmsAndTransports() {
    return ALGORITHMS.stream().flatMap(algorithm -> Stream.of(
        Arguments.of(algorithm, DnsWire.Transport.UDP),
        Arguments.of(algorithm, DnsWire.Transport.TCP)));
  }

  @ParameterizedTest(name = "-y {0} over {1}")
  @MethodSource("algorithmsAndTransports")
  void updateSignedWithYIsApplied(String algorithm, DnsWire.Transport transport) {
    String owner = "y-" + algorithm + "-" + transport.name().toLowerCase() + "." + DemoZone.NAME;
    Exec.Result result = nsupdate(Nsupdate.Auth.y(KEYS.get(algorithm)), transport,
        "update add " + owner + " 300 TXT \"signed with " + algorithm + "\" \"over " + transport + "\"");

    assertSucceeded(result);
    assertEquals(
        List.of(owner + " 300 IN TXT \"signed with " + algorithm + "\" \"over " + transport + "\""),
        Dig.answer(server.dnsPort(), owner, "TXT"));
  }

  @ParameterizedTest(name = "-k local key file over {0}")
  @EnumSource(DnsWire.Transport.class)
  void updateSignedWithKeyFileIsApplied(DnsWire.Transport transport) {
    String owner = "k-" + transport.name().toLowerCase() + "." + DemoZone.NAME;
    Exec.Result result = nsupdate(Nsupdate.Auth.k(server.localKey()), transport,
        "update add " + owner + " 600 A 192.0.2.7",
        "update add " + owner + " 600 AAAA 2001:db8::7");

    assertSucceeded(result);
    assertEquals(List.of(owner + " 600 IN A 192.0.2.7"), Dig.answer(server.dnsPort(), owner, "A"));
    assertEquals(List.of(owner + " 600 IN AAAA 2001:db8::7"),
        Dig.answer(server.dnsPort(), owner, "AAAA"));
  }

  @Test
  void deleteWithKeyFileRemovesTheRecord() {
    String owner = "deleted." + DemoZone.NAME;
    Nsupdate.Auth auth = Nsupdate.Auth.k(server.localKey());
    assertSucceeded(nsupdate(auth, DnsWire.Transport.UDP, "update add " + owner + " 60 A 192.0.2.8"));
    assertSucceeded(nsupdate(auth, DnsWire.Transport.TCP, "update delete " + owner + " A"));

    assertEquals(List.of(), Dig.answer(server.dnsPort(), owner, "A"));
  }

  @ParameterizedTest(name = "unknown key name over {0} is BADKEY")
  @EnumSource(DnsWire.Transport.class)
  void unknownKeyNameIsBadkeyAndChangesNothing(DnsWire.Transport transport) {
    TestKey unknown = server.localKey().withName("no-such-key.");
    assertRejectedUnchanged("BADKEY", Nsupdate.command(Nsupdate.Auth.y(unknown), transport));
  }

  @ParameterizedTest(name = "wrong secret over {0} is BADSIG")
  @EnumSource(DnsWire.Transport.class)
  void wrongSecretIsBadsigAndChangesNothing(DnsWire.Transport transport) {
    TestKey wrongSecret = server.localKey().withSecret("c2VjcmV0IHRoYXQgbm9ib2R5IGtub3dzIGF0IGFsbCE=");
    assertRejectedUnchanged("BADSIG", Nsupdate.command(Nsupdate.Auth.y(wrongSecret), transport));
  }

  /**
   * nsupdate 9.18 deadlocks under libfaketime (recursive clock_gettime during start-up), so
   * the skewed-clock client is Knot's knsupdate, which speaks the same script language.
   */
  @ParameterizedTest(name = "clock two hours behind over {0} is BADTIME")
  @EnumSource(DnsWire.Transport.class)
  void skewedClockIsBadtimeAndChangesNothing(DnsWire.Transport transport) {
    List<String> command = new ArrayList<>(List.of(
        Tools.faketime().toString(), "-f", "-2h", Tools.knsupdate().toString()));
    if (transport == DnsWire.Transport.TCP) {
      command.add("-v");
    }
    command.addAll(List.of("-y", server.localKey().yArgument()));
    assertRejectedUnchanged("BADTIME", command);
  }

  private void assertRejectedUnchanged(String tsigError, List<String> updateCommand) {
    String owner = "rejected-" + tsigError.toLowerCase() + "." + DemoZone.NAME;
    ZoneSnapshot before = snapshot();
    Exec.Result result = Exec.run(updateCommand,
        Nsupdate.script(server.dnsPort(), "update add " + owner + " 300 A 192.0.2.66"));

    assertNotEquals(0, result.exitCode(), result.describe());
    assertTrue(result.output().contains(tsigError), "expected " + tsigError + " in:\n"
        + result.describe() + "\n" + server.diagnostics());
    assertEquals(before, snapshot(), "a rejected update changed the zone");
  }

  private static Exec.Result nsupdate(Nsupdate.Auth auth, DnsWire.Transport transport,
      String... lines) {
    return Nsupdate.run(auth, transport, Nsupdate.script(server.dnsPort(), lines));
  }

  private static void assertSucceeded(Exec.Result result) {
    assertEquals(0, result.exitCode(), result.describe() + "\n" + server.diagnostics());
  }

  private static ZoneSnapshot snapshot() {
    return ZoneSnapshot.transfer(DemoZone.NAME, server.dnsPort(), server.localKey().tsig());
  }
}
