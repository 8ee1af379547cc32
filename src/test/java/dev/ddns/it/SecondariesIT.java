package dev.ddns.it;

import static dev.ddns.testing.tools.Secondary.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddns.adapter.dns.UdpNotifySender;
import dev.ddns.adapter.dynamodb.DynamoClients;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.adapter.dynamodb.StreamEvents;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.lambda.NotifyFunction;
import dev.ddns.local.LocalConfig;
import dev.ddns.local.LocalContext;
import dev.ddns.testing.TestLogging;
import dev.ddns.testing.tools.BindSecondary;
import dev.ddns.testing.tools.Closing;
import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.DnsWire;
import dev.ddns.testing.tools.Exec;
import dev.ddns.testing.tools.KnotSecondary;
import dev.ddns.testing.tools.LocalDdns;
import dev.ddns.testing.tools.Nsupdate;
import dev.ddns.testing.tools.Secondary;
import dev.ddns.testing.tools.SecondaryFleet;
import dev.ddns.testing.tools.TestKey;
import dev.ddns.testing.tools.ToolProcess;
import java.io.IOException;
import java.net.DatagramSocket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * {@code ddns local} on DynamoDB Local with BIND 9 and Knot as secondaries on loopback, the relay
 * as their primary, and a third NOTIFY target that never answers: updates reach both secondaries
 * by NOTIFY signed with the zone's notify key and IXFR, a stopped secondary catches up, a stream
 * batch replayed does no harm, and NOTIFY without the notify key's signature is refused. The
 * secondaries run infra/secondaries/named.conf and knot.conf, as the docs give them to users.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecondariesIT {
  private static final Duration START = Duration.ofSeconds(30);
  /** Propagation is well under a second here; the deadline allows for a busy machine. */
  private static final Duration PROPAGATION = Duration.ofSeconds(5);

  private SecondaryFleet fleet;
  private DatagramSocket silent;
  private LocalDdns ddns;
  private BindSecondary bind;
  private KnotSecondary knot;
  private int updates;

  @BeforeAll
  void start() throws IOException {
    fleet = SecondaryFleet.start("secondaries-it-");
    silent = fleet.silent();
    ddns = fleet.ddns();
    bind = fleet.bind();
    knot = fleet.knot();
  }

  @AfterAll
  void stop() {
    Closing.all(fleet);
  }

  private static String target(int port) {
    return SecondaryFleet.target(port);
  }

  /** Adds {@code hostN.example.test. A 192.0.2.N} through the relay; returns the name. */
  private Name update() {
    return updates(1).get(0);
  }

  /** {@code count} updates, one {@code send} each, from one nsupdate run; returns the names. */
  private List<Name> updates(int count) {
    StringBuilder script = new StringBuilder("server 127.0.0.1 " + ddns.dnsPort() + "\n");
    List<Name> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      updates++;
      String host = "host" + updates + "." + DemoZone.NAME;
      script.append("zone ").append(DemoZone.NAME).append("\nupdate add ").append(host)
          .append(" 300 A 192.0.2.").append(updates % 250).append("\nsend\n");
      names.add(Name.fromConstantString(host));
    }
    Exec.run(Nsupdate.command(Nsupdate.Auth.k(ddns.localKey()), DnsWire.Transport.UDP),
        script.toString()).assertSuccess();
    return names;
  }

  private void awaitAnswer(Secondary secondary, Name name) {
    secondary.awaitAnswer(name, PROPAGATION, ddns::diagnostics);
  }

  private void awaitLog(String what, Predicate<String> wanted, java.util.function.Supplier<String> log) {
    long deadline = System.nanoTime() + PROPAGATION.toNanos();
    while (System.nanoTime() < deadline) {
      if (wanted.test(log.get())) {
        return;
      }
      ToolProcess.pause(50);
    }
    throw new AssertionError(what + ":\n" + log.get());
  }

  @Test
  @Order(1)
  void updatesReachBothSecondariesByNotifyAndIxfr() {
    for (int i = 0; i < 2; i++) {
      Name name = update();
      awaitAnswer(bind, name);
      awaitAnswer(knot, name);
    }
    awaitLog("BIND used IXFR", log -> bind.usedIncrementalTransfer(), bind::diagnostics);
    awaitLog("Knot used IXFR", log -> knot.usedIncrementalTransfer(), knot::diagnostics);
  }

  @Test
  @Order(2)
  void aTargetThatNeverAnswersDelaysNoOther() {
    String silentTarget = target(silent.getLocalPort());
    awaitLog("the silent target is reported", out -> out.contains("to " + silentTarget + ": silent"),
        ddns::output);
    String out = ddns.output();
    assertTrue(out.contains("to " + target(bind.port()) + ": answered NOERROR after 1 datagram"),
        out);
    assertTrue(out.contains("to " + target(knot.port()) + ": answered NOERROR after 1 datagram"),
        out);
  }

  /**
   * BIND, restarted, serves what it had until the next NOTIFY (or its SOA refresh timer); then one
   * IXFR brings all 21 changes. Knot stayed up and got each one.
   */
  @Test
  @Order(3)
  void aSecondaryStoppedDuringTwentyUpdatesCatchesUp() {
    bind.stop();
    List<Name> names = updates(20);
    bind.start(START);
    Name next = update();
    awaitAnswer(knot, next);
    awaitAnswer(bind, next);
    for (Name name : names) {
      assertTrue(!bind.answer(name, Type.A).isEmpty(), name + "\n" + bind.diagnostics());
    }
  }

  @Test
  @Order(4)
  void theSameStreamBatchDeliveredTwiceDoesNoHarm() {
    Name name = update();
    awaitAnswer(bind, name);
    awaitAnswer(knot, name);
    long bindSerial = bind.servedSerial();
    long knotSerial = knot.servedSerial();
    int bindTransfers = bind.transfers();
    int knotTransfers = knot.transfers();
    int bindUpToDate = count(bind.log(), "zone is up to date");
    int knotNotifies = count(knot.log(), "notify, incoming");
    List<String> log = new CopyOnWriteArrayList<>();
    try (TestLogging.Captured captured = TestLogging.capture();
        DynamoDbClient dynamo = DynamoClients.create(Optional.of(ddns.dynamoDbEndpoint()),
            Optional.empty());
        UdpNotifySender sender = new UdpNotifySender()) {
      NotifyFunction function = new NotifyFunction(
          new DynamoZoneStore(dynamo, LocalConfig.DEFAULT_TABLE, Clock.systemUTC()),
          new StaticKeyStore(List.of(tsigKey(ddns.notifyKey()))), sender, Clock.systemUTC(),
          new SecureRandom());
      var event = StreamEvents.of(streamRecords(dynamo), streamArn(dynamo));
      for (int delivery = 0; delivery < 2; delivery++) {
        StreamsEventResponse response = function.handleRequest(event,
            new LocalContext("NotifyFunction", Duration.ofSeconds(30)));
        assertTrue(response.getBatchItemFailures().isEmpty(),
            String.join("\n", captured.messages()));
      }
      log.addAll(captured.messages());
    }
    String text = String.join("\n", log);
    assertEquals(2, count(text, "to " + target(bind.port()) + ": answered NOERROR"), text);
    assertEquals(2, count(text, "to " + target(knot.port()) + ": answered NOERROR"), text);
    // At least twice: on a busy machine the sender may resend a NOTIFY that waits for its answer.
    awaitLog("BIND found itself up to date twice",
        l -> count(l, "zone is up to date") >= bindUpToDate + 2, bind::log);
    awaitLog("Knot heard the NOTIFY twice", l -> count(l, "notify, incoming") >= knotNotifies + 2,
        knot::log);
    assertEquals(bindSerial, bind.servedSerial());
    assertEquals(knotSerial, knot.servedSerial());
    assertEquals(bindTransfers, bind.transfers(), bind.log());
    assertEquals(knotTransfers, knot.transfers(), knot.log());
  }

  /**
   * A NOTIFY that a secondary must not act on, and what each server answers it: the rcode, and
   * the TSIG error after a slash when there is one.
   */
  private record Forgery(String why, Optional<TsigKey> key, String bind, String knot) {}

  /**
   * The attack: NOTIFY from an address that is not the relay's (as every NOTIFY from Lambda is)
   * without the notify key's signature. BIND and Knot answer it (REFUSED or NOTAUTH) and transfer
   * nothing, though the zone has changed; the same NOTIFY signed with the notify key makes both
   * transfer at once. ddns local's own NOTIFY is held back meanwhile by taking the zone's targets.
   */
  @Test
  @Order(5)
  void notifyWithoutTheNotifyKeysSignatureIsRefused() throws IOException {
    TsigKey notifyKey = tsigKey(ddns.notifyKey());
    TsigKey transferKey = tsigKey(ddns.localKey());
    String otherSecret = java.util.Base64.getEncoder().encodeToString(new byte[32]);
    List<Forgery> forgeries = List.of(
        new Forgery("unsigned", Optional.empty(), "REFUSED", "NOTAUTH"),
        new Forgery("signed with the transfer key, which both servers know", Optional.of(
            transferKey), "REFUSED", "NOTAUTH/BADKEY"),
        new Forgery("signed with the notify key's name and another secret", Optional.of(
            TsigKey.of(notifyKey.name().toString(), "hmac-sha256", otherSecret)),
            "NOTAUTH/BADSIG", "NOTAUTH/BADSIG"),
        new Forgery("signed with a key neither server knows", Optional.of(TsigKey.of(
            "stranger." + DemoZone.NAME, "hmac-sha256", otherSecret)), "NOTAUTH/BADKEY",
            "NOTAUTH/BADKEY"));
    try (DynamoDbClient dynamo = DynamoClients.create(Optional.of(ddns.dynamoDbEndpoint()),
        Optional.empty())) {
      DynamoZoneStore store = new DynamoZoneStore(dynamo, LocalConfig.DEFAULT_TABLE,
          Clock.systemUTC());
      ZoneSettings settings = store.open(Secondary.ZONE).orElseThrow().head().settings();
      store.updateSettings(Secondary.ZONE, settings.withNotifyTargets(List.of()));
      try {
        long before = bind.awaitAnySerial(PROPAGATION);
        assertEquals(before, knot.awaitAnySerial(PROPAGATION));
        int bindTransfers = bind.transfers();
        int knotTransfers = knot.transfers();
        int knotNotifies = count(knot.log(), "notify, incoming");
        Name name = update();
        SOARecord soa = store.open(Secondary.ZONE).orElseThrow().node(Secondary.ZONE)
            .flatMap(n -> n.rrset(Type.SOA)).map(set -> (SOARecord) set.records().get(0))
            .orElseThrow();
        assertTrue(soa.getSerial() > before, "the zone changed");

        for (Forgery forgery : forgeries) {
          assertEquals(forgery.bind(), bind.notify(soa, forgery.key()), "BIND, " + forgery.why());
          assertEquals(forgery.knot(), knot.notify(soa, forgery.key()), "Knot, " + forgery.why());
        }
        awaitLog("BIND refused the unsigned NOTIFY and the one with the transfer key",
            l -> count(l, "refused notify from non-primary: 127.0.0.1") == 2, bind::log);
        awaitLog("BIND refused the bad signatures", l -> count(l, "request has invalid "
            + "signature: TSIG " + notifyKey.name().toString(true) + ": tsig verify failure "
            + "(BADSIG)") == 1 && count(l, "tsig verify failure (BADKEY)") == 1, bind::log);
        ToolProcess.pause(2_000);
        assertEquals(before, bind.awaitAnySerial(PROPAGATION), bind.diagnostics());
        assertEquals(before, knot.awaitAnySerial(PROPAGATION), knot.diagnostics());
        assertEquals(bindTransfers, bind.transfers(), bind.diagnostics());
        assertEquals(knotTransfers, knot.transfers(), knot.diagnostics());
        assertEquals(knotNotifies, count(knot.log(), "notify, incoming"),
            "Knot logs only the NOTIFY it accepts:\n" + knot.diagnostics());

        assertEquals("NOERROR", bind.notify(soa, Optional.of(notifyKey)), "BIND, the notify key");
        assertEquals("NOERROR", knot.notify(soa, Optional.of(notifyKey)), "Knot, the notify key");
        awaitAnswer(bind, name);
        awaitAnswer(knot, name);
      } finally {
        store.updateSettings(Secondary.ZONE, store.open(Secondary.ZONE).orElseThrow().head()
            .settings().withNotifyTargets(settings.notifyTargets()));
      }
    }
  }

  private static TsigKey tsigKey(TestKey key) {
    return TsigKey.of(key.name(), key.algorithm(), key.secret());
  }

  private static String streamArn(DynamoDbClient dynamo) {
    return dynamo.describeTable(b -> b.tableName(LocalConfig.DEFAULT_TABLE)).table()
        .latestStreamArn();
  }

  /** Every record in the table's stream so far: the batch that gets delivered twice. */
  private List<Record> streamRecords(DynamoDbClient dynamo) {
    String arn = streamArn(dynamo);
    List<Record> records = new ArrayList<>();
    try (DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder()
        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
        .endpointOverride(ddns.dynamoDbEndpoint())
        .region(software.amazon.awssdk.regions.Region.of(DynamoClients.LOCAL_REGION))
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
            .create(software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("it", "it")))
        .build()) {
      for (var shard : streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
        String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        while (iterator != null) {
          String at = iterator;
          var page = streams.getRecords(b -> b.shardIterator(at));
          records.addAll(page.records());
          iterator = page.records().isEmpty() ? null : page.nextShardIterator();
        }
      }
    }
    return records;
  }
}
