package dev.ddns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.dynamodb.DynamoClients;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.adapter.secrets.KeyDirectory;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.adapter.secrets.TokenDirectory;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.CatalogZone;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.RequestContext;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.local.DynamoDbLocalServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code ddns policy show|set|sweep} in-process against DynamoDB Local on a loopback port. */
class PolicyCommandTest {
  private static DynamoDbLocalServer dynamo;
  private static DynamoDbClient client;
  private static int tables;

  private final String table = "policy-" + (++tables);
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  @BeforeAll
  static void startDynamoDbLocal() throws IOException {
    dynamo = DynamoDbLocalServer.start(0, Optional.empty());
    client = DynamoClients.create(Optional.of(dynamo.endpoint()), Optional.empty());
  }

  @AfterAll
  static void stopDynamoDbLocal() {
    client.close();
    dynamo.close();
  }

  private int ddns(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--endpoint-url", dynamo.endpoint().toString(), "--table", table));
    return Main.commandLine().setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true)).execute(all.toArray(String[]::new));
  }

  private List<String> stored() {
    return stored(Name.fromConstantString("example.com."));
  }

  private List<String> stored(Name zone) {
    return store().open(zone).orElseThrow().head().settings().updatePolicy();
  }

  private ZoneStore store() {
    return new DynamoZoneStore(client, table, Clock.systemUTC());
  }

  /** The one line on stderr, which has {@code expected}. */
  private void assertOneLineError(String expected) {
    String message = err.toString().strip();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.contains(expected), message);
  }

  /**
   * docs/secondaries.md, "Catalog zones": the attack is a key that changes the catalog, which
   * decides what the consumers serve. Its policy {@code deny * zonesub ANY} is neither cleared,
   * replaced nor extended by {@code policy set}, {@code key create --grant} or {@code token
   * create --host}; the key and the token are not stored; an UPDATE the key signs is REFUSED.
   */
  @Test
  void noCommandChangesOrExtendsACatalogZonesPolicy(@TempDir Path dir) throws IOException {
    assertEquals(0, ddns("zone", "create", "member.test.", "--ns", "ns1.example.net.",
        "--create-table"), err::toString);
    Name catalog = CatalogZone.DEFAULT_NAME;
    List<String> policy = stored(catalog);
    String refusal = "zone catalog.invalid. is a catalog zone: its update policy stays "
        + "'deny * zonesub ANY', so that no key may change it (docs/secondaries.md, \"Catalog "
        + "zones\")";

    assertEquals(1, ddns("policy", "set", "catalog.invalid.", "--clear"));
    assertOneLineError("ddns policy set: policy not changed: " + refusal);
    assertEquals(1, ddns("policy", "set", "catalog.invalid.", "--rule",
        "grant evil. zonesub ANY"));
    assertOneLineError("policy not changed: " + refusal);
    Path rules = Files.writeString(dir.resolve("rules"), "grant evil. zonesub ANY\n");
    assertEquals(1, ddns("policy", "set", "catalog.invalid.", "--file", rules.toString()));
    assertOneLineError("policy not changed: " + refusal);

    Path keys = Files.createDirectories(dir.resolve("keys"));
    assertEquals(1, ddns("key", "create", "evil.", "--zone", "catalog.invalid.", "--grant",
        "zonesub ANY", "--key-dir", keys.toString()));
    assertOneLineError("ddns key create: " + refusal + "; key evil. not stored");
    assertEquals(Optional.empty(), new KeyDirectory(keys).find(Name.fromConstantString("evil.")));
    assertEquals(1, ddns("token", "create", "evil", "--zone", "catalog.invalid.", "--host",
        "x.zones.catalog.invalid.", "--key-dir", keys.toString()));
    assertOneLineError("ddns token create: " + refusal + "; token evil not stored");
    assertEquals(Optional.empty(), new TokenDirectory(keys).find("evil"));
    assertEquals(policy, stored(catalog), "the catalog's policy is the one it was made with");

    TsigKey evil = TsigKey.of("evil.", "hmac-sha256",
        "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=");
    DnsService service = new DnsService(store(), new StaticKeyStore(List.of(evil)),
        Clock.systemUTC());
    Update update = new Update(catalog);
    update.add(Name.fromConstantString("0123456789abcdef.zones.catalog.invalid."), Type.PTR, 0,
        "stolen.test.");
    update.setTSIG(evil.signer(Clock.systemUTC()));
    Message reply = new Message(service.handle(update.toWire(65_535),
        RequestContext.udp("192.0.2.99:5353")).messages().get(0));
    assertEquals(Rcode.REFUSED, reply.getRcode());
    assertEquals(0, ddns("policy", "show", "catalog.invalid."), err::toString);
  }

  @Test
  void showSetFromRulesAndFromAFileAndClear(@TempDir Path dir) throws IOException {
    assertEquals(0, ddns("zone", "create", "example.com.", "--ns", "ns1.example.net.",
        "--create-table"), err::toString);
    assertEquals(0, ddns("policy", "show", "example.com."), err::toString);
    assertTrue(out.toString().contains("no grant or deny rule: EVERY key that verifies may "
        + "change EVERY record of the zone."), out::toString);

    assertEquals(0, ddns("policy", "set", "example.com.",
        "--rule", "grant acme. subdomain _acme-challenge.example.com. TXT",
        "--rule", "expire 1h subdomain _acme-challenge.example.com. TXT"), err::toString);
    assertEquals(List.of("grant acme. subdomain _acme-challenge.example.com. TXT",
        "expire 1h subdomain _acme-challenge.example.com. TXT"), stored());
    assertEquals(0, ddns("policy", "show", "example.com."), err::toString);
    assertEquals(String.join("\n",
        "  1  grant acme. subdomain _acme-challenge.example.com. TXT",
        "  2  expire 1h subdomain _acme-challenge.example.com. TXT",
        "zone example.com.: 1 grant/deny rules, first match wins; an update RR no grant "
            + "matches is REFUSED.",
        "expire rules: 1; 'ddns policy sweep' (or ddns local, every 30 s) removes records "
            + "past their expiry."), out.toString().stripTrailing());

    Path file = dir.resolve("policy.txt");
    Files.writeString(file, String.join("\n", "# DHCP server: reverse names, one PTR each",
        "", "grant dhcp. subdomain example.com. PTR(1)   # one each", "deny * zonesub ANY;"));
    assertEquals(0, ddns("policy", "set", "example.com.", "--file", file.toString()),
        err::toString);
    assertEquals(List.of("grant dhcp. subdomain example.com. PTR(1)", "deny * zonesub ANY;"),
        stored());

    assertEquals(0, ddns("policy", "set", "example.com.", "--clear"), err::toString);
    assertEquals(List.of(), stored());
  }

  @Test
  void setRefusesAnInvalidPolicyNamingEveryBadLine() {
    assertEquals(0, ddns("zone", "create", "example.com.", "--ns", "ns1.example.net.",
        "--create-table"), err::toString);
    assertEquals(1, ddns("policy", "set", "example.com.", "--rule", "grant acme. zonesub TXT",
        "--rule", "grant acme. subdomain www A", "--rule", "allow acme. zonesub"));
    String message = err.toString().strip();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.contains("policy not changed: line 2: name www. is outside zone "
        + "example.com."), message);
    assertTrue(message.contains("line 3: a rule starts with grant, deny or expire, not "
        + "'allow'"), message);
    assertFalse(message.contains("Exception"), message);
    assertEquals(List.of(), stored());

    assertEquals(2, ddns("policy", "set", "example.com."));
    assertEquals(1, ddns("policy", "show", "nothing.example."));
    assertTrue(err.toString().contains("no zone nothing.example."), err::toString);
  }

  @Test
  void sweepRemovesExpiredRecordsNow() {
    assertEquals(0, ddns("zone", "create", "example.com.", "--ns", "ns1.example.net.",
        "--create-table"), err::toString);
    assertEquals(0, ddns("policy", "set", "example.com.",
        "--rule", "expire 1h subdomain _acme-challenge.example.com. TXT"), err::toString);
    ZoneStore store = new DynamoZoneStore(client, table, Clock.systemUTC());
    Name zone = Name.fromConstantString("example.com.");
    Name challenge = Name.fromConstantString("_acme-challenge.example.com.");
    ZoneHead head = store.open(zone).orElseThrow().head();
    Node stale = Node.of(challenge, List.of(dev.ddns.testing.TestZone.rr(
        "_acme-challenge.example.com. 60 TXT \"old\""))).withLastAdded(Type.TXT,
        Instant.now().minusSeconds(7200));
    Node apex = store.open(zone).orElseThrow().node(zone).orElseThrow();
    store.commit(new dev.ddns.core.model.ZoneCommit(head.next(head.serial(), 1), head.version(),
        List.of(stale, apex), new dev.ddns.core.model.ChangeSet(head.serial(), head.serial(),
        List.of(), List.of()), "test.", "test", Instant.now()));

    assertEquals(0, ddns("policy", "sweep", "example.com."), err::toString);
    assertEquals("zone example.com.: removed 1 expired RRsets", out.toString().strip());
    assertTrue(store.open(zone).orElseThrow().node(challenge).isEmpty());
    assertEquals(head.serial() + 1, store.open(zone).orElseThrow().head().serial());
    assertEquals(0, ddns("policy", "sweep"), err::toString);
    assertEquals("removed 0 expired RRsets", out.toString().strip());
  }
}
