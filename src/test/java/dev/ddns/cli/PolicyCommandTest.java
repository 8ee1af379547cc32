package dev.ddns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.dynamodb.DynamoClients;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.port.ZoneStore;
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
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;
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
    ZoneStore store = new DynamoZoneStore(client, table, Clock.systemUTC());
    return store.open(Name.fromConstantString("example.com.")).orElseThrow().head().settings()
        .updatePolicy();
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
