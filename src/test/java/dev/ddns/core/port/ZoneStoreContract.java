package dev.ddns.core.port;

import static dev.ddns.testing.TestZone.rr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.model.ChangeSet;
import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.RecordSet;
import dev.ddns.core.model.ReplayRecord;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneCommit;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.model.ZoneSettings;
import dev.ddns.testing.TestZone;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * What every {@link ZoneStore} does, whatever holds the data: each store runs these through a
 * subclass. The in-memory store is the reference.
 */
public abstract class ZoneStoreContract {
  static final Name ZONE = TestZone.ZONE;
  static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  /** A new, empty store. */
  protected abstract ZoneStore newStore();

  ZoneStore store;

  @BeforeEach
  void load() {
    store = newStore();
    TestZone.load(store, TestZone.DEFAULT, SerialPolicy.INCREMENT);
  }

  @Test
  void createTwiceFails() {
    assertThrows(IllegalStateException.class,
        () -> TestZone.load(store, TestZone.DEFAULT, SerialPolicy.INCREMENT));
    assertEquals(List.of(ZONE), store.zones());
  }

  @Test
  void findZoneExactChildNoneAndNested() {
    Name sub = name("sub.example.test.");
    store.create(new ZoneHead(sub, 0, 1, SerialPolicy.INCREMENT),
        List.of(Node.of(sub, List.of(rr("sub.example.test. 60 TXT \"sub\"")))));
    assertEquals(Optional.of(ZONE), store.findZone(ZONE));
    assertEquals(Optional.of(ZONE), store.findZone(name("a.b.www.example.test.")));
    assertEquals(ZONE, store.findZone(name("x.EXAMPLE.test.")).orElseThrow());
    assertEquals(Optional.of(sub), store.findZone(name("x.sub.example.test.")));
    assertEquals(Optional.empty(), store.findZone(name("other.test.")));
    assertEquals(Optional.empty(), store.findZone(Name.root));
    assertEquals(List.of(ZONE, sub), store.zones());
  }

  @Test
  void commitThenConflictOnStaleVersion() {
    assertEquals(CommitResult.COMMITTED, store.commit(addTxt(0, "one", T0)));
    assertEquals(CommitResult.CONFLICT, store.commit(addTxt(0, "two", T0)));
    ZoneReader reader = store.open(ZONE).orElseThrow();
    assertEquals(1, reader.head().version());
    assertEquals(2, reader.head().serial());
    assertEquals(Node.of(name("n.example.test."), List.of(rr("n 60 TXT \"one\""))),
        reader.node(name("n.example.test.")).orElseThrow());
    assertEquals(apex(2), reader.node(ZONE).orElseThrow());
  }

  /** A group: each update's journal entry, the last state of its nodes, the last head. */
  @Test
  void aGroupStoresEveryJournalEntryTheLastNodesAndTheLastHead() {
    ZoneCommit one = serialOnly(addTxt(0, "one", T0));
    ZoneCommit two = serialOnly(addTxt(1, "two", T0));
    ZoneCommit three = serialOnly(nodesAt(2, node("other 60 A 192.0.2.7")));
    assertEquals(CommitResult.COMMITTED, store.commitGroup(List.of(one, two, three)));
    ZoneReader open = store.open(ZONE).orElseThrow();
    assertEquals(3, open.head().version());
    assertEquals(three.head().serial(), open.head().serial());
    assertEquals(apex(three.head().serial()), open.node(ZONE).orElseThrow(), "apex");
    assertEquals(node("n 60 TXT \"two\""), open.node(name("n.example.test.")).orElseThrow());
    assertEquals(node("other 60 A 192.0.2.7"),
        open.node(name("other.example.test.")).orElseThrow());
    assertEquals(List.of(1L, 2L, 3L), versions(store.journal(ZONE, 0, 10)));
    assertEquals(List.of(2L, 3L), versions(store.journal(ZONE, 1, 10)), "from inside the group");
    assertEquals(List.of(1L, 2L), versions(store.journal(ZONE, 0, 2)), "a limit inside it");
    assertEquals(List.of("key.", "key.", "key."),
        store.journal(ZONE, 0, 10).stream().map(JournalEntry::keyName).toList());
  }

  @Test
  void aGroupOnAStaleVersionConflictsAndStoresNothing() {
    assertEquals(CommitResult.COMMITTED, store.commit(addTxt(0, "zero", T0)));
    ReplayRecord replay = replay("test-key.", new byte[] {4, 4}, T0);
    assertEquals(CommitResult.CONFLICT, store.commitGroup(List.of(addTxt(0, "one", T0),
        addTxt(1, "two", T0).withReplay(replay))));
    assertEquals(List.of(1L), versions(store.journal(ZONE, 0, 10)));
    assertEquals(node("n 60 TXT \"zero\""), store.open(ZONE).orElseThrow()
        .node(name("n.example.test.")).orElseThrow());
    assertTrue(store.findReplay(replay.key(), replay.mac()).isEmpty(), "no replay record");
  }

  /** One update of a group answered before (RFC 2136 §7.8): none of the group is applied. */
  @Test
  void aGroupWithARequestAnsweredBeforeIsReplayedAndStoresNothing() {
    ReplayRecord answered = replay("test-key.", new byte[] {5, 5}, T0);
    ReplayRecord fresh = replay("test-key.", new byte[] {6, 6}, T0);
    assertTrue(store.recordAnswer(answered, T0).isEmpty());
    assertEquals(CommitResult.REPLAYED, store.commitGroup(List.of(
        addTxt(0, "one", T0).withReplay(fresh), addTxt(1, "two", T0).withReplay(answered))));
    assertEquals(0, store.open(ZONE).orElseThrow().head().version());
    assertTrue(store.journal(ZONE, 0, 10).isEmpty());
    assertTrue(store.findReplay(fresh.key(), fresh.mac()).isEmpty(), "the other's record");
  }

  @Test
  void aCommitThatMovedOnlyTheApexSerialIsReadWithTheHeadsSerial() {
    assertEquals(CommitResult.COMMITTED, store.commit(serialOnly(addTxt(0, "one", T0))));
    assertEquals(CommitResult.COMMITTED, store.commit(serialOnly(addTxt(1, "two", T0))));
    ZoneReader open = store.open(ZONE).orElseThrow();
    assertEquals(3, open.head().serial());
    assertEquals(apex(3), open.node(ZONE).orElseThrow(), "node");
    assertEquals(apex(3), open.nodes().findFirst().orElseThrow(), "nodes");
    assertEquals(apex(3), open.nodesFrom(ZONE, 1).get(0), "nodesFrom");
    PinnedReader pinned = store.readForUpdate(ZONE, Set.of()).orElseThrow();
    assertEquals(apex(3), pinned.node(ZONE).orElseThrow(), "readForUpdate");
    assertEquals(apex(3), pinned.nodes().findFirst().orElseThrow(), "readForUpdate nodes");
  }

  /**
   * A reader opened before a commit that changed the SOA beyond its serial serves a SOA that
   * existed: the old one with the old serial, or the new one with the new serial, never the new
   * timers with the serial of the head it opened at.
   */
  @Test
  void anApexChangedAfterAReaderOpenedIsServedAsAStateThatExisted() {
    assertEquals(CommitResult.COMMITTED, store.commit(serialOnly(addTxt(0, "one", T0))));
    ZoneReader open = store.open(ZONE).orElseThrow();
    Node retimed = apex(3).with(RecordSet.of(rr("@ 3600 SOA ns1.example.test. "
        + "hostmaster.example.test. 3 7200 900 604800 300")));
    assertEquals(CommitResult.COMMITTED, store.commit(new ZoneCommit(
        new ZoneHead(ZONE, 2, 3, SerialPolicy.INCREMENT), 1, List.of(retimed),
        new ChangeSet(2, 3, List.of(soa(2)), List.of(retimed.rrset(Type.SOA).orElseThrow()
            .records().get(0))), "key.", "c", T0)));
    Node served = open.node(ZONE).orElseThrow();
    assertTrue(served.equals(apex(2)) || served.equals(retimed), "served " + served);
  }

  @Test
  void lastAdditionTimesOfRRsetsSurviveCommitAndEveryRead() {
    Node stamped = node("n 60 TXT \"one\"").withLastAdded(Type.TXT, T0);
    assertEquals(CommitResult.COMMITTED, store.commit(nodesCommit(stamped)));
    Name n = name("n.example.test.");
    ZoneReader open = store.open(ZONE).orElseThrow();
    assertEquals(Optional.of(T0), open.node(n).orElseThrow().lastAdded(Type.TXT));
    assertEquals(stamped, open.nodesBelow(ZONE, 100).stream()
        .filter(x -> x.name().equals(n)).findFirst().orElseThrow());
    assertEquals(stamped, open.nodes().filter(x -> x.name().equals(n)).findFirst().orElseThrow());
    assertEquals(stamped, store.readForUpdate(ZONE, Set.of(n)).orElseThrow().node(n)
        .orElseThrow());
    assertEquals(Optional.empty(), open.node(ZONE).orElseThrow().lastAdded(Type.SOA));
  }

  @Test
  void readForUpdateSeesNamesAndApex() {
    ZoneReader reader = store.readForUpdate(ZONE, Set.of(name("www.example.test."),
        name("nothing.example.test."))).orElseThrow();
    assertEquals(0, reader.head().version());
    assertEquals(2, reader.node(name("WWW.example.test.")).orElseThrow().recordCount());
    assertTrue(reader.node(name("nothing.example.test.")).isEmpty());
    assertTrue(reader.node(ZONE).orElseThrow().has(Type.SOA));
    assertTrue(reader.node(name("txt.example.test.")).isPresent(), "a later read");
    assertTrue(store.readForUpdate(name("other.test."), Set.of()).isEmpty());
  }

  @Test
  void laterReadsAfterACommitAreConcurrentChanges() {
    ZoneReader reader = store.readForUpdate(ZONE, Set.of()).orElseThrow();
    assertEquals(CommitResult.COMMITTED, store.commit(addTxt(0, "one", T0)));
    assertThrows(ConcurrentChange.class, () -> reader.node(name("www.example.test.")));
    assertThrows(ConcurrentChange.class, () -> reader.nodesBelow(ZONE, 10));
  }

  @Test
  void noZoneAfterDelete() {
    assertTrue(store.delete(ZONE));
    assertFalse(store.delete(ZONE));
    assertEquals(CommitResult.NO_ZONE, store.commit(addTxt(0, "one", T0)));
    assertTrue(store.open(ZONE).isEmpty());
    assertTrue(store.findZone(ZONE).isEmpty());
    assertEquals(List.of(), store.zones());
  }

  @Test
  void notifyOutcomesAreKeptPerTargetBesideTheZoneAndGoWithIt() {
    long version = store.open(ZONE).orElseThrow().head().version();
    NotifyOutcome silent = new NotifyOutcome("192.0.2.1:53", 1, T0,
        NotifyDelivery.Outcome.SILENT, -1);
    NotifyOutcome answered = new NotifyOutcome("[2001:db8::1]:5300", 1, T0,
        NotifyDelivery.Outcome.ANSWERED, 0);
    store.recordNotifyOutcomes(ZONE, List.of(silent, answered));
    NotifyOutcome later = new NotifyOutcome("192.0.2.1:53", 2, T0.plusSeconds(5),
        NotifyDelivery.Outcome.ANSWERED, 4);
    store.recordNotifyOutcomes(ZONE, List.of(later));

    assertEquals(List.of(later, answered), store.notifyOutcomes(ZONE), "one per target, by target");
    assertEquals(version, store.open(ZONE).orElseThrow().head().version(), "not a zone change");
    assertEquals(List.of(), store.journal(ZONE, 0, 10));
    assertTrue(store.delete(ZONE));
    store.recordNotifyOutcomes(ZONE, List.of(silent));
    assertEquals(List.of(), store.notifyOutcomes(ZONE), "nothing kept for a zone that is gone");
  }

  @Test
  void journalInOrderWithSerialsRecordsKeyAndClient() {
    store.commit(addTxt(0, "one", T0));
    store.commit(addTxt(1, "two", T0.plusSeconds(1)));
    List<JournalEntry> journal = store.journal(ZONE, 0, 10);
    assertEquals(List.of(1L, 2L), journal.stream().map(JournalEntry::version).toList());
    JournalEntry second = journal.get(1);
    assertEquals(2, second.changes().fromSerial());
    assertEquals(3, second.changes().toSerial());
    assertEquals(List.of(soa(2)), second.changes().removed());
    assertEquals(List.of(soa(3), rr("n 60 TXT \"two\"")), second.changes().added());
    assertEquals(60, second.changes().added().get(1).getTTL());
    assertEquals("key.", second.keyName());
    assertEquals("192.0.2.99", second.client());
    assertEquals(T0.plusSeconds(1), second.time());
    assertEquals(List.of(2L), versions(store.journal(ZONE, 1, 10)));
    assertEquals(List.of(1L), versions(store.journal(ZONE, 0, 1)));
  }

  @Test
  void journalEntriesExpireAfterRetention() {
    ZoneSettings hour = ZoneSettings.of(SerialPolicy.INCREMENT)
        .withJournalRetention(Duration.ofHours(1));
    assertTrue(store.updateSettings(ZONE, hour));
    Instant now = Instant.now();
    store.commit(commit(1, hour, "old", now.minus(Duration.ofHours(3))));
    store.commit(commit(2, hour, "new", now));
    assertEquals(List.of(3L), versions(store.journal(ZONE, 0, 10)));
  }

  @Test
  void updateSettingsBumpsVersionAndKeepsTheRecordCount() {
    ZoneSettings settings = new ZoneSettings(SerialPolicy.UNIXTIME, List.of("192.0.2.53:5300"),
        Duration.ofDays(2), List.of("grant acme. name _acme-challenge.example.test. TXT"),
        List.of("transfer-key."), "notify-key.", 5_000, "m1.zones.catalog.invalid.", 300);
    assertTrue(store.updateSettings(ZONE, settings));
    ZoneHead head = store.open(ZONE).orElseThrow().head();
    assertEquals(1, head.version());
    assertEquals(1, head.serial());
    assertEquals(settings, head.settings());
    assertEquals(OptionalLong.of(DEFAULT_RECORDS), head.records());
    assertTrue(store.updateSettings(ZONE, settings.withMaxRecords(ZoneSettings.UNLIMITED)));
    assertEquals(ZoneSettings.UNLIMITED,
        store.open(ZONE).orElseThrow().head().settings().maxRecords());
    assertEquals(CommitResult.CONFLICT, store.commit(addTxt(0, "stale", T0)));
    assertFalse(store.updateSettings(name("other.test."), settings));
  }

  @Test
  void createStoresTheRecordCountOfItsNodes() {
    assertEquals(OptionalLong.of(DEFAULT_RECORDS), store.open(ZONE).orElseThrow().head().records(),
        "counted from the nodes: the head it was given carried no count");
    Name sub = name("sub.example.test.");
    store.create(new ZoneHead(sub, 0, 1, SerialPolicy.INCREMENT).withRecords(123),
        List.of(Node.of(sub, List.of(rr("sub.example.test. 60 TXT \"a\""),
            rr("sub.example.test. 60 TXT \"b\""))), Node.empty(name("x.sub.example.test."))));
    assertEquals(OptionalLong.of(2), store.open(sub).orElseThrow().head().records(),
        "the nodes' count wins over the head's, and empty nodes hold nothing");
    assertEquals(OptionalLong.of(DEFAULT_RECORDS),
        store.readForUpdate(ZONE, Set.of()).orElseThrow().head().records());
  }

  @Test
  void commitStoresTheCountOnlyWhenItWins() {
    assertEquals(CommitResult.COMMITTED, store.commit(counted(addTxt(0, "one", T0), 10)));
    assertEquals(OptionalLong.of(10), store.open(ZONE).orElseThrow().head().records());
    assertEquals(CommitResult.CONFLICT, store.commit(counted(addTxt(0, "two", T0), 99)));
    ReplayRecord replay = replay("test-key.", new byte[] {4, 4}, T0);
    assertEquals(CommitResult.COMMITTED,
        store.commit(counted(addTxt(1, "three", T0), 10).withReplay(replay)));
    assertEquals(CommitResult.REPLAYED,
        store.commit(counted(addTxt(2, "four", T0), 77).withReplay(replay)));
    ZoneHead head = store.open(ZONE).orElseThrow().head();
    assertEquals(2, head.version());
    assertEquals(OptionalLong.of(10), head.records(), "a conflict or replay writes no count");
    assertEquals(CommitResult.COMMITTED, store.commit(addTxt(2, "five", T0)));
    assertEquals(OptionalLong.empty(), store.open(ZONE).orElseThrow().head().records(),
        "a head committed without a count leaves it unknown");
  }

  @Test
  void recountCountsAtOneVersionAndMovesTheVersionOn() {
    assertEquals(CommitResult.COMMITTED, store.commit(addTxt(0, "one", T0)));
    assertEquals(OptionalLong.empty(), store.open(ZONE).orElseThrow().head().records());
    assertEquals(OptionalLong.of(DEFAULT_RECORDS + 1), store.recount(ZONE));
    ZoneHead head = store.open(ZONE).orElseThrow().head();
    assertEquals(2, head.version());
    assertEquals(2, head.serial());
    assertEquals(OptionalLong.of(DEFAULT_RECORDS + 1), head.records());
    assertEquals(CommitResult.CONFLICT, store.commit(counted(addTxt(1, "stale", T0), 1)),
        "an update evaluated before the recount cannot write its count over it");
    assertEquals(1, store.journal(ZONE, 0, 10).size(), "a recount writes no journal entry");
    assertEquals(OptionalLong.empty(), store.recount(name("other.test.")));
  }

  @Test
  void nodesBelowInOrderWithLimit() {
    ZoneReader reader = store.open(ZONE).orElseThrow();
    assertEquals(List.of("alias", "ns1", "ns2", "txt", "www"), relative(reader.nodesBelow(ZONE, 10)));
    assertEquals(List.of("alias", "ns1"), relative(reader.nodesBelow(ZONE, 2)));
    assertEquals(List.of(), reader.nodesBelow(name("www.example.test."), 10));
    store.commit(nodesCommit(node("b.www 60 TXT \"x\""), node("a.b.www 60 TXT \"x\""),
        node("www-a 60 TXT \"x\"")));
    ZoneReader after = store.open(ZONE).orElseThrow();
    assertEquals(List.of("b.www", "a.b.www"),
        relative(after.nodesBelow(name("www.example.test."), 10)));
    assertTrue(after.hasDescendants(name("b.www.example.test.")));
    assertFalse(after.hasDescendants(name("a.b.www.example.test.")));
  }

  @Test
  void nodesInCanonicalOrderApexFirst() {
    store.commit(nodesCommit(node("Z.a 60 TXT \"x\""), node("b 60 TXT \"x\""),
        node("a 60 TXT \"x\""), node("www-a 60 TXT \"x\""), node("x.www 60 TXT \"x\"")));
    List<Name> names = store.open(ZONE).orElseThrow().nodes().map(Node::name).toList();
    List<Name> sorted = new ArrayList<>(names);
    sorted.sort(null);
    assertEquals(sorted, names);
    assertEquals(ZONE, names.get(0));
    assertTrue(names.stream().anyMatch(n -> n.toString().equals("Z.a.example.test.")),
        "owner case is preserved: " + names);
  }

  @Test
  void deleteRemovesEverything() {
    store.commit(addTxt(0, "one", T0));
    assertTrue(store.delete(ZONE));
    TestZone.load(store, List.of(TestZone.DEFAULT.get(0), TestZone.DEFAULT.get(1)),
        SerialPolicy.INCREMENT);
    assertEquals(List.of(), store.journal(ZONE, 0, 10));
    assertEquals(List.of(ZONE), store.open(ZONE).orElseThrow().nodes().map(Node::name).toList(),
        "a re-created zone holds nothing of the deleted one");
  }

  @Test
  void replayRecordIsWrittenWithTheCommitAndFoundByKeyAndMac() {
    ReplayRecord replay = replay("test-key.", new byte[] {1, 2, 3, 4}, T0);
    assertEquals(Optional.empty(), store.findReplay(replay.key(), replay.mac()));
    assertEquals(CommitResult.COMMITTED, store.commit(addTxt(0, "one", T0).withReplay(replay)));
    assertEquals(Optional.of(replay), store.findReplay(name("TEST-KEY."), new byte[] {1, 2, 3, 4}),
        "key names ignore case");
    assertEquals(Optional.empty(), store.findReplay(replay.key(), new byte[] {1, 2, 3, 5}));
    assertEquals(Optional.empty(), store.findReplay(name("other-key."), replay.mac()));
  }

  @Test
  void readForASignedUpdateCarriesTheReplayRecordOfItsKeyAndMac() {
    ReplayRecord replay = replay("test-key.", new byte[] {5, 6, 7}, T0);
    Name n = name("n.example.test.");
    UpdateRead before = store.readForUpdate(ZONE, Set.of(n), replay).orElseThrow();
    assertEquals(Optional.empty(), before.replayed());
    assertEquals(0, before.zone().head().version());
    assertEquals(Optional.empty(), before.zone().node(n));
    assertEquals(CommitResult.COMMITTED, store.commit(addTxt(0, "one", T0).withReplay(replay)));
    UpdateRead after = store.readForUpdate(ZONE, Set.of(n), replay).orElseThrow();
    assertEquals(Optional.of(replay), after.replayed());
    assertEquals(1, after.zone().head().version(), "the zone is read in the same call");
    assertTrue(after.zone().node(n).isPresent());
    assertEquals(Optional.empty(), store.readForUpdate(ZONE, Set.of(n),
        replay("test-key.", new byte[] {5, 6, 8}, T0)).orElseThrow().replayed());
    assertTrue(store.readForUpdate(name("other.test."), Set.of(), replay).isEmpty(),
        "no zone, no view");
  }

  @Test
  void secondCommitWithTheSameReplayRecordIsReplayedAndAppliesNothing() {
    ReplayRecord replay = replay("test-key.", new byte[] {9, 9, 9}, T0);
    assertEquals(CommitResult.COMMITTED, store.commit(addTxt(0, "one", T0).withReplay(replay)));
    assertEquals(CommitResult.REPLAYED, store.commit(addTxt(1, "two", T0).withReplay(replay)),
        "the head matches, the replay record does not: RFC 2136 §7.8, applied once");
    assertEquals(CommitResult.REPLAYED, store.commit(addTxt(0, "two", T0).withReplay(replay)),
        "replayed wins over a version conflict");
    ZoneReader reader = store.open(ZONE).orElseThrow();
    assertEquals(1, reader.head().version());
    assertEquals(1, store.journal(ZONE, 0, 10).size());
    assertEquals(Node.of(name("n.example.test."), List.of(rr("n 60 TXT \"one\""))),
        reader.node(name("n.example.test.")).orElseThrow());
  }

  @Test
  void anAnswerIsRecordedOnceAndTheFirstWins() {
    ReplayRecord failed = replay("test-key.", new byte[] {3, 1, 4}, T0)
        .answered(Rcode.YXDOMAIN, "new.example.test. is in use");
    assertEquals(Optional.empty(), store.recordAnswer(failed, T0));
    assertEquals(Optional.of(failed), store.findReplay(failed.key(), failed.mac()),
        "the rcode and the reason, as answered");
    assertEquals(Optional.of(failed), store.recordAnswer(failed.answered(Rcode.NOERROR, ""), T0),
        "a later copy finds the first answer and stores nothing");
    assertEquals(Optional.of(failed), store.findReplay(failed.key(), failed.mac()));
    assertEquals(CommitResult.REPLAYED, store.commit(addTxt(0, "one", T0)
        .withReplay(failed.answered(Rcode.NOERROR, ""))), "nor does it commit");
    assertEquals(0, store.open(ZONE).orElseThrow().head().version());
  }

  @Test
  void anAnswerRecordedAfterACommitFindsTheCommitsRecord() {
    ReplayRecord replay = replay("test-key.", new byte[] {2, 7, 1}, T0);
    assertEquals(CommitResult.COMMITTED, store.commit(addTxt(0, "one", T0).withReplay(replay)));
    assertEquals(Optional.of(replay),
        store.recordAnswer(replay.answered(Rcode.YXDOMAIN, "in use"), T0));
  }

  @Test
  void aConflictingCommitLeavesNoReplayRecord() {
    assertEquals(CommitResult.COMMITTED, store.commit(addTxt(0, "one", T0)));
    ReplayRecord replay = replay("test-key.", new byte[] {7, 7}, T0);
    assertEquals(CommitResult.CONFLICT, store.commit(addTxt(0, "two", T0).withReplay(replay)));
    assertEquals(Optional.empty(), store.findReplay(replay.key(), replay.mac()));
    assertEquals(CommitResult.COMMITTED, store.commit(addTxt(1, "two", T0).withReplay(replay)));
  }

  // The expiry index: what the sweep reads (docs/policy.md, "What a sweep reads")

  static final List<String> EXPIRING = List.of("expire 1h subdomain _acme-challenge.example.test. TXT");

  /** One case of the expiry index: the nodes the first commit writes, the bound, the answer. */
  record StampCase(String why, List<Node> nodes, Instant until, List<String> expected) {}

  static final List<StampCase> STAMP_CASES = List.of(
      new StampCase("unstamped nodes are never candidates",
          List.of(node("a 60 TXT \"x\""), node("b 60 A 192.0.2.7")), T0.plusSeconds(86_400),
          List.of()),
      new StampCase("stamped at or before the bound, earliest first",
          List.of(stamped("c 60 TXT \"x\"", T0.plusSeconds(2)), stamped("a 60 TXT \"x\"", T0),
              stamped("b 60 TXT \"x\"", T0.plusSeconds(1)),
              stamped("d 60 TXT \"x\"", T0.plusSeconds(10)), node("e 60 TXT \"x\"")),
          T0.plusSeconds(2), List.of("a", "b", "c")),
      new StampCase("a node counts by its earliest stamped RRset",
          List.of(node("x 60 TXT \"x\"").with(RecordSet.of(rr("x 60 A 192.0.2.8")))
              .withLastAdded(Type.TXT, T0.plusSeconds(5)).withLastAdded(Type.A, T0)),
          T0, List.of("x")),
      new StampCase("nothing stamped yet at the bound",
          List.of(stamped("a 60 TXT \"x\"", T0.plusSeconds(60))), T0.plusSeconds(59), List.of()));

  @Test
  void expiryCandidatesAreTheStampedNodesAtOrBeforeTheBound() {
    for (StampCase c : STAMP_CASES) {
      ZoneStore fresh = newStore();
      TestZone.load(fresh, TestZone.DEFAULT, SerialPolicy.INCREMENT);
      assertEquals(CommitResult.COMMITTED, fresh.commit(nodesCommit(c.nodes().toArray(Node[]::new))));
      List<ExpiryCandidate> found = fresh.expiryCandidates(ZONE, c.until(), Optional.empty(), 100);
      assertEquals(c.expected(), candidateNames(found), c.why());
      for (ExpiryCandidate candidate : found) {
        Node node = c.nodes().stream().filter(n -> n.name().equals(candidate.name())).findFirst()
            .orElseThrow();
        assertEquals(node.lastAdded(), candidate.lastAdded(), c.why() + ": every stamp of the node");
      }
    }
  }

  @Test
  void aRefreshedStampMovesTheNodeInTheIndex() {
    Node first = stamped("_acme-challenge 60 TXT \"one\"", T0);
    store.commit(nodesCommit(first));
    Instant later = T0.plusSeconds(3600);
    Node refreshed = first.with(first.rrset(Type.TXT).orElseThrow()
        .with(rr("_acme-challenge 60 TXT \"two\""), 60)).withLastAdded(Type.TXT, later);
    assertEquals(CommitResult.COMMITTED, store.commit(nodesAt(1, refreshed)));
    assertEquals(List.of(), candidateNames(store.expiryCandidates(ZONE, later.minusMillis(1),
        Optional.empty(), 10)), "the old stamp is gone from the index");
    assertEquals(List.of(new ExpiryCandidate(first.name(), Map.of(Type.TXT, later))),
        store.expiryCandidates(ZONE, later, Optional.empty(), 10));
  }

  @Test
  void aNodeLeavesTheIndexWhenDeletedOrWhenItsLastStampedRRsetGoes() {
    Node gone = stamped("gone 60 TXT \"x\"", T0);
    Node kept = stamped("kept 60 TXT \"x\"", T0).with(RecordSet.of(rr("kept 60 A 192.0.2.9")));
    store.commit(nodesCommit(gone, kept));
    assertEquals(List.of("gone", "kept"),
        sorted(candidateNames(store.expiryCandidates(ZONE, T0, Optional.empty(), 10))));
    assertEquals(CommitResult.COMMITTED,
        store.commit(nodesAt(1, Node.empty(gone.name()), kept.without(Type.TXT))));
    assertEquals(List.of(), store.expiryCandidates(ZONE, T0.plusSeconds(86_400), Optional.empty(),
        10));
    assertTrue(store.open(ZONE).orElseThrow().node(kept.name()).isPresent(), "its A stays");
  }

  @Test
  void candidatesPagePastTheLimitEachOnce() {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      nodes.add(stamped("n" + i + " 60 TXT \"x\"", T0.plusSeconds(i % 3)));
    }
    store.commit(nodesCommit(nodes.toArray(Node[]::new)));
    List<ExpiryCandidate> all = new ArrayList<>();
    List<Integer> pages = new ArrayList<>();
    Optional<ExpiryCandidate> after = Optional.empty();
    while (true) {
      List<ExpiryCandidate> page = store.expiryCandidates(ZONE, T0.plusSeconds(2), after, 3);
      pages.add(page.size());
      all.addAll(page);
      if (page.size() < 3) {
        break;
      }
      after = Optional.of(page.get(page.size() - 1));
    }
    assertEquals(List.of(3, 3, 1), pages);
    assertEquals(List.of("n0", "n1", "n2", "n3", "n4", "n5", "n6"), sorted(candidateNames(all)),
        "every candidate once");
    List<Instant> stamps = all.stream().map(ExpiryCandidate::earliest).toList();
    List<Instant> ordered = new ArrayList<>(stamps);
    ordered.sort(null);
    assertEquals(ordered, stamps, "in order of the earliest stamp across pages");
  }

  @Test
  void eachZoneHasItsOwnCandidatesAndTheExpiringZonesAreListed() {
    Name other = name("other.test.");
    Node otherStamped = Node.of(name("_acme-challenge.other.test."),
        List.of(rr("_acme-challenge.other.test. 60 TXT \"o\""))).withLastAdded(Type.TXT, T0);
    store.create(new ZoneHead(other, 0, 1, SerialPolicy.INCREMENT), List.of(
        Node.of(other, List.of(rr("other.test. 3600 SOA ns1.other.test. h.other.test. 1 3600 900 "
            + "604800 300"))), otherStamped));
    store.commit(nodesCommit(stamped("_acme-challenge 60 TXT \"z\"", T0)));
    assertEquals(List.of("_acme-challenge.example.test."),
        names(store.expiryCandidates(ZONE, T0, Optional.empty(), 10)));
    assertEquals(List.of("_acme-challenge.other.test."),
        names(store.expiryCandidates(other, T0, Optional.empty(), 10)), "created with its stamp");
    assertEquals(List.of(), store.expiryCandidates(name("none.test."), T0, Optional.empty(), 10));

    assertEquals(List.of(), store.expiringZones(), "no zone has expire rules yet");
    ZoneSettings expiring = store.open(ZONE).orElseThrow().head().settings()
        .withUpdatePolicy(EXPIRING);
    assertTrue(store.updateSettings(ZONE, expiring));
    assertTrue(store.updateSettings(other, ZoneSettings.of(SerialPolicy.INCREMENT)
        .withUpdatePolicy(List.of("grant k. zonesub ANY"))));
    assertEquals(List.of(new ExpiringZone(ZONE, EXPIRING)), store.expiringZones());
    assertEquals(List.of(ZONE, other), store.zones(), "zones() lists both, in canonical order");
    assertTrue(store.updateSettings(ZONE, expiring.withUpdatePolicy(List.of())));
    assertEquals(List.of(), store.expiringZones(), "the rules cleared, the zone leaves the list");
    assertTrue(store.delete(other));
    assertEquals(List.of(ZONE), store.zones());
  }

  static Node stamped(String line, Instant lastAdded) {
    Node n = node(line);
    return n.withLastAdded(n.rrsets().iterator().next().type(), lastAdded);
  }

  static List<String> candidateNames(List<ExpiryCandidate> candidates) {
    return candidates.stream().map(c -> c.name().relativize(ZONE).toString()).toList();
  }

  static List<String> names(List<ExpiryCandidate> candidates) {
    return candidates.stream().map(c -> c.name().toString()).toList();
  }

  static List<String> sorted(List<String> values) {
    List<String> out = new ArrayList<>(values);
    out.sort(null);
    return out;
  }

  // Helpers

  /** Records in {@link TestZone#DEFAULT}. */
  static final long DEFAULT_RECORDS = TestZone.DEFAULT.size();

  /** {@code commit} with a head that says the zone holds {@code records} records. */
  static ZoneCommit counted(ZoneCommit commit, long records) {
    return new ZoneCommit(commit.head().withRecords(records), commit.expectedVersion(),
        commit.nodes(), commit.changes(), commit.keyName(), commit.client(), commit.time());
  }

  /** {@code commit}, whose apex changed only in its serial, saying so. */
  static ZoneCommit serialOnly(ZoneCommit commit) {
    return commit.withSerialOnlyAtApex(true);
  }

  static ReplayRecord replay(String key, byte[] mac, Instant signed) {
    return new ReplayRecord(name(key), mac, Rcode.NOERROR,
        signed.truncatedTo(ChronoUnit.SECONDS).plusSeconds(300));
  }

  /** A commit at {@code version} that adds {@code n TXT text} and moves the serial on by one. */
  ZoneCommit addTxt(long version, String text, Instant time) {
    return commit(version, ZoneSettings.of(SerialPolicy.INCREMENT), text, time);
  }

  ZoneCommit commit(long version, ZoneSettings settings, String text, Instant time) {
    long serial = version + 1;
    Record txt = rr("n 60 TXT \"" + text + "\"");
    return new ZoneCommit(new ZoneHead(ZONE, version + 1, serial + 1, settings), version,
        List.of(Node.of(txt.getName(), List.of(txt)), apex(serial + 1)),
        new ChangeSet(serial, serial + 1, List.of(soa(serial)), List.of(soa(serial + 1), txt)),
        "key.", "192.0.2.99", time);
  }

  /** The first commit: adds the given nodes, serial 1 to 2. */
  static ZoneCommit nodesCommit(Node... nodes) {
    return nodesAt(0, nodes);
  }

  /** A commit at {@code version} that writes the given nodes and moves the serial on by one. */
  static ZoneCommit nodesAt(long version, Node... nodes) {
    long serial = version + 1;
    List<Node> all = new ArrayList<>(List.of(nodes));
    all.add(apex(serial + 1));
    return new ZoneCommit(new ZoneHead(ZONE, version + 1, serial + 1, SerialPolicy.INCREMENT),
        version, all, new ChangeSet(serial, serial + 1, List.of(soa(serial)),
            List.of(soa(serial + 1))), "key.", "c", T0);
  }

  static Node apex(long serial) {
    return Node.of(ZONE, List.of(soa(serial), rr("@ 3600 NS ns1.example.test."),
        rr("@ 3600 NS ns2.example.test.")));
  }

  static Record soa(long serial) {
    return rr("@ 3600 SOA ns1.example.test. hostmaster.example.test. " + serial
        + " 3600 900 604800 300");
  }

  static Node node(String line) {
    Record r = rr(line);
    return Node.of(r.getName(), List.of(r));
  }

  static List<Long> versions(List<JournalEntry> entries) {
    return entries.stream().map(JournalEntry::version).toList();
  }

  static List<String> relative(List<Node> nodes) {
    return nodes.stream().map(n -> n.name().relativize(ZONE).toString()).toList();
  }

  static Name name(String text) {
    return Name.fromConstantString(text);
  }
}
