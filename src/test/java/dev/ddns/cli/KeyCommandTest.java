package dev.ddns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.dynamodb.DynamoClients;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.adapter.secrets.BindKeyFile;
import dev.ddns.adapter.secrets.FakeSecretsManager;
import dev.ddns.adapter.secrets.KeyDirectory;
import dev.ddns.adapter.secrets.SecretJson;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.local.DynamoDbLocalServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * {@code ddns key} in-process through picocli, against {@link FakeSecretsManager} with the real
 * SDK client, against a key directory, and (for --grant) against DynamoDB Local.
 */
class KeyCommandTest {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static FakeSecretsManager secrets;

  private final String prefix = "keys-" + PREFIXES.incrementAndGet() + "/";
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    secrets = FakeSecretsManager.start();
  }

  @AfterAll
  static void stop() {
    secrets.close();
  }

  private int run(List<String> args) {
    out = new StringWriter();
    err = new StringWriter();
    return Main.commandLine().setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true)).execute(args.toArray(String[]::new));
  }

  /** {@code ddns key ARGS} against the fake Secrets Manager under this test's prefix. */
  private int sm(String... args) {
    List<String> all = new ArrayList<>(List.of("key"));
    all.addAll(List.of(args));
    all.addAll(List.of("--secrets-endpoint", secrets.endpoint().toString(), "--prefix", prefix));
    return run(all);
  }

  /** {@code ddns key ARGS --key-dir DIR}. */
  private int local(String... args) {
    List<String> all = new ArrayList<>(List.of("key"));
    all.addAll(List.of(args));
    all.addAll(List.of("--key-dir", dir.toString()));
    return run(all);
  }

  private TsigKey printedKey() {
    List<TsigKey> keys = BindKeyFile.parse(out.toString());
    assertEquals(1, keys.size(), out.toString());
    return keys.get(0);
  }

  private void assertOneLineError(String expected) {
    String message = err.toString().strip();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.contains(expected), message);
    assertFalse(message.contains("Exception"), message);
  }

  @Test
  void createStoresTheSecretAndPrintsABindKeyFile() {
    assertEquals(0, sm("create", "acme.example.com"), err::toString);
    TsigKey key = printedKey();
    assertEquals(Name.fromConstantString("acme.example.com."), key.name());
    assertEquals("hmac-sha256", key.algorithmName());
    assertEquals(32, key.secret().length);
    assertEquals(key, SecretJson.parse(key.name(),
        secrets.value(prefix + "acme.example.com", "AWSCURRENT")));
    assertTrue(err.toString().contains("stored key acme.example.com. (hmac-sha256)"),
        err::toString);

    assertEquals(1, sm("create", "acme.example.com.", "--algorithm", "hmac-sha512"));
    assertOneLineError("key acme.example.com. exists");
  }

  @Test
  void aRelayKeyIsMadeWithRelayUnderARelayName() {
    assertEquals(0, sm("create", "_relay.site1.", "--relay"), err::toString);
    TsigKey key = printedKey();
    assertEquals(Name.fromConstantString("_relay.site1."), key.name());
    assertEquals("hmac-sha256", key.algorithmName());
    assertTrue(secrets.names().contains(prefix + "_relay.site1"), secrets.names()::toString);
    assertEquals(0, local("create", "_relay.site2.", "--relay"), err::toString);
    assertEquals(Optional.of(printedKey()),
        new KeyDirectory(dir).find(Name.fromConstantString("_relay.site2.")));
  }

  @Test
  void relayKeysAndTsigKeysDoNotMix() {
    assertEquals(1, sm("create", "_relay.site1."));
    assertTrue(err.toString().contains("add --relay"), err::toString);
    assertEquals(1, sm("create", "site1.example.", "--relay"));
    assertTrue(err.toString().contains("relay key names begin with _relay"), err::toString);
    assertEquals(1, sm("create", "_relay.site1.", "--relay", "-a", "hmac-sha512"));
    assertEquals(1, sm("create", "_relay.site1.", "--relay", "--zone", "example.com.",
        "--grant", "zonesub ANY"));
    assertEquals(List.of(), secrets.names().stream().filter(n -> n.startsWith(prefix)).toList());
  }

  @Test
  void everyAlgorithmGetsASecretAsLongAsItsHash() {
    int[] lengths = {16, 20, 28, 32, 48, 64};
    for (int i = 0; i < TsigKey.ALGORITHMS.size(); i++) {
      String algorithm = TsigKey.ALGORITHMS.get(i);
      assertEquals(0, local("create", algorithm + ".keys", "-a", algorithm.toUpperCase()),
          err::toString);
      assertEquals(algorithm, printedKey().algorithmName());
      assertEquals(lengths[i], printedKey().secret().length, algorithm);
    }
  }

  @Test
  void rotateKeepsThePreviousSecretAsAwsPrevious() {
    assertEquals(0, sm("create", "dhcp.example.", "-a", "hmac-sha384"), err::toString);
    TsigKey first = printedKey();
    assertEquals(0, sm("rotate", "dhcp.example."), err::toString);
    TsigKey second = printedKey();

    assertNotEquals(first, second);
    assertEquals("hmac-sha384", second.algorithmName());
    assertEquals(second, SecretJson.parse(second.name(),
        secrets.value(prefix + "dhcp.example", "AWSCURRENT")));
    assertEquals(first, SecretJson.parse(first.name(),
        secrets.value(prefix + "dhcp.example", "AWSPREVIOUS")));

    assertEquals(1, sm("rotate", "nobody.example."));
    assertOneLineError("no key nobody.example.");
  }

  @Test
  void listNamesKeysAndAlgorithmsButNoSecrets() {
    assertEquals(0, sm("list"), err::toString);
    assertTrue(out.toString().startsWith("no keys in Secrets Manager at "), out::toString);
    List<String> printedSecrets = new ArrayList<>();
    for (String name : List.of("b.example.", "a.example.")) {
      assertEquals(0, sm("create", name, "-a", "hmac-sha1"), err::toString);
      printedSecrets.add(printedKey().base64Secret());
    }
    secrets.putString("elsewhere/c.example", "{}");

    assertEquals(0, sm("list"), err::toString);
    List<String> lines = out.toString().lines().toList();
    assertEquals(3, lines.size(), out::toString);
    assertTrue(lines.get(0).matches("NAME\\s+ALGORITHM\\s+CHANGED"), lines.get(0));
    assertTrue(lines.get(1).matches("a\\.example\\.\\s+hmac-sha1\\s+\\d{4}-\\d\\d-\\d\\dT.*Z"),
        lines.get(1));
    assertTrue(lines.get(2).startsWith("b.example. "), lines.get(2));
    printedSecrets.forEach(s -> assertFalse(out.toString().contains(s), "list printed a secret"));
  }

  @Test
  void deleteRemovesTheKey() {
    assertEquals(0, sm("create", "gone.example."), err::toString);
    assertEquals(1, sm("delete", "gone.example."));
    assertOneLineError("no terminal to ask on; add --yes");

    assertEquals(0, sm("delete", "gone.example.", "--yes", "--without-recovery"), err::toString);
    assertFalse(secrets.names().contains(prefix + "gone.example"));
    assertEquals(1, sm("delete", "gone.example.", "--yes"));
    assertOneLineError("no key gone.example.");
  }

  @Test
  void aKeyDirectoryHoldsCurrentAndPreviousSecrets() {
    assertEquals(0, local("create", "Local.Key."), err::toString);
    TsigKey first = printedKey();
    assertEquals(0, local("rotate", "local.key."), err::toString);
    TsigKey second = printedKey();

    Name name = Name.fromConstantString("local.key.");
    assertEquals(List.of(second, first), new KeyDirectory(dir).candidates(name));
    assertEquals(0, local("list"), err::toString);
    assertTrue(out.toString().contains("local.key."), out::toString);
    assertFalse(out.toString().contains(second.base64Secret()), out::toString);

    assertEquals(0, local("delete", "local.key.", "-y"), err::toString);
    assertEquals(List.of(), new KeyDirectory(dir).candidates(name));
  }

  @Test
  void badInputIsOneLine() {
    assertEquals(1, local("create", "bad_name!.example."));
    assertOneLineError("is not usable");
    assertEquals(1, local("create", "x.example.", "--algorithm", "hmac-sha3"));
    assertOneLineError("use one of hmac-md5");
    assertEquals(1, local("create", "x.example.", "--grant", "zonesub TXT"));
    assertOneLineError("--grant needs --zone");
    assertEquals(1, run(List.of("key", "list", "--key-dir", dir.toString(),
        "--secrets-endpoint", "http://127.0.0.1:1")));
    assertOneLineError("exclude each other");
  }

  @Test
  void grantAppendsRulesToTheZonesUpdatePolicy() throws IOException {
    try (DynamoDbLocalServer dynamo = DynamoDbLocalServer.start(0, Optional.empty())) {
      String endpoint = dynamo.endpoint().toString();
      assertEquals(0, run(List.of("zone", "create", "example.com.", "--ns", "ns1.example.net.",
          "--create-table", "--endpoint-url", endpoint)), err::toString);

      assertEquals(1, local("create", "acme.example.com.", "--zone", "example.org.",
          "--grant", "zonesub TXT", "--endpoint-url", endpoint));
      assertOneLineError("no zone example.org.");
      assertEquals(List.of(), new KeyDirectory(dir).candidates(
          Name.fromConstantString("acme.example.com.")), "no key without its zone");

      assertEquals(1, local("create", "acme.example.com.", "--zone", "example.com.",
          "--grant", "subdomain www.example.org. TXT", "--endpoint-url", endpoint));
      assertOneLineError("--grant: line 1");
      assertEquals(List.of(), new KeyDirectory(dir).candidates(
          Name.fromConstantString("acme.example.com.")), "no key with a rule that does not parse");

      assertEquals(0, local("create", "acme.example.com.", "--zone", "example.com.",
          "--grant", "subdomain  _acme-challenge.example.com. TXT", "--grant", "self * A",
          "--endpoint-url", endpoint), err::toString);
      assertTrue(err.toString().contains("now only keys with a grant may"), err::toString);
      var client = DynamoClients.create(Optional.of(dynamo.endpoint()), Optional.empty());
      try (client) {
        assertEquals(List.of(
            "grant acme.example.com. subdomain _acme-challenge.example.com. TXT",
            "grant acme.example.com. self * A"),
            new DynamoZoneStore(client, "ddns", Clock.systemUTC())
                .open(Name.fromConstantString("example.com.")).orElseThrow()
                .head().settings().updatePolicy());
      }
    }
  }
}
