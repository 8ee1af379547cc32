package dev.ddns.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.port.StoreException;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.testing.SignedMessages;
import dev.ddns.testing.TestZone;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * RFC 8914: every failed update sent with EDNS gets an Extended DNS Error whose text says why,
 * one row per way to fail, and the zone stays as it was.
 */
class ExtendedErrorsTest {

  record Row(String failure, Consumer<Message> tweak, boolean sign, boolean storeFails,
      int rcode, String text) {
    @Override
    public String toString() {
      return failure;
    }
  }

  static Stream<Row> rows() {
    Name www = Name.fromConstantString("www.example.test.");
    Name missing = Name.fromConstantString("missing.example.test.");
    return Stream.of(
        new Row("RFC 2136 §3.1.1 zone section of two RRs", m -> m.addRecord(
            Record.newRecord(TestZone.ZONE, Type.SOA, DClass.IN), Section.ZONE), true, false,
            Rcode.FORMERR, "zone section"),
        new Row("RFC 2136 §3.1.2 zone not served", m -> {
          m.removeAllRecords(Section.ZONE);
          m.addRecord(Record.newRecord(Name.fromConstantString("other.test."), Type.SOA,
              DClass.IN), Section.ZONE);
        }, true, false, Rcode.NOTAUTH, "not authoritative"),
        new Row("RFC 2136 §3.3 unsigned", m -> { }, false, false, Rcode.REFUSED, "TSIG"),
        new Row("RFC 2136 §3.4.1.3 update name outside the zone", m -> m.addRecord(
            TestZone.rr("www.other.test. 300 A 192.0.2.1"), Section.UPDATE), true, false,
            Rcode.NOTZONE, "outside zone"),
        new Row("RFC 2136 §3.4.1.3 adding a meta-type", m -> m.addRecord(
            Record.newRecord(www, Type.ANY, DClass.IN, 300, new byte[0]), Section.UPDATE), true,
            false, Rcode.FORMERR, "meta-type"),
        new Row("RFC 2136 §3.2.5 name in use", m -> m.addRecord(Record.newRecord(www, Type.ANY,
            DClass.NONE), Section.PREREQ), true, false, Rcode.YXDOMAIN, "prerequisite failed"),
        new Row("RFC 2136 §3.2.5 name not in use", m -> m.addRecord(Record.newRecord(missing,
            Type.ANY, DClass.ANY), Section.PREREQ), true, false, Rcode.NXDOMAIN,
            "prerequisite failed"),
        new Row("RFC 2136 §3.2.5 RRset exists", m -> m.addRecord(Record.newRecord(www, Type.A,
            DClass.NONE), Section.PREREQ), true, false, Rcode.YXRRSET, "prerequisite failed"),
        new Row("RFC 2136 §3.2.5 RRset missing", m -> m.addRecord(Record.newRecord(www, Type.MX,
            DClass.ANY), Section.PREREQ), true, false, Rcode.NXRRSET, "prerequisite failed"),
        new Row("the store fails", m -> { }, true, true, Rcode.SERVFAIL, "nothing was changed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void everyFailedUpdateSaysWhy(Row row) throws Exception {
    UpdateRetryTest.FlakyStore store =
        new UpdateRetryTest.FlakyStore(row.storeFails() ? 1 : 0, new StoreException("throttled"));
    DnsService service = new DnsService(store, TestZone.keys(), DnsServiceTest.CLOCK);
    Message update = SignedMessages.update("added.example.test. 300 A 192.0.2.99");
    row.tweak().accept(update);
    update.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    byte[] wire = row.sign() ? SignedMessages.signed(update, TestZone.KEY, DnsServiceTest.CLOCK)
        : update.toWire();
    Message response = new Message(service.handle(wire, RequestContext.udp("t")).single());
    assertEquals(Rcode.string(row.rcode()), Rcode.string(response.getRcode()));
    assertNotNull(response.getOPT(), "EDNS request, EDNS response");
    ExtendedErrorCodeOption ede = (ExtendedErrorCodeOption) response.getOPT().getOptions().get(0);
    assertTrue(ede.getText().contains(row.text()), ede.getText());
    assertEquals(row.sign(), response.getTSIG() != null, "signed when the request verified");
    assertUnchanged(store);
  }

  static void assertUnchanged(ZoneStore store) {
    assertTrue(store.journal(TestZone.ZONE, 0, 10).isEmpty());
    assertFalse(store.open(TestZone.ZONE).orElseThrow()
        .node(Name.fromConstantString("added.example.test.")).isPresent());
  }
}
