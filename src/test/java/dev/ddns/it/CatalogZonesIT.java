package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.dynamodb.DynamoClients;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.core.service.CatalogZone;
import dev.ddns.local.LocalConfig;
import dev.ddns.testing.tools.BindSecondary;
import dev.ddns.testing.tools.Closing;
import dev.ddns.testing.tools.Exec;
import dev.ddns.testing.tools.FreePorts;
import dev.ddns.testing.tools.InfraSecondaries;
import dev.ddns.testing.tools.KnotSecondary;
import dev.ddns.testing.tools.LocalDdns;
import dev.ddns.testing.tools.Secondary;
import dev.ddns.testing.tools.TestKey;
import dev.ddns.testing.tools.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.xbill.DNS.Name;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ddns local} on DynamoDB Local serving the catalog zone (RFC 9432) that the zone
 * commands keep, with BIND 9 and Knot as catalog consumers on loopback, configured once from
 * infra/secondaries/named-catalog.conf and knot-catalog.conf with the relay as primary: a zone
 * made with {@code ddns zone create} is served by both without a change of their configuration,
 * a deleted one no longer, and a replaced one, under a new unique id, is dropped and transferred
 * again even though its serial went back (RFC 9432 §5.4, §5.6).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogZonesIT {
  private static final Duration START = Duration.ofSeconds(30);
  /**
   * BIND applies catalog changes at most every min-update-interval (5 s, the recipe's value),
   * then transfers the member; the deadline allows for that and a busy machine.
   */
  private static final Duration PROPAGATION = Duration.ofSeconds(30);
  private static final String CATALOG = CatalogZone.DEFAULT_NAME.toString();
  /** The catalog's name as the configuration files write it, without the final dot. */
  private static final String CATALOG_ID = CatalogZone.DEFAULT_NAME.toString(true);
  private static final Name NEW = Name.fromConstantString("new.test.");
  /** What Knot logs when it drops a member zone with its journal and timers. */
  private static final String PURGED = "[new.test.] zone purged";
  /** The member that the catalog lists before the consumers start: they start once it is served. */
  private static final Name FIRST = Name.fromConstantString("first.test.");

  private Path dir;
  private Path keys;
  private LocalDdns ddns;
  private TestKey notifyKey;
  private Secondary bind;
  private Secondary knot;
  private Map<Secondary, String> configs;

  @BeforeAll
  void start() throws IOException {
    dir = Files.createTempDirectory("catalog-zones-it-");
    keys = Files.createDirectories(dir.resolve("keys"));
    ddns = LocalDdns.start(dir, List.of(), List.of("--store", "dynamodb", "--key-dir",
        keys.toString()));
    int bindPort = FreePorts.tcpAndUdp();
    int knotPort = FreePorts.tcpAndUdp();
    zone("create", FIRST.toString(), "--ns", "ns1.example.net.");
    Path notifyKeyFile = dir.resolve("notify.catalog.invalid.key");
    zone("set", CATALOG, "--notify", "127.0.0.1:" + bindPort, "127.0.0.1:" + knotPort,
        "--notify-key", "notify." + CATALOG, "--notify-key-file", notifyKeyFile.toString(),
        "--key-dir", keys.toString(), "--transfer-key", ddns.localKey().name());
    notifyKey = TestKey.read(notifyKeyFile);
    bind = new BindConsumer(folder("bind"), bindPort, ddns.dnsPort(), ddns.localKey(), notifyKey);
    knot = new KnotConsumer(folder("knot"), knotPort, ddns.dnsPort(), ddns.localKey(),
        notifyKey);
    bind.start(START);
    knot.start(START);
    configs = Map.of(bind, bind.writtenConfig(), knot, knot.writtenConfig());
  }

  @AfterAll
  void stop() {
    Closing.all(bind, knot, ddns);
  }

  @Test
  @Order(1)
  void aCreatedZoneIsServedByBothConsumersWithoutAChangeOfTheirConfiguration() {
    zone("create", NEW.toString(), "--ns", "ns1.example.net.", "--serial", "100");
    bind.awaitSerial(NEW, s -> s == 100, PROPAGATION, ddns::diagnostics);
    knot.awaitSerial(NEW, s -> s == 100, PROPAGATION, ddns::diagnostics);
    configs.forEach((consumer, text) -> assertEquals(text, consumer.writtenConfig(),
        consumer.name() + "'s configuration is the one it started with"));
  }

  @Test
  @Order(2)
  void aDeletedZoneIsServedNoLonger() {
    zone("delete", NEW.toString(), "--yes");
    bind.awaitNoSerial(NEW, PROPAGATION, ddns::diagnostics);
    knot.awaitNoSerial(NEW, PROPAGATION, ddns::diagnostics);
    assertTrue(bind.log().contains("catz: deleting zone 'new.test' from catalog 'catalog.invalid'"
        + " - success"), bind.diagnostics());
    assertEquals(1, Secondary.count(knot.log(), PURGED), knot.diagnostics());
  }

  /**
   * Made again, then replaced by an import with a lower serial: each time the zone gets a new
   * unique id, and the replacement changes it in one catalog update, which the consumers take as
   * the member's removal with all its state and its addition (RFC 9432 §5.4): both serve serial
   * 5 after 100, which a secondary that kept its copy would never take (RFC 1982).
   */
  @Test
  @Order(3)
  void aReplacedZoneGetsANewUniqueIdAndTheConsumersTransferItAgain() throws IOException {
    zone("create", NEW.toString(), "--ns", "ns1.example.net.", "--serial", "100");
    Name created = memberNode();
    bind.awaitSerial(NEW, s -> s == 100, PROPAGATION, ddns::diagnostics);
    knot.awaitSerial(NEW, s -> s == 100, PROPAGATION, ddns::diagnostics);

    Path file = dir.resolve("new.zone");
    Files.writeString(file, "$ORIGIN new.test.\n"
        + "@ 300 SOA ns1.example.net. hostmaster 5 3600 900 604800 300\n"
        + "@ 300 NS ns1.example.net.\n"
        + "www 300 A 192.0.2.5\n");
    zone("import", file.toString(), "--replace");
    Name replaced = memberNode();
    assertNotEquals(created, replaced, "a new unique id");

    bind.awaitSerial(NEW, s -> s == 5, PROPAGATION, ddns::diagnostics);
    knot.awaitSerial(NEW, s -> s == 5, PROPAGATION, ddns::diagnostics);
    assertTrue(bind.log().contains("catz: zone 'new.test' unique label has changed, reset state"),
        bind.diagnostics());
    assertEquals(2, Secondary.count(knot.log(), PURGED), "purged again:\n" + knot.diagnostics());
  }

  /** The zone's member node, as its settings keep it. */
  private Name memberNode() {
    try (DynamoDbClient dynamo = DynamoClients.create(Optional.of(ddns.dynamoDbEndpoint()),
        Optional.empty())) {
      DynamoZoneStore store = new DynamoZoneStore(dynamo, LocalConfig.DEFAULT_TABLE,
          Clock.systemUTC());
      return CatalogZone.memberNodeOf(store.open(NEW).orElseThrow().head().settings())
          .orElseThrow();
    }
  }

  /** {@code ddns zone ARGS} against ddns local's DynamoDB Local. */
  private void zone(String... arguments) {
    List<String> command = new ArrayList<>(List.of(Tools.java().toString(), "-jar",
        LocalDdns.jar().toString(), "zone"));
    command.addAll(List.of(arguments));
    command.addAll(List.of("--endpoint-url", ddns.dynamoDbEndpoint().toString()));
    Exec.run(command, "", Duration.ofSeconds(120)).assertSuccess();
  }

  private Path folder(String name) throws IOException {
    return Files.createDirectories(dir.resolve(name));
  }

  /** BIND with test options and infra/secondaries/named-catalog.conf. */
  private static final class BindConsumer extends BindSecondary {
    BindConsumer(Path dir, int port, int primaryPort, TestKey key, TestKey notifyKey) {
      super(dir, port, primaryPort, key, notifyKey);
    }

    @Override
    protected Name zone() {
      return FIRST;
    }

    private Path members() {
      return dir.resolve("members");
    }

    /** The zone-directory of the members must exist. */
    @Override
    protected void prepare(Path configFile) {
      try {
        Files.createDirectories(members());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    protected String config() {
      InfraSecondaries.BindCatalog catalog = InfraSecondaries.bindCatalog(CATALOG_ID,
          dir.resolve("catalog.db"), members(), primaryPort, key, notifyKey);
      String options = options(dir, port);
      int end = options.lastIndexOf("};");
      return options.substring(0, end) + catalog.options() + options.substring(end)
          + catalog.statements();
    }
  }

  /** Knot with test settings and infra/secondaries/knot-catalog.conf. */
  private static final class KnotConsumer extends KnotSecondary {
    KnotConsumer(Path dir, int port, int primaryPort, TestKey key, TestKey notifyKey) {
      super(dir, port, primaryPort, key, notifyKey);
    }

    @Override
    protected Name zone() {
      return FIRST;
    }

    @Override
    protected String config() {
      return settings(dir, port) + InfraSecondaries.knotCatalog(CATALOG_ID, dir, primaryPort,
          key, notifyKey);
    }
  }
}
