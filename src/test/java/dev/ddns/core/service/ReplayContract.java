package dev.ddns.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.ReplayRecord;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.testing.ForwardingZoneStore;
import dev.ddns.testing.TestZone;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
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
    Message update = DnsServiceTest.update("new.example.test. 300 A 192.0.2.50");
    update.addRecord(Record.newRecord(NEW, Type.ANY, DClass.NONE), Section.PREREQ);
    return update;
  }

  @Test
  void sentTwiceAndFromAnotherClientIsAppliedOnceAndAnsweredNoerrorEachTime() throws Exception {
    Message update = captured();
    byte[] wire = DnsServiceTest.signed(update, TestZone.KEY, DnsServiceTest.CLOCK);
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
    byte[] wire = DnsServiceTest.signed(captured(), TestZone.KEY, DnsServiceTest.CLOCK);
    ZoneReader before = store.readForUpdate(TestZone.ZONE, Set.of(TestZone.ZONE, NEW))
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
    assertEquals(Rcode.NOERROR, send(DnsServiceTest.signed(captured(), TestZone.KEY,
        DnsServiceTest.CLOCK), "192.0.2.7"));
    assertEquals(Rcode.YXDOMAIN, send(DnsServiceTest.signed(captured(), TestZone.KEY,
        DnsServiceTest.CLOCK), "192.0.2.7"), "another message ID, another MAC: evaluated again");
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
    ZoneReader earlierRead;

    BlindStore(ZoneStore delegate) {
      super(delegate);
    }

    void race(ZoneReader earlier) {
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

    @Override
    public Optional<ZoneReader> readForUpdate(Name zone, Set<Name> names) {
      if (earlierRead != null) {
        ZoneReader earlier = earlierRead;
        earlierRead = null;
        return Optional.of(earlier);
      }
      return delegate.readForUpdate(zone, names);
    }
  }
}
