package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.secrets.FakeSecretsManager;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.Dig;
import dev.ddns.testing.tools.DnsWire;
import dev.ddns.testing.tools.Exec;
import dev.ddns.testing.tools.LocalDdns;
import dev.ddns.testing.tools.Nsupdate;
import dev.ddns.testing.tools.TestKey;
import dev.ddns.testing.tools.Tools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * nsupdate {@code -y} and knsupdate {@code -y} with all six TSIG algorithms against
 * {@code ddns local --secrets-endpoint}, its keys held by a Secrets Manager stand-in in this JVM
 * (none of them in a key file), and the demo key created there at start.
 */
class SecretsManagerKeysIT {
  private static final String PREFIX = "it/tsig/";

  @TempDir static Path dir;
  private static final Map<String, TestKey> KEYS = new TreeMap<>();
  private static FakeSecretsManager secrets;
  private static LocalDdns ddns;

  @BeforeAll
  static void start() {
    secrets = FakeSecretsManager.start();
    for (String algorithm : TsigKey.ALGORITHMS) {
      TestKey key = TestKey.generate(dir, algorithm, "sm-" + algorithm + ".");
      KEYS.put(algorithm, key);
      secrets.put(PREFIX + "sm-" + algorithm, TsigKey.of(key.name(), algorithm, key.secret()));
    }
    ddns = LocalDdns.start(dir, List.of(), List.of(
        "--secrets-endpoint", secrets.endpoint().toString(), "--secret-prefix", PREFIX));
    grantTheZone();
  }

  /**
   * The demo zone's policy grants the keys ddns local knew at start; keys that live only in
   * Secrets Manager get their grant as an operator gives it, with {@code ddns policy set}.
   */
  private static void grantTheZone() {
    List<String> command = new ArrayList<>(List.of(Tools.java().toString(), "-jar",
        LocalDdns.jar().toString(), "policy", "set", DemoZone.NAME,
        "--endpoint-url", ddns.dynamoDbEndpoint().toString(),
        "--rule", "grant ddns-local-key. zonesub ANY"));
    for (String algorithm : TsigKey.ALGORITHMS) {
      command.addAll(List.of("--rule", "grant sm-" + algorithm + ". zonesub ANY"));
    }
    Exec.run(command, "").assertSuccess();
  }

  @AfterAll
  static void stop() {
    if (ddns != null) {
      ddns.close();
    }
    if (secrets != null) {
      secrets.close();
    }
  }

  @ParameterizedTest(name = "nsupdate -y {0}")
  @ValueSource(strings = {"hmac-md5", "hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384",
      "hmac-sha512"})
  void nsupdateWithAKeyFromSecretsManager(String algorithm) {
    String owner = "nsupdate-" + algorithm + "." + DemoZone.NAME;
    assertApplied(Nsupdate.command(Nsupdate.Auth.y(KEYS.get(algorithm)), DnsWire.Transport.UDP),
        owner, algorithm);
  }

  @ParameterizedTest(name = "knsupdate -y {0}")
  @ValueSource(strings = {"hmac-md5", "hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384",
      "hmac-sha512"})
  void knsupdateWithAKeyFromSecretsManager(String algorithm) {
    String owner = "knsupdate-" + algorithm + "." + DemoZone.NAME;
    assertApplied(List.of(Tools.knsupdate().toString(), "-y", KEYS.get(algorithm).yArgument()),
        owner, algorithm);
  }

  @Test
  void theDemoKeyWasCreatedInSecretsManager() {
    assertTrue(secrets.names().contains(PREFIX + "ddns-local-key"), secrets.names()::toString);
    assertTrue(ddns.output().contains("and in Secrets Manager at " + secrets.endpoint()),
        ddns.diagnostics());
    String owner = "demo-key." + DemoZone.NAME;
    assertApplied(Nsupdate.command(Nsupdate.Auth.k(ddns.localKey()), DnsWire.Transport.TCP),
        owner, "the demo key");
  }

  @Test
  void aKeyNotInSecretsManagerIsBadkey() {
    TestKey unknown = KEYS.get("hmac-sha256").withName("sm-missing.");
    Exec.Result result = Exec.run(Nsupdate.command(Nsupdate.Auth.y(unknown),
        DnsWire.Transport.UDP), Nsupdate.script(ddns.dnsPort(),
            "update add missing." + DemoZone.NAME + " 300 A 192.0.2.66"));
    assertTrue(result.output().contains("BADKEY"), result.describe());
    assertEquals(List.of(), Dig.answer(ddns.dnsPort(), "missing." + DemoZone.NAME, "A"));
  }

  private static void assertApplied(List<String> command, String owner, String what) {
    List<String> all = new ArrayList<>(command);
    Exec.Result result = Exec.run(all, Nsupdate.script(ddns.dnsPort(),
        "update add " + owner + " 300 TXT \"signed with " + what + "\""));
    assertEquals(0, result.exitCode(), result.describe() + "\n" + ddns.diagnostics());
    assertEquals(List.of(owner + " 300 IN TXT \"signed with " + what + "\""),
        Dig.answer(ddns.dnsPort(), owner, "TXT"), result::describe);
  }
}
