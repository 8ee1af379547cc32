package dev.ddns.core.service;

import static dev.ddns.testing.TestZone.rr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.port.ExpiryCandidate;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.testing.ForwardingZoneStore;
import dev.ddns.testing.MutableClock;
import dev.ddns.testing.SignedMessages;
import dev.ddns.testing.TestZone;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * Challenge records that clean themselves up: an {@code expire} rule stamps the RRsets it covers
 * when records are added, and the {@link ExpirySweep} removes them once due, through a journaled
 * update that moves the serial. A contract: each store runs it through a subclass.
 */
public abstract class ExpirySweepContract {
  static final TsigKey ACME = UpdatePolicyContract.ACME;
  static final TsigKey OWNER = TestZone.KEY;
  static final List<String> POLICY = List.of(
      "grant acme-example. subdomain _acme-challenge.example.test. TXT",
      "grant test-key. zonesub ANY",
      "expire 1h subdomain _acme-challenge.example.test. TXT");
  static final String CHALLENGE = "_acme-challenge 60 TXT \"token-1\"";

  /** A new, empty store on {@code clock}. */
  protected abstract ZoneStore newStore(Clock clock);

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
  ZoneStore store;
  DnsService service;
  ExpirySweep sweep;

  @BeforeEach
  void zoneWithExpiry() {
    store = newStore(clock);
    TestZone.load(store, TestZone.DEFAULT, SerialPolicy.INCREMENT);
    ZoneHead head = store.open(TestZone.ZONE).orElseThrow().head();
    store.updateSettings(TestZone.ZONE, head.settings().withUpdatePolicy(POLICY));
    service = new DnsService(store, new StaticKeyStore(List.of(OWNER, ACME)), clock);
    sweep = new ExpirySweep(store, clock);
  }

  @Test
  void anExpiredChallengeDisappearsThroughAJournaledUpdateThatBumpsTheSerial() throws Exception {
    send(ACME, CHALLENGE);
    assertEquals(2, serial());
    clock.advance(Duration.ofMinutes(59));
    assertEquals(0, sweep.sweepAll().removed(), "not due yet");
    assertTrue(holds(CHALLENGE));

    clock.advance(Duration.ofMinutes(1));
    assertEquals(1, sweep.sweepAll().removed());
    assertFalse(holds(CHALLENGE));
    assertEquals(3, serial());
    List<JournalEntry> journal = store.journal(TestZone.ZONE, 0, 10);
    JournalEntry last = journal.get(journal.size() - 1);
    assertEquals(ExpirySweep.IDENTITY, last.keyName());
    assertEquals(clock.instant(), last.time());
    assertEquals(3, last.changes().toSerial());
    assertTrue(last.changes().removed().contains(rr(CHALLENGE)));
    assertEquals(3, ((SOARecord) last.changes().added().get(0)).getSerial());
    assertEquals(0, sweep.sweepAll().removed(), "nothing left to do");
    assertEquals(3, serial());
  }

  @Test
  void recordsOutsideTheExpiryRuleNeverExpire() throws Exception {
    String otherType = "_acme-challenge 60 A 192.0.2.1";
    String otherName = "other 60 TXT \"token-1\"";
    send(OWNER, otherType, otherName);
    send(ACME, CHALLENGE);
    clock.advance(Duration.ofDays(30));
    assertEquals(1, sweep.sweepAll().removed());
    assertFalse(holds(CHALLENGE));
    assertTrue(holds(otherType), "A is not under the rule");
    assertTrue(holds(otherName), "other. is not under the rule");
    assertTrue(holds("txt 300 TXT \"hello world\""), "the zone's own TXT stays");
  }

  @Test
  void aRecordAddedLaterGivesTheRRsetAFreshExpiry() throws Exception {
    send(ACME, CHALLENGE);
    clock.advance(Duration.ofMinutes(50));
    String second = "_acme-challenge 60 TXT \"token-2\"";
    send(ACME, second);
    clock.advance(Duration.ofMinutes(10));
    assertEquals(0, sweep.sweepAll().removed(), "the RRset was added to 10 minutes ago");
    assertTrue(holds(CHALLENGE) && holds(second));

    clock.advance(Duration.ofMinutes(50));
    assertEquals(1, sweep.sweepAll().removed());
    assertFalse(holds(CHALLENGE) || holds(second));

    send(ACME, CHALLENGE);
    clock.advance(Duration.ofMinutes(59));
    assertEquals(0, sweep.sweepAll().removed(), "re-added after the sweep: a fresh hour");
    assertTrue(holds(CHALLENGE));
    clock.advance(Duration.ofMinutes(1));
    assertEquals(1, sweep.sweepAll().removed());
    assertFalse(holds(CHALLENGE));
  }

  @Test
  void recordsAddedBeforeTheRuleExistedStay() throws Exception {
    ZoneHead head = store.open(TestZone.ZONE).orElseThrow().head();
    store.updateSettings(TestZone.ZONE, head.settings().withUpdatePolicy(POLICY.subList(0, 2)));
    send(ACME, CHALLENGE);
    head = store.open(TestZone.ZONE).orElseThrow().head();
    store.updateSettings(TestZone.ZONE, head.settings().withUpdatePolicy(POLICY));
    clock.advance(Duration.ofDays(1));
    assertEquals(0, sweep.sweepAll().removed());
    assertTrue(holds(CHALLENGE));
  }

  @Test
  void eachRRsetExpiresByItsOwnRuleAndTheReportCountsWhatWasRead() throws Exception {
    ZoneHead head = store.open(TestZone.ZONE).orElseThrow().head();
    List<String> policy = new java.util.ArrayList<>(POLICY);
    policy.add("expire 1d name long.example.test. TXT");
    store.updateSettings(TestZone.ZONE, head.settings().withUpdatePolicy(policy));
    store.create(new ZoneHead(org.xbill.DNS.Name.fromConstantString("plain.test."), 0, 1,
        SerialPolicy.INCREMENT), List.of());
    String longLived = "long 60 TXT \"day\"";
    send(OWNER, longLived);
    send(ACME, CHALLENGE);
    clock.advance(Duration.ofHours(2));
    assertEquals(new ExpirySweep.Report(1, 2, 1), sweep.sweepAll(),
        "one zone has expire rules; both stamps are older than the shortest lifetime; "
            + "only the challenge is due by its rule");
    assertFalse(holds(CHALLENGE));
    assertTrue(holds(longLived), "a day to go");
    clock.advance(Duration.ofDays(1));
    assertEquals(new ExpirySweep.Report(1, 1, 1), sweep.sweepAll());
    assertFalse(holds(longLived));
  }

  @Test
  void aStaleIndexEntryDeletesNothingTheConsistentReadSaysWasRefreshed() throws Exception {
    Instant first = clock.instant();
    send(ACME, CHALLENGE);
    clock.advance(Duration.ofMinutes(50));
    String second = "_acme-challenge 60 TXT \"token-2\"";
    send(ACME, second);
    clock.advance(Duration.ofMinutes(15));
    ZoneStore lagging = new ForwardingZoneStore(store) {
      @Override
      public List<ExpiryCandidate> expiryCandidates(org.xbill.DNS.Name zone, Instant until,
          Optional<ExpiryCandidate> after, int limit) {
        return delegate.expiryCandidates(zone, clock.instant(), after, limit).stream()
            .map(c -> new ExpiryCandidate(c.name(), Map.of(org.xbill.DNS.Type.TXT, first)))
            .toList();
      }
    };
    ExpirySweep.Report report = new ExpirySweep(lagging, clock).sweepAll();
    assertEquals(new ExpirySweep.Report(1, 1, 0), report,
        "the index still shows the first stamp; the consistent read shows the second");
    assertTrue(holds(CHALLENGE) && holds(second));
  }

  void send(TsigKey key, String... lines) throws Exception {
    Message update = Message.newUpdate(TestZone.ZONE);
    for (String line : lines) {
      update.addRecord(rr(line), Section.UPDATE);
    }
    byte[] wire = SignedMessages.signed(update, key, clock);
    Message response = new Message(service.handle(wire, RequestContext.tcp("test")).single());
    assertEquals(Rcode.NOERROR, response.getRcode(), String.join("; ", lines));
  }

  boolean holds(String line) {
    Record r = rr(line);
    return UpdatePolicyContract.holds(store, r);
  }

  long serial() {
    return store.open(TestZone.ZONE).orElseThrow().head().serial();
  }
}
