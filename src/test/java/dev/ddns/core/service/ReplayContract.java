package dev.ddns.core.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.ReplayRecord;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.port.PinnedReader;
import dev.ddns.core.port.UpdateRead;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.testing.ForwardingZoneStore;
import dev.ddns.testing.SignedMessages;
import dev.ddns.testing.TestZone;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * RFC 2136 §7.8: a signed UPDATE that arrives again (a UDP retransmission, or the same bytes from
 * another client) is applied once and always answered with the original rcode, signed afresh.
 * Each store runs this through a subclass.
 */
public abstract class ReplayContract {
  static final Name NEW = Name.fromConstantString("new.example.test.");

  /** A new, empty store. */
  protected abstract ZoneStore newStore();

  BlindStore store;
  DnsService service;

  @BeforeEach
  void load() {
    store = new BlindStore(newStore());
    TestZone.load(store, TestZone.DEFAULT, SerialPolicy.INCREMENT);
    service = new DnsService(store, TestZone.keys(), DnsServiceTest.CLOCK);
  }

  /** "new.example.test. must not be in use; add it": evaluated again, it would be YXDOMAIN. */
  static Message captured() {
    Message update = SignedMessages.update("new.example.test. 300 A 192.0.2.50");
    update.addRecord(Record.newRecord(NEW, Type.ANY, DClass.NONE), Section.PREREQ);
    return update;
  }

  @Test
  void sentTwiceAndFromAnotherClientIsAppliedOnceAndAnsweredNoerrorEachTime() throws Exception {
    Message update = captured();
    byte[] wire = SignedMessages.signed(update, TestZone.KEY, DnsServiceTest.CLOCK);
    for (String client : List.of("192.0.2.7", "192.0.2.7", "198.51.100.9")) {
      Message response = new Message(service.handle(wire, RequestContext.udp(client)).single());
      assertEquals(Rcode.string(Rcode.NOERROR), Rcode.string(response.getRcode()), client);
      assertEquals(Rcode.NOERROR, TestZone.KEY.signer(DnsServiceTest.CLOCK)
          .verify(response, response.toWire(), update.getTSIG()), "signed for this request");
    }
    assertAppliedOnce();
  }

  @Test
  void aCopyThatRacedTheFirstIsAnsweredAsTheFirstWasAndAppliesNothing() throws Exception {
    byte[] wire = SignedMessages.signed(captured(), TestZone.KEY, DnsServiceTest.CLOCK);
    PinnedReader before = store.readForUpdate(TestZone.ZONE, Set.of(TestZone.ZONE, NEW))
        .orElseThrow();
    assertEquals(Rcode.NOERROR, send(wire, "192.0.2.7"));
    store.race(before);
    assertEquals(Rcode.NOERROR, send(wire, "198.51.100.9"),
        "looked up and read before the first committed: the commit's replay condition catches it");
    assertEquals(0, store.blindLookups);
    assertAppliedOnce();
  }

  @Test
  void aNewSignatureOfTheSameUpdateIsANewRequest() throws Exception {
    assertEquals(Rcode.NOERROR, send(SignedMessages.signed(captured(), TestZone.KEY,
        DnsServiceTest.CLOCK), "192.0.2.7"));
    assertEquals(Rcode.YXDOMAIN, send(SignedMessages.signed(captured(), TestZone.KEY,
        DnsServiceTest.CLOCK), "192.0.2.7"), "another message ID, another MAC: evaluated again");
  }

  /**
   * Issue 18 item 8, the first attack: a captured update answered YXDOMAIN (its name was in use)
   * is sent again after the name was deleted. Evaluated again it would add its record; it must be
   * answered YXDOMAIN as the first time, and change nothing.
   */
  @Test
  void aCapturedFailedUpdateReplayedAfterTheZoneChangedIsAnsweredAsBeforeAndAppliesNothing()
      throws Exception {
    assertEquals(Rcode.NOERROR, send(signed(SignedMessages.update(
        "new.example.test. 300 A 192.0.2.99")), "192.0.2.7"));
    byte[] captured = signed(captured());
    byte[] first = answer(captured, "192.0.2.7");
    assertEquals(Rcode.YXDOMAIN, new Message(first).getRcode());
    assertEquals(Rcode.NOERROR, send(signed(deleteName()), "192.0.2.7"));
    ZoneSnapshot before = ZoneSnapshot.of(store);

    byte[] replayed = answer(captured, "203.0.113.66");

    assertArrayEquals(first, replayed, "the same answer bytes as the first time");
    assertEquals(before, ZoneSnapshot.of(store), "the replay changed nothing");
    assertEquals(Optional.empty(), store.open(TestZone.ZONE).orElseThrow().node(NEW));
    assertAnswersASignedUpdate();
  }

  /**
   * Issue 18 item 8, the second attack: a captured delete that found nothing to delete (NOERROR,
   * no change) is sent again after the record was added. It must be answered as the first time
   * and leave the record in place.
   */
  @Test
  void aCapturedNoOpDeleteReplayedAfterTheRecordWasAddedLeavesTheRecord() throws Exception {
    Message delete = Message.newUpdate(TestZone.ZONE);
    delete.addRecord(Record.newRecord(NEW, Type.A, DClass.ANY), Section.UPDATE);
    byte[] captured = signed(delete);
    byte[] first = answer(captured, "192.0.2.7");
    assertEquals(Rcode.NOERROR, new Message(first).getRcode());
    assertEquals(1, store.open(TestZone.ZONE).orElseThrow().head().serial(), "a no-op");
    assertEquals(Rcode.NOERROR, send(signed(SignedMessages.update(
        "new.example.test. 300 A 192.0.2.99")), "192.0.2.7"));
    ZoneSnapshot before = ZoneSnapshot.of(store);

    byte[] replayed = answer(captured, "203.0.113.66");

    assertArrayEquals(first, replayed, "the same answer bytes as the first time");
    assertEquals(before, ZoneSnapshot.of(store), "the replay changed nothing");
    assertTrue(store.open(TestZone.ZONE).orElseThrow().node(NEW).isPresent(), "record kept");
    assertAnswersASignedUpdate();
  }

  /**
   * A copy that raced the first: read before the first one's answer was recorded, it misses the
   * record. Where the first committed and the copy fails, the copy's own record loses to the
   * first (first writer wins) and it is answered as the first was.
   */
  @Test
  void aFailingCopyOfACommittedRequestIsAnsweredAsTheFirstWas() throws Exception {
    byte[] wire = signed(captured());
    byte[] first = answer(wire, "192.0.2.7");
    assertEquals(Rcode.NOERROR, new Message(first).getRcode());
    store.blindReads = 1;
    assertArrayEquals(first, answer(wire, "198.51.100.9"), "not YXDOMAIN: answered as the first");
    assertAppliedOnce();
  }

  /** Where the first failed and the racing copy would commit, the commit's condition stops it. */
  @Test
  void aCommittingCopyOfAFailedRequestIsAnsweredAsTheFirstWas() throws Exception {
    assertEquals(Rcode.NOERROR, send(signed(SignedMessages.update(
        "new.example.test. 300 A 192.0.2.99")), "192.0.2.7"));
    byte[] wire = signed(captured());
    byte[] first = answer(wire, "192.0.2.7");
    assertEquals(Rcode.NOERROR, send(signed(deleteName()), "192.0.2.7"));
    ZoneSnapshot before = ZoneSnapshot.of(store);
    store.blindReads = 1;
    assertArrayEquals(first, answer(wire, "198.51.100.9"), "YXDOMAIN as the first time");
    assertEquals(before, ZoneSnapshot.of(store));
  }

  /**
   * An update refused for its zone section alone (RFC 2136 §3.1.1: type A, not SOA) gets that
   * answer on every copy whatever the zone holds: nothing is recorded, nothing written.
   */
  @Test
  void anAnswerTheMessageAloneDecidesIsNotRecorded() throws Exception {
    Message update = new Message();
    update.getHeader().setOpcode(Opcode.UPDATE);
    update.addRecord(Record.newRecord(TestZone.ZONE, Type.A, DClass.IN), Section.ZONE);
    byte[] wire = signed(update);
    assertEquals(Rcode.FORMERR, send(wire, "192.0.2.7"));
    assertEquals(Optional.empty(), store.findReplay(TestZone.KEY.name(),
        new Message(wire).getTSIG().getSignature()));
  }

  static Message deleteName() {
    Message delete = Message.newUpdate(TestZone.ZONE);
    delete.addRecord(Record.newRecord(NEW, Type.ANY, DClass.ANY), Section.UPDATE);
    return delete;
  }

  static byte[] signed(Message update) {
    return SignedMessages.signed(update, TestZone.KEY, DnsServiceTest.CLOCK);
  }

  byte[] answer(byte[] wire, String client) {
    return service.handle(wire, RequestContext.udp(client)).single();
  }

  /** After the attack the service still applies a fresh signed update, within 1 s. */
  void assertAnswersASignedUpdate() throws Exception {
    long start = System.nanoTime();
    assertEquals(Rcode.NOERROR, send(signed(SignedMessages.update(
        "after.example.test. 300 A 192.0.2.77")), "192.0.2.7"));
    assertTrue(System.nanoTime() - start < 1_000_000_000L, "answered within 1 s");
  }

  /** Everything a replay could change: the head, the journal and every node. */
  record ZoneSnapshot(ZoneHead head, List<JournalEntry> journal, List<Node> nodes) {
    static ZoneSnapshot of(ZoneStore store) {
      ZoneReader zone = store.open(TestZone.ZONE).orElseThrow();
      return new ZoneSnapshot(zone.head(), store.journal(TestZone.ZONE, 0, 100),
          zone.nodes().toList());
    }
  }

  int send(byte[] wire, String client) throws Exception {
    return new Message(service.handle(wire, RequestContext.udp(client)).single()).getRcode();
  }

  void assertAppliedOnce() {
    List<JournalEntry> journal = store.journal(TestZone.ZONE, 0, 10);
    assertEquals(1, journal.size(), "one journal entry");
    assertEquals(1, journal.get(0).changes().fromSerial());
    assertEquals(2, store.open(TestZone.ZONE).orElseThrow().head().serial(), "serial moved once");
    Node node = store.open(TestZone.ZONE).orElseThrow().node(NEW).orElseThrow();
    assertEquals(1, node.rrset(Type.A).orElseThrow().records().size());
  }

  /**
   * A store that can replay a race: the next replay lookup finds nothing and the next read for an
   * update is one taken earlier, as when a copy of the request was evaluated while the first was
   * still being committed.
   */
  static final class BlindStore extends ForwardingZoneStore {
    int blindLookups;
    int blindReads;
    PinnedReader earlierRead;

    BlindStore(ZoneStore delegate) {
      super(delegate);
    }

    void race(PinnedReader earlier) {
      blindLookups = 1;
      earlierRead = earlier;
    }

    @Override
    public Optional<ReplayRecord> findReplay(Name key, byte[] mac) {
      if (blindLookups > 0) {
        blindLookups--;
        return Optional.empty();
      }
      return delegate.findReplay(key, mac);
    }

    /** With {@link #blindReads} set, the next update's read misses its replay record. */
    @Override
    public Optional<UpdateRead> readForUpdate(Name zone, Set<Name> names, ReplayRecord request) {
      if (blindReads > 0) {
        blindReads--;
        return readForUpdate(zone, names).map(reader -> new UpdateRead(reader, Optional.empty()));
      }
      return super.readForUpdate(zone, names, request);
    }

    @Override
    public Optional<PinnedReader> readForUpdate(Name zone, Set<Name> names) {
      if (earlierRead != null) {
        PinnedReader earlier = earlierRead;
        earlierRead = null;
        return Optional.of(earlier);
      }
      return delegate.readForUpdate(zone, names);
    }
  }
}
