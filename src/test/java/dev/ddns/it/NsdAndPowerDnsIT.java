package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.dynamodb.DynamoClients;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.local.LocalConfig;
import dev.ddns.testing.tools.Closing;
import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.DnsWire;
import dev.ddns.testing.tools.Exec;
import dev.ddns.testing.tools.FreePorts;
import dev.ddns.testing.tools.InfraSecondaries;
import dev.ddns.testing.tools.LocalDdns;
import dev.ddns.testing.tools.NsdSecondary;
import dev.ddns.testing.tools.Nsupdate;
import dev.ddns.testing.tools.PowerDnsSecondary;
import dev.ddns.testing.tools.Secondary;
import dev.ddns.testing.tools.TestKey;
import dev.ddns.testing.tools.ToolProcess;
import dev.ddns.testing.tools.TransferTap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ddns local} on DynamoDB Local with NSD 4.6 and PowerDNS Authoritative 4.7 as
 * secondaries on loopback, running infra/secondaries/nsd.conf, pdns.conf and pdns-zone.sh as the
 * docs give them to users: the first load is a full transfer, an update reaches both by NOTIFY
 * signed with the notify key and IXFR, a gap of several updates takes one IXFR while the journal
 * covers it and the whole zone once it does not, transfers need a key, NOTIFY without the notify key's signature is refused, and so is a
 * transfer altered on the way. Each secondary transfers through its own {@link TransferTap}, which
 * sees the form of NSD's transfers on the wire and alters transfers when asked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NsdAndPowerDnsIT {
  private static final Duration START = Duration.ofSeconds(30);
  /** Propagation is well under a second here; the deadline allows for a busy machine. */
  private static final Duration PROPAGATION = Duration.ofSeconds(5);
  private static final String ZONE_NAME = Secondary.ZONE.toString(true);

  private Path dir;
  private LocalDdns ddns;
  private TransferTap tap;
  private TransferTap pdnsTap;
  private NsdSecondary nsd;
  private PowerDnsSecondary pdns;
  private DynamoDbClient dynamo;
  private DynamoZoneStore store;
  private int updates;

  @BeforeAll
  void start() throws IOException {
    dir = Files.createTempDirectory("nsd-pdns-it-");
    int nsdPort = FreePorts.tcpAndUdp();
    int pdnsPort = FreePorts.tcpAndUdp();
    ddns = LocalDdns.start(dir, List.of(), List.of("--notify", String.join(",",
        target(nsdPort), target(pdnsPort))));
    dynamo = DynamoClients.create(Optional.of(ddns.dynamoDbEndpoint()), Optional.empty());
    store = new DynamoZoneStore(dynamo, LocalConfig.DEFAULT_TABLE, Clock.systemUTC());
    // The zone names its transfer keys, as docs/secondaries.md advises: NSD's, and the notify
    // key, which PowerDNS transfers with.
    changeSettings(s -> s.withTransferKeys(List.of(ddns.localKey().name(),
        ddns.notifyKey().name())));
    tap = TransferTap.start(ddns.dnsPort());
    pdnsTap = TransferTap.start(ddns.dnsPort());
    nsd = new NsdSecondary(folder("nsd"), nsdPort, tap, ddns.localKey(), ddns.notifyKey());
    pdns = new PowerDnsSecondary(folder("pdns"), pdnsPort, pdnsTap.port(),
        ddns.notifyKey());
    nsd.start(START);
    pdns.start(START);
  }

  @AfterAll
  void stop() {
    Closing.all(nsd, pdns, tap, pdnsTap, dynamo, ddns);
  }

  private Path folder(String name) throws IOException {
    return Files.createDirectories(dir.resolve(name));
  }

  private static String target(int port) {
    return "127.0.0.1:" + port;
  }

  private ZoneSettings settings() {
    return store.open(Secondary.ZONE).orElseThrow().head().settings();
  }

  private void changeSettings(Function<ZoneSettings, ZoneSettings> change) {
    store.updateSettings(Secondary.ZONE, change.apply(settings()));
  }

  /** Adds {@code hostN.example.test. A 192.0.2.N} through the relay with nsupdate. */
  private Name update() {
    updates++;
    String host = "host" + updates + "." + DemoZone.NAME;
    Exec.run(Nsupdate.command(Nsupdate.Auth.k(ddns.localKey()), DnsWire.Transport.UDP),
        "server 127.0.0.1 " + ddns.dnsPort() + "\nzone " + DemoZone.NAME + "\nupdate add " + host
            + " 300 A 192.0.2." + updates % 250 + "\nsend\n").assertSuccess();
    return Name.fromConstantString(host);
  }

  private void awaitAnswer(Name name) {
    nsd.awaitAnswer(name, PROPAGATION, this::diagnostics);
    pdns.awaitAnswer(name, PROPAGATION, this::diagnostics);
  }

  private String diagnostics() {
    return tap + "\n" + ddns.diagnostics();
  }

  private static void awaitLog(String what, Predicate<String> wanted, Supplier<String> log) {
    long deadline = System.nanoTime() + PROPAGATION.toNanos();
    while (System.nanoTime() < deadline) {
      if (wanted.test(log.get())) {
        return;
      }
      ToolProcess.pause(50);
    }
    throw new AssertionError(what + ":\n" + log.get());
  }

  private long ixfrAnswers(TransferTap.Form form) {
    return tap.exchanges().stream().filter(e -> e.tcp() && e.type() == Type.IXFR
        && e.form() == form).count();
  }

  @Test
  @Order(1)
  void theFirstLoadIsTheWholeZone() {
    assertTrue(tap.exchanges().stream().anyMatch(e -> e.tcp() && e.type() == Type.AXFR
        && e.form() == TransferTap.Form.FULL), tap.toString());
    assertTrue(pdns.log().contains("AXFR-in zone: '" + ZONE_NAME + "', primary: '"
        + InfraSecondaries.PRIMARY + "', zone committed with serial"), pdns.diagnostics());
    assertFalse(nsd.usedIncrementalTransfer(), tap.toString());
    assertFalse(pdns.usedIncrementalTransfer(), pdns.diagnostics());
  }

  @Test
  @Order(2)
  void updatesReachBothByNotifyAndIxfr() {
    for (int i = 0; i < 2; i++) {
      awaitAnswer(update());
    }
    awaitLog("NSD accepted the NOTIFY", l -> l.contains("notify for " + ZONE_NAME
        + ". from 127.0.0.1 serial"), nsd::log);
    awaitLog("PowerDNS accepted the NOTIFY signed with the notify key", l -> l.contains(
        "Received secure NOTIFY for " + ZONE_NAME + " from 127.0.0.1, with TSIG key '"
            + InfraSecondaries.keyId(ddns.notifyKey()) + "'"), pdns::log);
    awaitLog("NSD used IXFR", l -> nsd.usedIncrementalTransfer(), tap::toString);
    awaitLog("PowerDNS used IXFR", l -> pdns.usedIncrementalTransfer(), pdns::diagnostics);
    assertTrue(nsd.log().contains("TSIG verified with key "
        + InfraSecondaries.keyId(ddns.localKey())), nsd.diagnostics());
    String out = ddns.output();
    for (Secondary secondary : List.of(nsd, pdns)) {
      assertTrue(out.contains("to " + target(secondary.port()) + ": answered NOERROR"), out);
    }
  }

  /**
   * With NOTIFY held back for three updates, the fourth's NOTIFY brings all four in one IXFR:
   * the journal covers the gap, so the relay answers with four difference sequences.
   */
  @Test
  @Order(3)
  void aGapTheJournalCoversIsOneIxfr() {
    ZoneSettings settings = settings();
    long incrementalBefore = ixfrAnswers(TransferTap.Form.INCREMENTAL);
    List<Name> names = new ArrayList<>();
    try {
      store.updateSettings(Secondary.ZONE, settings.withNotifyTargets(List.of()));
      for (int i = 0; i < 3; i++) {
        names.add(update());
      }
    } finally {
      store.updateSettings(Secondary.ZONE, settings().withNotifyTargets(settings.notifyTargets()));
    }
    names.add(update());
    for (Name name : names) {
      awaitAnswer(name);
    }
    assertEquals(incrementalBefore + 1, ixfrAnswers(TransferTap.Form.INCREMENTAL),
        tap.toString());
    awaitLog("PowerDNS applied four differences in one IXFR", l -> l.contains("IXFR-in zone: '"
        + ZONE_NAME + "', primary: '" + InfraSecondaries.PRIMARY + "', got 4 deltas"),
        pdns::diagnostics);
  }

  /**
   * With NOTIFY held back and a journal retention of one second, an update's journal entry has
   * expired before the secondaries hear of the next one: their IXFR from the serial they have
   * gets the whole zone (RFC 1995 §4), which both apply.
   */
  @Test
  @Order(4)
  void aGapTheJournalNoLongerCoversIsFilledWithTheWholeZone() {
    ZoneSettings settings = settings();
    long fullBefore = ixfrAnswers(TransferTap.Form.FULL);
    Name missed;
    try {
      store.updateSettings(Secondary.ZONE, settings.withNotifyTargets(List.of())
          .withJournalRetention(Duration.ofSeconds(1)));
      missed = update();
      ToolProcess.pause(2_500);
    } finally {
      store.updateSettings(Secondary.ZONE, settings().withNotifyTargets(settings.notifyTargets())
          .withJournalRetention(settings.journalRetention()));
    }
    Name next = update();
    awaitAnswer(next);
    awaitAnswer(missed);
    assertEquals(fullBefore + 1, ixfrAnswers(TransferTap.Form.FULL), tap.toString());
    awaitLog("PowerDNS got the whole zone for its IXFR", l -> pdns.turnedIxfrIntoAxfr(),
        pdns::diagnostics);
  }

  /**
   * The relay's answer to an AXFR of the zone over TCP, signed with {@code key} when there is
   * one: its rcode, with the TSIG error after a slash when there is one.
   */
  private String axfr(Optional<TestKey> key) throws IOException {
    Message query = Message.newQuery(Record.newRecord(Secondary.ZONE, Type.AXFR, DClass.IN));
    key.ifPresent(k -> query.setTSIG(k.tsig(), Rcode.NOERROR, null));
    byte[] answer = DnsWire.tcp(ddns.dnsPort(), query.toWire(Message.MAXLENGTH))
        .orElseThrow(() -> new AssertionError("no answer to AXFR\n" + ddns.diagnostics()));
    Message reply = new Message(answer);
    TSIGRecord tsig = reply.getTSIG();
    return Rcode.string(reply.getRcode()) + (tsig == null || tsig.getError() == Rcode.NOERROR
        ? "" : "/" + Rcode.TSIGstring(tsig.getError()));
  }

  /**
   * The attack: transfers without a key, or with the notify key's name and another secret; the
   * relay refuses both, while each secondary's own key transfers, and NSD logs that it verified
   * the answer's TSIG with its key (every transfer it made).
   */
  @Test
  @Order(5)
  void transfersNeedTheKey() throws IOException {
    String otherSecret = Base64.getEncoder().encodeToString(new byte[32]);
    assertEquals("REFUSED", axfr(Optional.empty()));
    assertEquals("NOTAUTH/BADSIG", axfr(Optional.of(ddns.notifyKey().withSecret(otherSecret))));
    assertEquals("NOERROR", axfr(Optional.of(ddns.localKey())), "NSD's transfer key");
    assertEquals("NOERROR", axfr(Optional.of(ddns.notifyKey())), "PowerDNS's transfer key");
    List<String> nsdTransfers = nsd.log().lines().filter(l -> l.contains(nsd.transferMarker()))
        .toList();
    assertTrue(nsdTransfers.size() >= 4, nsd.diagnostics());
    assertTrue(nsdTransfers.stream().allMatch(l -> l.contains("TSIG verified with key "
        + InfraSecondaries.keyId(ddns.localKey()))), nsd.diagnostics());
  }

  /** A NOTIFY that a secondary must not act on, and what NSD and PowerDNS answer it. */
  private record Forgery(String why, Optional<TsigKey> key, String nsd, String pdns) {}

  /**
   * The attack: NOTIFY from an address that is not the relay's (as every NOTIFY from Lambda is)
   * without the notify key's signature. NSD and PowerDNS answer it (REFUSED or NOTAUTH) and
   * transfer nothing, though the zone has changed; the same NOTIFY signed with the notify key
   * makes both transfer at once. ddns local's own NOTIFY is held back meanwhile.
   */
  @Test
  @Order(6)
  void notifyWithoutTheNotifyKeysSignatureIsRefused() throws IOException {
    TsigKey notifyKey = tsigKey(ddns.notifyKey());
    TsigKey transferKey = tsigKey(ddns.localKey());
    pdns.importKey(ddns.localKey());
    String otherSecret = Base64.getEncoder().encodeToString(new byte[32]);
    List<Forgery> forgeries = List.of(
        new Forgery("unsigned", Optional.empty(), "REFUSED", "REFUSED"),
        new Forgery("signed with the transfer key, which both servers know",
            Optional.of(transferKey), "REFUSED", "REFUSED"),
        new Forgery("signed with the notify key's name and another secret", Optional.of(
            TsigKey.of(notifyKey.name().toString(), "hmac-sha256", otherSecret)),
            "NOTAUTH/BADSIG", "NOTAUTH"),
        new Forgery("signed with a key neither server knows", Optional.of(TsigKey.of(
            "stranger." + DemoZone.NAME, "hmac-sha256", otherSecret)), "NOTAUTH/BADKEY",
            "NOTAUTH"));
    ZoneSettings settings = settings();
    store.updateSettings(Secondary.ZONE, settings.withNotifyTargets(List.of()));
    try {
      long before = nsd.awaitAnySerial(PROPAGATION);
      assertEquals(before, pdns.awaitAnySerial(PROPAGATION));
      int nsdTransfers = nsd.transfers();
      int pdnsTransfers = pdns.transfers();
      Name name = update();
      SOARecord soa = store.open(Secondary.ZONE).orElseThrow().node(Secondary.ZONE)
          .flatMap(n -> n.rrset(Type.SOA)).map(set -> (SOARecord) set.records().get(0))
          .orElseThrow();
      assertTrue(soa.getSerial() > before, "the zone changed");

      for (Forgery forgery : forgeries) {
        assertEquals(forgery.nsd(), nsd.notify(soa, forgery.key()), "NSD, " + forgery.why());
        assertEquals(forgery.pdns(), pdns.notify(soa, forgery.key()), "PowerDNS, "
            + forgery.why());
      }
      awaitLog("PowerDNS refused the NOTIFY with the transfer key", l -> l.contains("expected "
          + "TSIG key '" + InfraSecondaries.keyId(ddns.notifyKey()) + "', got '"
          + InfraSecondaries.keyId(ddns.localKey()) + "' (Refused)"), pdns::log);
      awaitLog("NSD logged the bad signature", l -> l.contains("bad tsig signature for key "
          + notifyKey.name()), nsd::log);
      ToolProcess.pause(2_000);
      assertEquals(before, nsd.servedSerial(), nsd.diagnostics());
      assertEquals(before, pdns.servedSerial(), pdns.diagnostics());
      assertEquals(nsdTransfers, nsd.transfers(), nsd.diagnostics());
      assertEquals(pdnsTransfers, pdns.transfers(), pdns.diagnostics());

      assertEquals("NOERROR", nsd.notify(soa, Optional.of(notifyKey)), "NSD, the notify key");
      assertEquals("NOERROR", pdns.notify(soa, Optional.of(notifyKey)),
          "PowerDNS, the notify key");
      awaitAnswer(name);
    } finally {
      store.updateSettings(Secondary.ZONE, settings().withNotifyTargets(settings.notifyTargets()));
    }
  }

  private static TsigKey tsigKey(TestKey key) {
    return TsigKey.of(key.name(), key.algorithm(), key.secret());
  }

  /**
   * The attack: someone on the path between the relay and the secondaries changes a record of
   * every transfer (the first TTL), leaving the relay's TSIG as it was. NSD and PowerDNS check the
   * answer's TSIG and keep the serial they had; the next transfer, as the relay signed it, brings
   * both changes.
   */
  @Test
  @Order(7)
  void aTransferAlteredOnTheWayIsRefused() {
    long before = nsd.awaitAnySerial(PROPAGATION);
    assertEquals(before, pdns.awaitAnySerial(PROPAGATION));
    int nsdTransfers = nsd.transfers();
    int pdnsTransfers = pdns.transfers();
    Name altered;
    tap.tamperWithTransfers(true);
    pdnsTap.tamperWithTransfers(true);
    try {
      altered = update();
      awaitLog("NSD refused the altered transfer", l -> l.contains("xfrd: zone " + ZONE_NAME
          + ", from " + InfraSecondaries.PRIMARY + "@" + tap.port() + ": bad tsig signature"),
          nsd::log);
      awaitLog("PowerDNS refused the altered transfer", l -> l.contains(
          "Error while validating TSIG signature on AXFR response"), pdns::log);
      assertEquals(before, nsd.servedSerial(), nsd.diagnostics());
      assertEquals(before, pdns.servedSerial(), pdns.diagnostics());
      assertEquals(nsdTransfers, nsd.transfers(), nsd.diagnostics());
      assertEquals(pdnsTransfers, pdns.transfers(), pdns.diagnostics());
    } finally {
      tap.tamperWithTransfers(false);
      pdnsTap.tamperWithTransfers(false);
    }
    Name next = update();
    awaitAnswer(next);
    awaitAnswer(altered);
  }
}
