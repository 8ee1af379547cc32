package dev.ddns.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.secrets.BindKeyFile;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.service.CatalogZone;
import dev.ddns.core.service.ServiceLimits;
import dev.ddns.core.tsig.TsigKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;
import org.xbill.DNS.ZoneTransferIn;

/** Starts the whole local system on free loopback ports and talks DNS to it. */
class LocalSystemTest {
  private static final Name ZONE = Name.fromConstantString("smoke.test.");

  private static LocalConfig config(Path keyFile, List<Path> extra) {
    return new LocalConfig(ZONE, List.of(LocalConfig.LOOPBACK_V4, LocalConfig.LOOPBACK_V6), 0, 0,
        keyFile, LocalConfig.DEFAULT_KEY_NAME, extra);
  }

  private static SimpleResolver resolver(LocalSystem system, TsigKey key, boolean tcp)
      throws IOException {
    SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(
        LocalConfig.LOOPBACK_V4, system.dnsPort()));
    resolver.setTCP(tcp);
    resolver.setTimeout(Duration.ofSeconds(3));
    if (key != null) {
      resolver.setTSIGKey(key.signer(Clock.systemUTC()));
    }
    return resolver;
  }

  @Test
  void updateQueryAndTransferThroughTheRelay(@TempDir Path dir) throws Exception {
    Path keyFile = dir.resolve("local.key");
    try (LocalSystem system = LocalSystem.start(config(keyFile, List.of()))) {
      TsigKey key = BindKeyFile.parse(Files.readString(keyFile)).get(0);
      assertEquals(system.key(), key);
      assertEquals("hmac-sha256", key.algorithmName());

      Update update = new Update(ZONE);
      update.add(Name.fromConstantString("www.smoke.test."), Type.A, 300, "192.0.2.10");
      Message reply = resolver(system, key, false).send(update);
      assertEquals(Rcode.string(Rcode.NOERROR), Rcode.string(reply.getRcode()));

      Message query = Message.newQuery(Record.newRecord(
          Name.fromConstantString("www.smoke.test."), Type.A, DClass.IN));
      Message answer = resolver(system, null, true).send(query);
      assertEquals("192.0.2.10", answer.getSection(Section.ANSWER).get(0).rdataToString());

      ZoneTransferIn axfr = ZoneTransferIn.newAXFR(ZONE,
          new InetSocketAddress(LocalConfig.LOOPBACK_V4, system.dnsPort()),
          key.signer(Clock.systemUTC()));
      axfr.setTimeout(Duration.ofSeconds(3));
      axfr.run();
      assertTrue(axfr.getAXFR().stream().anyMatch(r -> r.rdataToString().equals("192.0.2.10")));
    }
  }

  @Test
  void aKeyOverItsLimitIsRefusedThroughTheRelayAndTheLimitsAreSaidAtStart(@TempDir Path dir)
      throws Exception {
    LocalConfig limited = config(dir.resolve("k.key"), List.of())
        .withLimits(new ServiceLimits(0.001, 2, 64));
    try (LocalSystem system = LocalSystem.start(limited)) {
      assertTrue(system.readyLines().get(0).endsWith(
          "; limits: 0.001 requests/s per key (burst 2), 64 requests in flight"),
          system.readyLines().get(0));
      SimpleResolver resolver = resolver(system, system.key(), false);
      Message query = Message.newQuery(Record.newRecord(ZONE, Type.SOA, DClass.IN));
      assertEquals(Rcode.NOERROR, resolver.send(query).getRcode());
      assertEquals(Rcode.NOERROR, resolver.send(query).getRcode());
      Message refused = resolver.send(query);
      assertEquals(Rcode.REFUSED, refused.getRcode(), refused::toString);
      assertTrue(refused.toString().contains("is over its rate limit of 0.001 requests/s"),
          refused::toString);
      assertEquals(Rcode.NOERROR, resolver(system, null, false).send(query).getRcode(),
          "an unsigned query has no key to limit");
    }
  }

  @Test
  void theStartLineSaysTheLimitsThatAreSet() {
    assertEquals("", ReadyLines.describe(ServiceLimits.NONE));
    assertEquals("; limits: 50 requests/s per key (burst 100), 256 requests in flight",
        ReadyLines.describe(ServiceLimits.DEFAULT));
    assertEquals("; limits: 2.5 requests/s per key (burst 5)",
        ReadyLines.describe(new ServiceLimits(2.5, 5, Integer.MAX_VALUE)));
    assertEquals("; limits: 8 requests in flight", ReadyLines.describe(
        new ServiceLimits(Double.POSITIVE_INFINITY, Integer.MAX_VALUE, 8)));
  }

  @Test
  void printsReadyLinesWithTheActualPorts(@TempDir Path dir) throws IOException {
    try (LocalSystem system = LocalSystem.start(config(dir.resolve("k.key"), List.of()))) {
      List<String> lines = system.readyLines();
      String port = Integer.toString(system.dnsPort());
      String keyFile = dir.resolve("k.key").toString();
      assertTrue(lines.contains("nsupdate -k " + keyFile + " -p " + port + " <<'EOF'"), lines::toString);
      assertTrue(lines.contains("server 127.0.0.1 " + port));
      assertTrue(lines.contains("update add www.smoke.test. 300 A 192.0.2.10"));
      assertTrue(lines.contains("dig @127.0.0.1 -p " + port + " www.smoke.test. A"));
      assertTrue(lines.contains("dig @127.0.0.1 -p " + port + " -k " + keyFile + " smoke.test. AXFR"));
      assertEquals(LocalSystem.READY, lines.get(lines.size() - 1));
      assertFalse(lines.get(0).contains("limits"), "none by default: " + lines.get(0));
    }
  }

  @Test
  void reusesAnExistingKeyFileAndLoadsExtraKeys(@TempDir Path dir) throws Exception {
    Path keyFile = dir.resolve("local.key");
    TsigKey first;
    try (LocalSystem system = LocalSystem.start(config(keyFile, List.of()))) {
      first = system.key();
    }
    Path extra = dir.resolve("sha512.key");
    TsigKey sha512 = TsigKey.of("extra-key.", "hmac-sha512",
        "c2VjcmV0LWZvci1obWFjLXNoYTUxMi1rZXktZm9yLXRlc3Rz");
    Files.writeString(extra, BindKeyFile.format(sha512));
    try (LocalSystem system = LocalSystem.start(config(keyFile, List.of(extra)))) {
      assertEquals(first, system.key());
      Update update = new Update(ZONE);
      update.add(Name.fromConstantString("txt.smoke.test."), Type.TXT, 60, "\"hello\"");
      Message reply = resolver(system, sha512, true).send(update);
      assertEquals(Rcode.string(Rcode.NOERROR), Rcode.string(reply.getRcode()));
      List<String> policy = system.store().open(ZONE).orElseThrow().head().settings()
          .updatePolicy();
      assertTrue(policy.contains("grant " + first.name() + " zonesub ANY"), policy::toString);
      assertTrue(policy.contains("grant extra-key. zonesub ANY"), policy::toString);
      assertTrue(policy.contains("expire 1h subdomain _acme-challenge." + ZONE + " TXT"),
          policy::toString);
    }
  }

  @Test
  void refusesAKeyFileThatIsNotOne(@TempDir Path dir) throws IOException {
    Path keyFile = dir.resolve("notes.txt");
    Files.writeString(keyFile, "shopping list\n");
    IOException e = assertThrows(IOException.class,
        () -> LocalSystem.start(config(keyFile, List.of())));
    assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
    assertEquals("shopping list\n", Files.readString(keyFile));
  }

  @Test
  void servesZonesFromDynamoDbLocal(@TempDir Path dir) throws Exception {
    Path keyFile = dir.resolve("local.key");
    LocalConfig config = config(keyFile, List.of()).withDynamoDb(0).withTable("ddns-test");
    try (LocalSystem system = LocalSystem.start(config)) {
      assertTrue(system.zoneCreated());
      assertTrue(system.store() instanceof dev.ddns.adapter.dynamodb.DynamoZoneStore);
      String url = system.dynamoDbEndpoint().orElseThrow().toString();
      assertTrue(url.matches("http://127\\.0\\.0\\.1:\\d+"), url);
      List<String> lines = system.readyLines();
      assertTrue(lines.contains("ddns local: zones in DynamoDB Local at " + url
          + " (table ddns-test, in memory)"), lines::toString);
      assertTrue(lines.contains("java -jar target/ddns.jar zone list --endpoint-url " + url
          + " --table ddns-test"), lines::toString);
      assertTrue(lines.contains("aws dynamodb scan --table-name ddns-test --endpoint-url " + url),
          lines::toString);
      assertEquals(LocalSystem.READY, lines.get(lines.size() - 1));

      TsigKey key = system.key();
      Update update = new Update(ZONE);
      update.add(Name.fromConstantString("www.smoke.test."), Type.A, 300, "192.0.2.10");
      assertEquals(Rcode.NOERROR, resolver(system, key, false).send(update).getRcode());

      // The zone commands reach the same table over loopback HTTP.
      java.io.StringWriter out = new java.io.StringWriter();
      int code = dev.ddns.cli.Main.commandLine().setOut(new java.io.PrintWriter(out, true))
          .execute("history", "smoke.test.", "--endpoint-url", url, "--table", "ddns-test");
      assertEquals(0, code);
      assertTrue(out.toString().lines().anyMatch(
          l -> l.matches("\\+ www\\.smoke\\.test\\.\\s+300\\s+IN\\s+A\\s+192\\.0\\.2\\.10")),
          out::toString);
    }
  }

  /**
   * docs/secondaries.md, "Catalog zones": the demo zone is listed in catalog.invalid. as {@code
   * ddns zone create} lists a new zone, so the catalog lists every zone of the table.
   */
  @Test
  void theDemoZoneIsListedInTheCatalog(@TempDir Path dir) throws IOException {
    try (LocalSystem system = LocalSystem.start(config(dir.resolve("k.key"), List.of()))) {
      ZoneReader catalog = system.store().open(CatalogZone.DEFAULT_NAME).orElseThrow();
      assertEquals(List.of(ZONE), CatalogZone.members(catalog));
      Name member = CatalogZone.memberNodeOf(
          system.store().open(ZONE).orElseThrow().head().settings()).orElseThrow();
      assertEquals(Optional.of(CatalogZone.DEFAULT_NAME), CatalogZone.catalogOf(member));
      assertTrue(catalog.node(member).isPresent(), "listed at the node its settings name");
      assertEquals(2, catalog.head().serial(), "made at 1, then the listing");
      assertEquals(List.of(CatalogZone.DEFAULT_NAME, ZONE), system.store().zones().stream()
          .sorted().toList());
    }
  }

  /** A demo zone that is the catalog's own name is listed nowhere; ddns local still starts. */
  @Test
  void aDemoZoneNamedLikeTheCatalogIsInNone(@TempDir Path dir) throws IOException {
    LocalConfig config = new LocalConfig(CatalogZone.DEFAULT_NAME,
        List.of(LocalConfig.LOOPBACK_V4), 0, 0, dir.resolve("k.key"),
        LocalConfig.DEFAULT_KEY_NAME, List.of());
    try (LocalSystem system = LocalSystem.start(config)) {
      ZoneReader zone = system.store().open(CatalogZone.DEFAULT_NAME).orElseThrow();
      assertEquals(Optional.empty(), CatalogZone.memberNodeOf(zone.head().settings()));
      assertEquals(List.of(CatalogZone.DEFAULT_NAME), system.store().zones());
    }
  }

  @Test
  void dataFolderKeepsZonesAcrossRestarts(@TempDir Path dir) throws Exception {
    Path keyFile = dir.resolve("local.key");
    Path data = dir.resolve("data");
    LocalConfig config = config(keyFile, List.of()).withDynamoDb(0, data);
    Name www = Name.fromConstantString("www.smoke.test.");
    try (LocalSystem system = LocalSystem.start(config)) {
      assertTrue(system.zoneCreated());
      assertTrue(system.readyLines().stream().anyMatch(l -> l.endsWith(
          "(table ddns, data in " + data.toAbsolutePath() + ")")), system.readyLines()::toString);
      Update update = new Update(ZONE);
      update.add(www, Type.A, 300, "192.0.2.77");
      assertEquals(Rcode.NOERROR, resolver(system, system.key(), true).send(update).getRcode());
    }
    assertTrue(Files.list(data).findAny().isPresent(), "DynamoDB Local wrote nothing in " + data);
    try (LocalSystem system = LocalSystem.start(config)) {
      assertFalse(system.zoneCreated());
      assertTrue(system.readyLines().stream().anyMatch(l -> l.contains(
          "; zone smoke.test. was already there")), system.readyLines()::toString);
      Message query = Message.newQuery(Record.newRecord(www, Type.A, DClass.IN));
      Message answer = resolver(system, null, true).send(query);
      assertEquals("192.0.2.77", answer.getSection(Section.ANSWER).get(0).rdataToString());
      assertEquals(2, system.store().open(ZONE).orElseThrow().head().serial());
      assertEquals(2, system.store().open(CatalogZone.DEFAULT_NAME).orElseThrow().head().serial(),
          "listed once, when the zone was made");
    }
  }

  @Test
  void takenHttpPortIsABindException(@TempDir Path dir) throws IOException {
    try (LocalSystem first = LocalSystem.start(config(dir.resolve("k.key"), List.of()))) {
      LocalConfig clash = new LocalConfig(ZONE, List.of(LocalConfig.LOOPBACK_V4), 0,
          first.httpPort(), dir.resolve("k.key"), LocalConfig.DEFAULT_KEY_NAME, List.of());
      java.net.BindException e = assertThrows(java.net.BindException.class,
          () -> LocalSystem.start(clash));
      assertTrue(e.getMessage().contains("HTTP 127.0.0.1:" + first.httpPort()), e.getMessage());
    }
  }
}
