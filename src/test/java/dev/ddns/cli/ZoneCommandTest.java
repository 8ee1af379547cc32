package dev.ddns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.dynamodb.DynamoClients;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.adapter.dynamodb.ZoneTable;
import dev.ddns.adapter.secrets.BindKeyFile;
import dev.ddns.adapter.secrets.FakeSecretsManager;
import dev.ddns.adapter.secrets.KeyDirectory;
import dev.ddns.adapter.secrets.SecretJson;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.model.Node;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.CatalogMembership;
import dev.ddns.core.service.CatalogZone;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.RequestContext;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.local.DynamoDbLocalServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The zone admin commands, run in-process through picocli against DynamoDB Local served on a
 * free loopback port (as {@code ddns local} serves it). Each test has its own table.
 */
class ZoneCommandTest {
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static DynamoDbLocalServer dynamo;
  private static DynamoDbClient client;
  private static FakeSecretsManager secrets;

  private final String table = "table-" + TABLES.incrementAndGet();
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  @BeforeAll
  static void startDynamoDbLocal() throws IOException {
    dynamo = DynamoDbLocalServer.start(0, Optional.empty());
    client = DynamoClients.create(Optional.of(dynamo.endpoint()), Optional.empty());
    secrets = FakeSecretsManager.start();
  }

  @AfterAll
  static void stopDynamoDbLocal() {
    secrets.close();
    client.close();
    dynamo.close();
  }

  @AfterEach
  void restoreTerminal() {
    Terminal.usePrompt(null);
    Terminal.forceInteractive(null);
  }

  /** Runs {@code ddns ARGS --endpoint-url URL --table T} with fresh output buffers. */
  private int ddns(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--endpoint-url", dynamo.endpoint().toString(), "--table", table));
    return Main.commandLine().setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true)).execute(all.toArray(String[]::new));
  }

  private ZoneStore store() {
    return new DynamoZoneStore(client, table, Clock.systemUTC());
  }

  /** One line of error on stderr, besides any progress lines of an import. */
  private void assertOneLineError(String expected) {
    String message = err.toString().lines()
        .filter(l -> !l.startsWith("reading ") && !l.startsWith("writing "))
        .collect(Collectors.joining("\n")).strip();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.contains(expected), message);
    assertFalse(message.contains("Exception"), message);
    assertFalse(message.contains("\tat "), message);
  }

  @Test
  void createNeedsAddressesForInZoneNameServers() {
    assertEquals(1, ddns("zone", "create", "example.com.", "--ns", "ns1", "--create-table"));
    assertOneLineError("name server ns1.example.com. is inside example.com.: give its address "
        + "with --ns-address ns1.example.com.=IP");

    assertEquals(0, ddns("zone", "create", "--no-catalog", "example.com.", "--ns", "ns1", "--ns",
        "ns.other.net.", "--ns-address", "ns1=192.0.2.1", "--ns-address", "ns1=2001:db8::1",
        "--serial", "2024010100", "--minimum", "60", "--create-table"), err::toString);
    assertEquals("created zone example.com.: serial 2024010100, 5 records, serial policy "
        + "increment", out.toString().strip());

    assertEquals(0, ddns("zone", "export", "example.com."));
    assertEquals(String.join("\n",
        "; zone example.com. serial 2024010100, exported by ddns",
        "$ORIGIN example.com.",
        "example.com.\t\t3600\tIN\tSOA\tns1.example.com. hostmaster.example.com. 2024010100 "
            + "3600 900 604800 60",
        "example.com.\t\t3600\tIN\tNS\tns.other.net.",
        "example.com.\t\t3600\tIN\tNS\tns1.example.com.",
        "ns1.example.com.\t3600\tIN\tA\t192.0.2.1",
        "ns1.example.com.\t3600\tIN\tAAAA\t2001:db8:0:0:0:0:0:1"), out.toString().strip(),
        () -> out.toString().replace("\t", "<TAB>"));

    assertEquals(1, ddns("zone", "create", "example.com.", "--ns", "ns.other.net."));
    assertOneLineError("zone example.com. exists in table " + table);
  }

  /** The zone's notify key setting as stored in its head. */
  private String notifyKey(String zone) {
    return store().open(Name.fromConstantString(zone)).orElseThrow().head().settings().notifyKey();
  }

  @Test
  void setTransferKeyNamesTheOnlyKeysThatMayTransferAndNoTransferKeysClearsThem() {
    assertEquals(0, ddns("zone", "create", "--no-catalog", "example.com.", "--ns", "ns1.example.net.",
        "--create-table"), err::toString);
    assertEquals(0, ddns("zone", "set", "example.com.", "--transfer-key", "Transfer.Example.com",
        "xfr2.example.com."), err::toString);
    assertEquals("zone example.com.: serial policy increment, journal retention 30d, max records "
        + "1,000,000, notify none, transfer keys Transfer.Example.com. xfr2.example.com.",
        out.toString().strip());
    assertEquals(List.of("Transfer.Example.com.", "xfr2.example.com."), store()
        .open(Name.fromConstantString("example.com.")).orElseThrow().head().settings()
        .transferKeys());
    assertEquals(0, ddns("zone", "set", "example.com.", "--no-transfer-keys"), err::toString);
    assertEquals(List.of(), store().open(Name.fromConstantString("example.com.")).orElseThrow()
        .head().settings().transferKeys());
  }

  @Test
  void setNotifyKeyCreatesAMissingKeyInSecretsManagerAndPrintsItsKeyFileOnce() {
    String prefix = table + "/";
    String[] sm = {"--secrets-endpoint", secrets.endpoint().toString(), "--prefix", prefix};
    assertEquals(0, ddns("zone", "create", "--no-catalog", "example.com.", "--ns", "ns1.example.net.",
        "--create-table"), err::toString);
    assertEquals(0, ddns(concat(new String[] {"zone", "set", "example.com.", "--notify",
        "192.0.2.53", "--notify-key", "Notify.Example.COM"}, sm)), err::toString);

    String secretId = prefix + "notify.example.com";
    TsigKey created = SecretJson.parse(Name.fromConstantString("notify.example.com."),
        secrets.value(secretId, "AWSCURRENT"));
    assertEquals("hmac-sha256", created.algorithmName());
    assertEquals(32, created.secret().length);
    List<String> lines = out.toString().lines().toList();
    assertEquals(List.of(BindKeyFile.format(created).strip().split("\n")),
        lines.subList(0, lines.size() - 1), out::toString);
    assertEquals("zone example.com.: serial policy increment, journal retention 30d, max records "
        + "1,000,000, notify 192.0.2.53, notify key notify.example.com.", lines.get(lines.size() - 1));
    assertOneLineError("created notify key notify.example.com. (hmac-sha256) in Secrets Manager "
        + "at " + secrets.endpoint() + " (prefix " + prefix + "); its BIND key file is on stdout: "
        + "the secondaries need it to accept NOTIFY for example.com. (docs/secondaries.md)");
    assertEquals("notify.example.com.", notifyKey("example.com."));

    assertEquals(0, ddns(concat(new String[] {"zone", "set", "example.com.", "--notify-key",
        "notify.example.com."}, sm)), err::toString);
    assertEquals("zone example.com.: serial policy increment, journal retention 30d, max records "
        + "1,000,000, notify 192.0.2.53, notify key notify.example.com.", out.toString().strip());
    assertOneLineError("zone example.com.: NOTIFY signed with key notify.example.com. "
        + "(hmac-sha256) from Secrets Manager");
    assertEquals(created, SecretJson.parse(created.name(), secrets.value(secretId, "AWSCURRENT")),
        "an existing key is used as it is");

    assertEquals(0, ddns("zone", "set", "example.com.", "--no-notify-key"), err::toString);
    assertEquals("", notifyKey("example.com."));
    assertOneLineError("warning: zone example.com. sends NOTIFY unsigned, which secondaries set "
        + "up as docs/secondaries.md says ignore; sign it with --notify-key notify.example.com.");
    assertEquals(0, ddns(concat(new String[] {"zone", "set", "example.com.", "--notify-key",
        "notify.example.com."}, sm)), err::toString);
    assertEquals(0, ddns("zone", "set", "example.com.", "--notify-key", ""), err::toString);
    assertEquals("", notifyKey("example.com."));
    assertEquals(2, ddns("zone", "set", "example.com.", "--notify-key", "k.example.",
        "--no-notify-key"));
    assertTrue(err.toString().contains("--notify-key and --no-notify-key exclude each other"),
        err::toString);
  }

  @Test
  void createWithANotifyKeyInAKeyDirectoryWritesItsKeyFileOwnerOnly(@TempDir Path dir)
      throws IOException {
    Path keys = dir.resolve("keys");
    Path keyFile = dir.resolve("secondaries/notify.example.org.key");
    assertEquals(0, ddns("zone", "create", "--no-catalog", "example.org.", "--ns", "ns1.example.net.",
        "--create-table", "--notify-key", "notify.example.org.", "--notify-key-algorithm",
        "hmac-sha512", "--key-dir", keys.toString(), "--notify-key-file", keyFile.toString()),
        err::toString);
    assertEquals("created zone example.org.: serial 1, 2 records, serial policy increment, "
        + "notify key notify.example.org.", out.toString().strip());
    assertTrue(err.toString().contains("its BIND key file is written to " + keyFile), err::toString);
    TsigKey written = BindKeyFile.parse(Files.readString(keyFile)).get(0);
    assertEquals("hmac-sha512", written.algorithmName());
    assertEquals(Optional.of(written), new KeyDirectory(keys).current(written.name()));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
    assertEquals("notify.example.org.", notifyKey("example.org."));

    assertEquals(1, ddns("zone", "set", "example.org.", "--notify-key", "notify2.example.org.",
        "--key-dir", keys.toString(), "--notify-key-file", keyFile.toString()));
    assertOneLineError("--notify-key-file " + keyFile + " exists; remove it or choose another "
        + "file for the new key notify2.example.org.");
    assertEquals(Optional.empty(), new KeyDirectory(keys).current(
        Name.fromConstantString("notify2.example.org.")));
    assertEquals(written, BindKeyFile.parse(Files.readString(keyFile)).get(0));
    assertEquals("notify.example.org.", notifyKey("example.org."));
  }

  @Test
  void badNotifyKeysAreRefusedBeforeAnythingIsWritten(@TempDir Path dir) {
    assertEquals(0, ddns("zone", "create", "example.net.", "--ns", "ns1.example.org.",
        "--create-table"), err::toString);
    String keys = dir.resolve("keys").toString();
    String[][] cases = {
        {"bad key!", "--notify-key bad key!: key name bad\\032key!. is not usable"},
        {"star*.example.", "--notify-key star*.example.: key name star*.example. is not usable"},
        {"a..b", "--notify-key a..b: 'a..b' is not a domain name"}};
    for (String[] c : cases) {
      assertEquals(1, ddns("zone", "set", "example.net.", "--notify-key", c[0], "--key-dir",
          keys), c[0]);
      assertOneLineError(c[1]);
    }
    assertEquals(1, ddns("zone", "set", "example.net.", "--notify-key", "n.example.net.",
        "--notify-key-algorithm", "hmac-md6", "--key-dir", keys));
    assertOneLineError("--notify-key-algorithm hmac-md6: use one of hmac-md5");
    assertEquals(1, ddns("zone", "set", "nowhere.example.", "--notify-key", "n.example.net.",
        "--key-dir", keys));
    assertOneLineError("no zone nowhere.example. in table " + table);
    assertTrue(new KeyDirectory(dir.resolve("keys")).list().isEmpty(), "no key was made");
    assertEquals("", notifyKey("example.net."));
  }

  private static String[] concat(String[] first, String[] second) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(second));
    return all.toArray(String[]::new);
  }

  @Test
  void listSetAndHistoryAfterUpdates() throws Exception {
    ZoneTable.ensureExists(client, table);
    assertEquals(0, ddns("zone", "list"), err::toString);
    assertTrue(out.toString().startsWith("no zones in table " + table), out.toString());
    assertEquals(0, ddns("zone", "create", "--no-catalog", "example.com.", "--ns", "ns1.example.net.",
        "--create-table"), err::toString);
    assertEquals(0, ddns("zone", "create", "--no-catalog", "a.example.", "--ns", "ns1.example.net.",
        "--serial-policy", "date"), err::toString);

    assertEquals(0, ddns("zone", "set", "example.com.", "--notify", "192.0.2.53",
        "[2001:db8::53]:5300", "--journal-retention", "7d", "--serial-policy", "unixtime"),
        err::toString);
    assertEquals("zone example.com.: serial policy unixtime, journal retention 7d, max records "
        + "1,000,000, notify 192.0.2.53 [2001:db8::53]:5300", out.toString().strip());

    assertEquals(0, ddns("zone", "list"));
    List<String> lines = out.toString().strip().lines().toList();
    assertEquals(3, lines.size(), out.toString());
    assertTrue(lines.get(0).matches(
        "ZONE +SERIAL +VERSION +RECORDS +LIMIT +POLICY +RETENTION +NOTIFY"), lines.get(0));
    // Canonical order: com. sorts before example.
    assertTrue(lines.get(2).matches("a\\.example\\. +20\\d{6}00 +0 +2 +1,000,000 +date +30d +-"),
        lines.get(2));
    assertTrue(lines.get(1).matches("example\\.com\\. +1 +1 +2 +1,000,000 +unixtime +7d "
        + "+192\\.0\\.2\\.53,\\[2001:db8::53]:5300"), lines.get(1));

    assertEquals(0, ddns("zone", "set", "example.com.", "--no-notify", "--serial-policy",
        "increment"));
    assertTrue(out.toString().contains("notify none"), out.toString());
    assertEquals(2, ddns("zone", "set", "example.com."));
    assertTrue(err.toString().contains("nothing to set"), err.toString());
    assertEquals(2, ddns("zone", "set", "example.com.", "--notify", "x", "--no-notify"));
    assertEquals(1, ddns("zone", "set", "example.com.", "--notify", "bad target!"));
    assertOneLineError("--notify bad target!: expected host, host:port or [v6]:port "
        + "('bad target!' is not a host name or address in bad target!)");

    assertEquals(0, ddns("history", "example.com."));
    assertTrue(out.toString().startsWith("zone example.com.: no journal entries after version 0"),
        out.toString());

    TsigKey key = TsigKey.of("admin-key.", "hmac-sha256",
        "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=");
    DnsService service = new DnsService(store(), new StaticKeyStore(List.of(key)),
        Clock.systemUTC());
    Name zone = Name.fromConstantString("example.com.");
    Name www = Name.fromConstantString("www.example.com.");
    Update first = new Update(zone);
    first.add(www, Type.A, 300, "192.0.2.10");
    send(service, key, first);
    Update second = new Update(zone);
    second.delete(www, Type.A, "192.0.2.10");
    second.add(www, Type.A, 300, "192.0.2.11");
    send(service, key, second);

    assertEquals(0, ddns("history", "example.com."), err::toString);
    String history = out.toString();
    List<String> h = history.strip().lines().toList();
    assertTrue(h.get(0).matches("version \\d+  serial 1 -> 2  \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:"
        + "\\d\\dZ  key admin-key\\.  client 192\\.0\\.2\\.99:5353"), h.get(0));
    assertEquals("+ www.example.com.\t300\tIN\tA\t192.0.2.10", h.get(1));
    assertEquals("", h.get(2));
    assertTrue(h.get(3).contains("serial 2 -> 3"), h.get(3));
    assertEquals("- www.example.com.\t300\tIN\tA\t192.0.2.10", h.get(4));
    assertEquals("+ www.example.com.\t300\tIN\tA\t192.0.2.11", h.get(5));

    long firstVersion = Long.parseLong(h.get(0).split("\\s+")[1]);
    assertEquals(0, ddns("history", "example.com.", "--limit", "1"));
    assertTrue(out.toString().contains("(more: ddns history example.com. --after " + firstVersion
        + ")"), out.toString());
    assertEquals(0, ddns("history", "example.com.", "--after", Long.toString(firstVersion)));
    assertTrue(out.toString().startsWith("version " + (firstVersion + 1) + "  serial 2 -> 3"),
        out.toString());

    assertEquals(1, ddns("history", "missing.example."));
    assertOneLineError("no zone missing.example. in table " + table);
  }

  private static void send(DnsService service, TsigKey key, Update update) throws IOException {
    update.setTSIG(key.signer(Clock.systemUTC()));
    byte[] reply = service.handle(update.toWire(65_535),
        RequestContext.udp("192.0.2.99:5353")).messages().get(0);
    assertEquals(Rcode.NOERROR, new Message(reply).getRcode());
  }

  @Test
  void dyndnsTtlIsSetStoredAndChecked() {
    assertEquals(0, ddns("zone", "create", "dyn.example.", "--ns", "ns1.example.net.",
        "--no-catalog", "--create-table"), err::toString);
    assertEquals(0, ddns("zone", "set", "dyn.example.", "--dyndns-ttl", "300"), err::toString);
    assertTrue(out.toString().contains(", dyndns2 TTL 300 s"), out.toString());
    assertEquals(300, store().open(Name.fromConstantString("dyn.example.")).orElseThrow().head()
        .settings().dyndnsTtl());
    assertEquals(1, ddns("zone", "set", "dyn.example.", "--dyndns-ttl", "-1"));
    assertOneLineError("--dyndns-ttl must be within 0..2147483647 seconds (RFC 2181 §8): -1");
  }

  @Test
  void maxRecordsOnCreateSetImportAndRecount(@TempDir Path dir) throws IOException {
    assertEquals(0, ddns("zone", "create", "small.example.", "--ns", "ns1.example.net.",
        "--max-records", "3", "--create-table"), err::toString);
    TsigKey key = TsigKey.of("admin-key.", "hmac-sha256",
        "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=");
    DnsService service = new DnsService(store(), new StaticKeyStore(List.of(key)),
        Clock.systemUTC());
    assertEquals("", refusal(service, key, "a"), "2 + 1 records: at the limit");
    assertEquals("zone small.example. would hold 4 records; its limit is 3",
        refusal(service, key, "b"));

    assertEquals(0, ddns("zone", "set", "small.example.", "--max-records", "0"), err::toString);
    assertTrue(out.toString().contains(", max records none, "), out.toString());
    assertEquals("", refusal(service, key, "b"));
    assertEquals(0, ddns("zone", "set", "small.example.", "--max-records", "2"), err::toString);
    assertTrue(out.toString().contains(", max records 2, "), out.toString());
    assertEquals("warning: zone small.example. holds 4 records, over its limit of 2: updates "
        + "that add records are refused until it shrinks", err.toString().strip());
    assertEquals(1, ddns("zone", "set", "small.example.", "--max-records", "-1"));
    assertOneLineError("--max-records must be 0 (no limit) or more: -1");

    Path file = dir.resolve("imp.zone");
    Files.writeString(file, String.join("\n", "$ORIGIN imp.example.", "$TTL 300",
        "@ SOA ns1.example.net. hostmaster 5 3600 900 604800 300", "@ NS ns1.example.net.",
        "www A 192.0.2.10", "www A 192.0.2.11", "mail MX 10 www", ""));
    assertEquals(1, ddns("zone", "import", file.toString(), "--max-records", "4"));
    assertOneLineError("ddns zone import: zone imp.example. would hold 5 records; its limit is 4;"
        + " give --max-records N to raise it (0: no limit)");
    Name imp = Name.fromConstantString("imp.example.");
    assertTrue(store().open(imp).isEmpty(), "nothing written");
    assertEquals(0, ddns("zone", "import", file.toString(), "--max-records", "5"), err::toString);
    Files.writeString(file, Files.readString(file) + "ftp A 192.0.2.12\n");
    assertEquals(1, ddns("zone", "import", file.toString(), "--replace"));
    assertOneLineError("zone imp.example. would hold 6 records; its limit is 5");
    assertEquals(5, store().open(imp).orElseThrow().nodes().mapToInt(Node::recordCount).sum(),
        "the zone being replaced is kept");

    client.updateItem(b -> b.tableName(table).key(Map.of(
            "pk", AttributeValue.fromS("Z#imp.example."), "sk", AttributeValue.fromS("HEAD")))
        .updateExpression("REMOVE recordCount"));
    assertEquals(0, ddns("zone", "list"), err::toString);
    assertTrue(out.toString().lines()
        .anyMatch(l -> l.matches("imp\\.example\\. +5 +\\d+ +\\? +5 .*")), out.toString());
    assertEquals(0, ddns("zone", "recount", "imp.example."), err::toString);
    assertEquals("zone imp.example.: 5 records (the head said ?), limit 5", out.toString().strip());
    assertEquals(OptionalLong.of(5), store().open(imp).orElseThrow().head().records());
    assertEquals(1, ddns("zone", "recount", "missing.example."));
    assertOneLineError("no zone missing.example. in table " + table);
  }

  /** Adds {@code owner} TXT; the Extended DNS Error text of the answer, empty for NOERROR. */
  private static String refusal(DnsService service, TsigKey key, String owner)
      throws IOException {
    Name zone = Name.fromConstantString("small.example.");
    Update update = new Update(zone);
    update.add(Name.fromConstantString(owner + ".small.example."), Type.TXT, 60, "\"x\"");
    update.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    update.setTSIG(key.signer(Clock.systemUTC()));
    Message reply = new Message(service.handle(update.toWire(65_535),
        RequestContext.udp("192.0.2.99:5353")).messages().get(0));
    if (reply.getRcode() == Rcode.NOERROR) {
      return "";
    }
    assertEquals(Rcode.REFUSED, reply.getRcode());
    return ((ExtendedErrorCodeOption) reply.getOPT().getOptions().get(0)).getText();
  }

  @Test
  void deleteAsksOnTheTerminalAndRefusesWithoutOne() {
    assertEquals(0, ddns("zone", "create", "--no-catalog", "gone.example.", "--ns", "ns.example.net.",
        "--create-table"));

    Terminal.usePrompt(question -> Optional.empty());
    assertEquals(1, ddns("zone", "delete", "gone.example."));
    assertOneLineError("not deleting zone gone.example.: no terminal to ask on; add --yes");

    List<String> asked = new ArrayList<>();
    Terminal.usePrompt(question -> {
      asked.add(question);
      return Optional.of("n");
    });
    assertEquals(1, ddns("zone", "delete", "gone.example."));
    assertEquals(List.of("Delete zone gone.example. and all its records? [y/N] "), asked);
    assertEquals("zone gone.example. kept", out.toString().strip());
    assertTrue(store().open(Name.fromConstantString("gone.example.")).isPresent());

    Terminal.usePrompt(question -> Optional.of("y"));
    assertEquals(0, ddns("zone", "delete", "gone.example."), err::toString);
    assertEquals("deleted zone gone.example. (serial 1)", out.toString().strip());
    assertTrue(store().zones().isEmpty());

    assertEquals(0, ddns("zone", "create", "--no-catalog", "gone.example.", "--ns", "ns.example.net."));
    Terminal.usePrompt(question -> {
      throw new AssertionError("asked despite --yes");
    });
    assertEquals(0, ddns("zone", "delete", "gone.example.", "--yes"), err::toString);
    assertTrue(store().zones().isEmpty());
    assertEquals(1, ddns("zone", "delete", "gone.example.", "--yes"));
    assertOneLineError("no zone gone.example.");
  }

  /**
   * docs/secondaries.md, "Catalog zones": a new zone joins catalog.invalid. under a new unique id,
   * a replaced one gets another in one catalog update (RFC 9432 §5.4), set moves it between
   * catalogs or out, delete unlists it; a catalog cannot list itself or a zone inside it, and a
   * zone that is not a catalog gets no members. Each change is a journaled update of the catalog.
   */
  @Test
  void createImportSetAndDeleteKeepTheCatalog(@TempDir Path dir) throws IOException {
    assertEquals(0, ddns("zone", "create", "new.test.", "--ns", "ns1.example.net.",
        "--create-table"), err::toString);
    assertTrue(out.toString().strip().matches("created zone new\\.test\\.: serial 1, 2 records, "
        + "serial policy increment, catalog catalog\\.invalid\\. as [0-9a-f]{16}"), out::toString);
    Name first = memberNode("new.test.").orElseThrow();
    assertEquals(Map.of(first, NEW_TEST), members(CATALOG));
    assertEquals(2, serial(CATALOG), "created at 1, then the listing");

    Path file = dir.resolve("new.zone");
    Files.writeString(file, "$ORIGIN new.test.\n@ 300 SOA ns1.example.net. hostmaster 1 3600 900 "
        + "604800 300\n@ 300 NS ns1.example.net.\nwww 300 A 192.0.2.1\n");
    assertEquals(0, ddns("zone", "import", file.toString(), "--replace"), err::toString);
    Name second = memberNode("new.test.").orElseThrow();
    assertFalse(first.equals(second), "a replaced zone gets a new unique id");
    assertEquals(Map.of(second, NEW_TEST), members(CATALOG));
    assertEquals(3, serial(CATALOG), "the old node went and the new came in one update");
    assertTrue(out.toString().contains(", catalog catalog.invalid. as "
        + second.getLabelString(0)), out::toString);

    Name other = Name.fromConstantString("other.catalog.");
    assertEquals(0, ddns("zone", "set", "new.test.", "--catalog", "other.catalog."),
        err::toString);
    assertEquals(Map.of(), members(CATALOG));
    assertEquals(Map.of(memberNode("new.test.").orElseThrow(), NEW_TEST), members(other));
    assertEquals(0, ddns("zone", "set", "new.test.", "--no-catalog"), err::toString);
    assertEquals(Map.of(), members(other));
    assertEquals(Optional.empty(), memberNode("new.test."));
    assertEquals(0, ddns("zone", "set", "new.test.", "--catalog", "catalog.invalid."),
        err::toString);
    assertEquals(Map.of(memberNode("new.test.").orElseThrow(), NEW_TEST), members(CATALOG));

    assertEquals(0, ddns("zone", "delete", "new.test.", "--yes"), err::toString);
    assertEquals(Map.of(), members(CATALOG));
    assertEquals(CatalogMembership.IDENTITY, lastEntry(CATALOG).keyName());

    assertEquals(1, ddns("zone", "create", "sub.catalog.invalid.", "--ns", "ns1.example.net."));
    assertOneLineError("zone sub.catalog.invalid. is inside the catalog zone catalog.invalid. "
        + "and cannot be its member");
    assertEquals(0, ddns("zone", "create", "plain.test.", "--ns", "ns1.example.net.",
        "--no-catalog"), err::toString);
    assertEquals(1, ddns("zone", "create", "x.test.", "--ns", "ns1.example.net.", "--catalog",
        "plain.test."));
    assertOneLineError("zone plain.test. is not a catalog zone");
    assertTrue(store().open(Name.fromConstantString("x.test.")).isEmpty(), "nothing written");
  }

  /**
   * docs/zones.md, "Delete a zone": a catalog that still lists zones is not deleted, since its
   * consumers would drop every member and the members' settings would point into a catalog that
   * is gone; the refusal comes before the question, names how many it lists and what to do. Once
   * its members are deleted or moved out, it goes.
   */
  @Test
  void aCatalogThatStillListsZonesIsNotDeleted() {
    for (String zone : List.of("a.test.", "b.test.", "c.test.", "d.test.")) {
      assertEquals(0, ddns("zone", "create", zone, "--ns", "ns1.example.net.", "--create-table"),
          err::toString);
    }
    Map<Name, Name> listed = members(CATALOG);
    Terminal.usePrompt(question -> {
      throw new AssertionError("asked before refusing");
    });
    String refusal = "not deleting catalog zone catalog.invalid.: it lists 4 zones (a.test., "
        + "b.test., c.test. and 1 more); delete them, or take them out with 'ddns zone set ZONE "
        + "--no-catalog' (or --catalog OTHER), first";
    assertEquals(1, ddns("zone", "delete", "catalog.invalid."));
    assertOneLineError("ddns zone delete: " + refusal);
    assertEquals(1, ddns("zone", "delete", "catalog.invalid.", "--yes"));
    assertOneLineError(refusal);
    assertEquals(listed, members(CATALOG));

    assertEquals(0, ddns("zone", "delete", "a.test.", "--yes"), err::toString);
    assertEquals(0, ddns("zone", "delete", "b.test.", "--yes"), err::toString);
    assertEquals(0, ddns("zone", "set", "c.test.", "--no-catalog"), err::toString);
    assertEquals(1, ddns("zone", "delete", "catalog.invalid.", "--yes"));
    assertOneLineError("it lists 1 zone (d.test.); delete it, or take it out with");
    assertEquals(0, ddns("zone", "set", "d.test.", "--catalog", "other.catalog."),
        err::toString);
    assertEquals(0, ddns("zone", "delete", "catalog.invalid.", "--yes"), err::toString);
    assertTrue(store().open(CATALOG).isEmpty());
    assertEquals(Optional.empty(), memberNode("c.test."));
  }

  private static final Name CATALOG = Name.fromConstantString("catalog.invalid.");
  private static final Name NEW_TEST = Name.fromConstantString("new.test.");

  private Optional<Name> memberNode(String zone) {
    return CatalogZone.memberNodeOf(store().open(Name.fromConstantString(zone)).orElseThrow()
        .head().settings());
  }

  /** The catalog's member nodes and the zones they list. */
  private Map<Name, Name> members(Name catalog) {
    return store().open(catalog).orElseThrow().nodes()
        .filter(n -> n.rrset(Type.PTR).isPresent())
        .collect(Collectors.toMap(Node::name, n -> ((PTRRecord) n.rrset(Type.PTR).orElseThrow()
            .records().get(0)).getTarget()));
  }

  private long serial(Name zone) {
    return store().open(zone).orElseThrow().head().serial();
  }

  private JournalEntry lastEntry(Name zone) {
    List<JournalEntry> journal = store().journal(zone, 0, 100);
    return journal.get(journal.size() - 1);
  }

  private static final String ZONE_FILE = String.join("\n",
      "$ORIGIN rt.example.",
      "$TTL 3600",
      "@ IN SOA ns1 hostmaster ( 7 3600 900 604800 300 )",
      "  IN NS ns1",
      "  IN NS ns2.example.net.",
      "  IN MX 10 mail",
      "  IN TXT \"v=spf1 -all\"",
      "  IN CAA 0 issue \"letsencrypt.org\"",
      "ns1 IN A 192.0.2.1",
      "ns1 IN AAAA 2001:db8::1",
      "mail 300 IN A 192.0.2.25",
      "www IN A 192.0.2.10",
      "www IN A 192.0.2.11",
      "Alias IN CNAME www",
      "*.wild 60 IN TXT \"a b\" \"c\\\"d\"",
      "_sip._tcp IN SRV 0 5 5060 sip",
      "sip.deep.sub IN A 192.0.2.50",
      "42.2.0.192.in-addr.arpa.rt.example. IN PTR www",
      "");

  @Test
  void importExportRoundTripIsByteForByte(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("rt.zone");
    Files.writeString(file, ZONE_FILE);
    assertEquals(0, ddns("zone", "import", file.toString(), "--create-table"), err::toString);
    assertTrue(out.toString().startsWith("imported zone rt.example. from " + file
        + ": 16 records at 9 names, serial 7"), out.toString());

    Path first = dir.resolve("first.zone");
    assertEquals(0, ddns("zone", "export", "rt.example.", "--output", first.toString()),
        err::toString);
    assertEquals("exported zone rt.example. serial 7: 16 records to " + first,
        err.toString().strip());
    String exported = Files.readString(first);
    List<String> lines = exported.lines().toList();
    assertTrue(lines.get(2).startsWith("rt.example.\t\t3600\tIN\tSOA\tns1.rt.example. "), lines.get(2));

    // Import the export as the same zone in a fresh table, then export again.
    List<Node> before = store().open(Name.fromConstantString("rt.example.")).get().nodes().toList();
    assertEquals(0, ddns("zone", "delete", "rt.example.", "--yes"));
    assertEquals(0, ddns("zone", "import", first.toString(), "--zone", "rt.example."),
        err::toString);
    List<Node> after = store().open(Name.fromConstantString("rt.example.")).get().nodes().toList();
    assertEquals(before, after);
    Path second = dir.resolve("second.zone");
    assertEquals(0, ddns("zone", "export", "rt.example.", "-o", second.toString()));
    assertEquals(exported, Files.readString(second));

    // Without --replace an existing zone stays; with it, the file's content wins.
    Files.writeString(file, ZONE_FILE.replace("( 7 ", "( 8 ").replace("192.0.2.11", "192.0.2.12"));
    assertEquals(1, ddns("zone", "import", file.toString()));
    assertOneLineError("zone rt.example. exists in table " + table + "; add --replace");
    assertEquals(0, ddns("zone", "import", file.toString(), "--replace"), err::toString);
    assertEquals(0, ddns("zone", "export", "rt.example."));
    assertTrue(out.toString().contains("192.0.2.12") && !out.toString().contains("192.0.2.11"));
    assertTrue(out.toString().contains(" 8 3600 900 604800 300"), out.toString());
  }

  @Test
  void badZoneFilesNameFileAndLineAndWriteNothing(@TempDir Path dir) throws IOException {
    ZoneTable.ensureExists(client, table);
    Path bad = dir.resolve("bad.zone");
    Files.writeString(bad, String.join("\n",
        "$ORIGIN bad.example.",
        "@ 3600 IN SOA ns1 hostmaster 1 3600 900 604800 300",
        "@ 3600 IN NS ns1",
        "ns1 3600 IN A 192.0.2.1",
        "www 3600 IN A 192.0.2.300",
        ""));
    assertEquals(1, ddns("zone", "import", bad.toString(), "--create-table"));
    assertOneLineError("ddns zone import: " + bad + ":5: ");
    assertTrue(err.toString().contains("192.0.2.300"), err.toString());
    assertTrue(store().zones().isEmpty());

    Files.writeString(bad, "www.bad.example. 3600 IN A 192.0.2.1\n");
    assertEquals(1, ddns("zone", "import", bad.toString()));
    assertOneLineError("zone file " + bad + ": a zone needs exactly one SOA record, found 0");

    Files.writeString(bad, String.join("\n",
        "bad.example. 3600 IN SOA ns1.bad.example. h.bad.example. 1 3600 900 604800 300",
        "www.elsewhere.example. 3600 IN A 192.0.2.1", ""));
    assertEquals(1, ddns("zone", "import", bad.toString()));
    assertOneLineError("www.elsewhere.example. is outside the zone bad.example.");

    assertEquals(1, ddns("zone", "import", bad.toString(), "--zone", "other.example."));
    assertOneLineError(bad + ": ");

    assertEquals(1, ddns("zone", "import", dir.resolve("missing.zone").toString()));
    assertOneLineError("zone file " + dir.resolve("missing.zone") + " does not exist");
    assertTrue(store().zones().isEmpty());
  }

  @Test
  void awsFailuresAreOneLine() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    out = new StringWriter();
    err = new StringWriter();
    int code = Main.commandLine().setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true)).execute("zone", "list", "--endpoint-url",
            "http://127.0.0.1:" + closedPort);
    assertEquals(1, code);
    assertOneLineError("ddns zone list: cannot reach DynamoDB at http://127.0.0.1:" + closedPort
        + ": ");
    assertTrue(err.toString().contains("refused"), err.toString());

    assertEquals(1, ddns("zone", "list"));
    assertOneLineError("table " + table + " does not exist at DynamoDB at " + dynamo.endpoint());

    assertEquals(2, ddns("zone", "create", "x.example."));
    assertTrue(err.toString().contains("--ns"), err.toString());
    assertEquals(2, ddns("zone", "create", "x.example.", "--ns", "a.", "--serial-policy", "weekly"));
    assertTrue(err.toString().contains("'weekly' is not a serial policy"), err.toString());
  }

  /** 100,000 records by default; {@code -Dddns.importRecords=1000000} for the million. */
  @Test
  void importsALargeZoneInBatchesWithProgress(@TempDir Path dir) throws IOException {
    int count = Integer.getInteger("ddns.importRecords", 100_000);
    Path file = dir.resolve("large.zone");
    try (var w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("$ORIGIN large.example.\n$TTL 300\n");
      w.write("@ SOA ns1.example.net. hostmaster 1 3600 900 604800 300\n");
      w.write("@ NS ns1.example.net.\n");
      for (int i = 0; i < count - 2; i++) {
        w.write("h" + i + " A 10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)
            + "\n");
      }
    }
    long start = System.nanoTime();
    assertEquals(0, ddns("zone", "import", file.toString(), "--create-table"), err::toString);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("imported %,d records in %.1f s (%,.0f records/s)%n", count, seconds,
        count / seconds);
    assertTrue(out.toString().startsWith(String.format(java.util.Locale.ROOT,
        "imported zone large.example. from %s: %,d records at %,d names", file, count,
        count - 1)), out.toString());
    List<String> progress = err.toString().lines().toList();
    assertTrue(progress.stream().anyMatch(l -> l.matches(
        "reading .*large.zone: [\\d,]+ records \\(100%\\), [\\d,]+ records/s, [\\d.]+ s")),
        err.toString());
    assertTrue(progress.stream().anyMatch(l -> l.matches("writing large\\.example\\.: "
        + String.format(java.util.Locale.ROOT, "%,d/%,d", count - 1, count - 1)
        + " names \\(100%\\), [\\d,]+ names/s, [\\d.]+ s")), err.toString());
    assertFalse(err.toString().contains("\r"));
    assertEquals(count - 1, store().open(Name.fromConstantString("large.example.")).get()
        .nodes().count());
  }

  @Test
  void progressRedrawsOneLineOnATerminal() {
    StringWriter text = new StringWriter();
    Progress p = new Progress(new PrintWriter(text), true, "writing x.", "names", 10);
    p.update(5);
    p.finish();
    assertTrue(text.toString().startsWith("\rwriting x.: ["), text.toString());
    assertTrue(text.toString().endsWith("\n"));
    assertEquals(1, text.toString().chars().filter(c -> c == '\n').count());
    assertTrue(text.toString().contains("5/10 names (50%)"), text.toString());
  }

  @Test
  void helpNamesEveryCommand() {
    assertEquals(0, Main.commandLine().setOut(new PrintWriter(out, true)).execute("zone", "--help"));
    for (String c : List.of("create", "import", "export", "list", "delete", "set", "recount")) {
      assertTrue(out.toString().contains(c), c);
    }
    assertEquals(0, Main.commandLine().setOut(new PrintWriter(out, true)).execute("--help"));
    assertTrue(out.toString().contains("history"));
    String unused = List.of("a").stream().collect(Collectors.joining());
    assertEquals("a", unused);
  }
}
