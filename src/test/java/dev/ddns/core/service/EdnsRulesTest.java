package dev.ddns.core.service;

import static dev.ddns.core.service.DnsServiceTest.CLOCK;
import static dev.ddns.core.service.DnsServiceTest.name;
import static dev.ddns.testing.SignedMessages.update;
import static dev.ddns.testing.SignedMessages.withAdditional;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.testing.TestZone;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * RFC 6891's rules for the OPT pseudo-record of a request (issue 18 items 5 and 6), each for a
 * query and for a signed UPDATE, which must change nothing.
 */
class EdnsRulesTest {
  private final InMemoryZoneStore store = TestZone.store();
  private final DnsService service = new DnsService(store, TestZone.keys(), CLOCK);

  record Case(String rule, Consumer<Message> opt, int rcode) {
    @Override
    public String toString() {
      return rule;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("RFC 6891 §6.1.3 EDNS version 0 is answered", m -> m.addRecord(
            new OPTRecord(1232, 0, 0), Section.ADDITIONAL), Rcode.NOERROR),
        new Case("RFC 6891 §6.1.3 EDNS version 1 is BADVERS", m -> m.addRecord(
            new OPTRecord(1232, 0, 1), Section.ADDITIONAL), Rcode.BADVERS),
        new Case("RFC 6891 §6.1.3 EDNS version 255 is BADVERS", m -> m.addRecord(
            new OPTRecord(1232, 0, 255), Section.ADDITIONAL), Rcode.BADVERS),
        new Case("RFC 6891 §6.1.1 two OPT records are FORMERR", m -> {
          m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
          m.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        }, Rcode.FORMERR),
        new Case("RFC 6891 §6.1.1 two OPT records are FORMERR before the version is looked at",
            m -> {
              m.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);
              m.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);
            }, Rcode.FORMERR),
        new Case("RFC 6891 §6.1.2 an OPT owned by another name than the root is FORMERR",
            m -> m.addRecord(Record.newRecord(name("x.example.test."), Type.OPT, 1232, 0,
                new byte[0]), Section.ADDITIONAL), Rcode.FORMERR));
  }

  @ParameterizedTest(name = "query: {0}")
  @MethodSource("cases")
  void queries(Case c) throws Exception {
    Message query = Message.newQuery(Record.newRecord(name("www.example.test."), Type.A,
        DClass.IN));
    c.opt().accept(query);
    Message response = answer(query.toWire());
    assertEquals(Rcode.string(c.rcode()), Rcode.string(response.getRcode()));
    assertEquals(query.getHeader().getID(), response.getHeader().getID());
    OPTRecord opt = response.getOPT();
    assertNotNull(opt, "the answer carries an OPT");
    assertEquals(0, opt.getVersion(), "RFC 6891 §6.1.3: the version we implement, 0");
    assertEquals(1, response.getSection(Section.ADDITIONAL).stream()
        .filter(r -> r.getType() == Type.OPT).count(), "one OPT in the answer");
  }

  @ParameterizedTest(name = "signed update: {0}")
  @MethodSource("cases")
  void signedUpdates(Case c) throws Exception {
    Message update = update("edns.example.test. 300 A 192.0.2.55");
    c.opt().accept(update);
    Message response = answer(signedAsIs(update));
    assertEquals(Rcode.string(c.rcode()), Rcode.string(response.getRcode()));
    boolean applied = store.open(TestZone.ZONE).orElseThrow().node(name("edns.example.test."))
        .isPresent();
    assertEquals(c.rcode() == Rcode.NOERROR, applied, "applied only when answered NOERROR");
    if (c.rcode() == Rcode.NOERROR) {
      assertNotNull(response.getTSIG());
    } else {
      assertNull(response.getTSIG(), "refused before TSIG was verified, so unsigned");
      assertTrue(response.getOPT() != null);
    }
  }

  /**
   * The message signed over exactly its records: dnsjava's own signing writes one OPT only, so the
   * MAC is computed here over the wire form as it stands, and the TSIG appended.
   */
  private static byte[] signedAsIs(Message m) {
    byte[] unsigned = m.toWire();
    TSIGRecord tsig = TestZone.KEY.signer(CLOCK).generate(m, unsigned, Rcode.NOERROR, null);
    return withAdditional(unsigned, tsig);
  }

  private Message answer(byte[] wire) throws Exception {
    return new Message(service.handle(wire, RequestContext.udp("test")).single());
  }
}
