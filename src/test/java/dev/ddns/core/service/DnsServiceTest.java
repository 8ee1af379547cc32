package dev.ddns.core.service;

import static dev.ddns.testing.SignedMessages.signed;
import static dev.ddns.testing.SignedMessages.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.testing.TestZone;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

/** The service entry point: message checks, TSIG rules (RFC 8945) and responses, as tables. */
class DnsServiceTest {
  static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  final InMemoryZoneStore store = TestZone.store();
  final DnsService service = new DnsService(store, TestZone.keys(), CLOCK);

  record Case(String rule, Function<Message, Message> tweak, int rcode) {
    @Override
    public String toString() {
      return rule;
    }
  }

  static Stream<Case> updateCases() {
    return Stream.of(
        new Case("RFC 2136 §3.8 a valid signed update succeeds", m -> m, Rcode.NOERROR),
        new Case("RFC 2136 §3.1.1 zone section with two RRs is FORMERR", m -> {
          m.addRecord(Record.newRecord(TestZone.ZONE, Type.SOA, DClass.IN), Section.ZONE);
          return m;
        }, Rcode.FORMERR),
        new Case("RFC 2136 §3.1.1 zone section of type A is FORMERR", m -> {
          m.removeAllRecords(Section.ZONE);
          m.addRecord(Record.newRecord(TestZone.ZONE, Type.A, DClass.IN), Section.ZONE);
          return m;
        }, Rcode.FORMERR),
        new Case("RFC 2136 §3.1.2 a zone not served is NOTAUTH", m -> {
          m.removeAllRecords(Section.ZONE);
          m.addRecord(Record.newRecord(name("other.test."), Type.SOA, DClass.IN), Section.ZONE);
          return m;
        }, Rcode.NOTAUTH),
        new Case("RFC 2136 §3.1.2 a name below a served zone is NOTAUTH", m -> {
          m.removeAllRecords(Section.ZONE);
          m.addRecord(Record.newRecord(name("sub.example.test."), Type.SOA, DClass.IN),
              Section.ZONE);
          return m;
        }, Rcode.NOTAUTH),
        new Case("RFC 2136 §2.4.1: a prerequisite of class ANY with rdata is FORMERR, even "
            + "before the zone is looked up", m -> {
          m.removeAllRecords(Section.ZONE);
          m.addRecord(Record.newRecord(name("other.test."), Type.SOA, DClass.IN), Section.ZONE);
          m.addRecord(Record.newRecord(name("www.example.test."), Type.A, DClass.ANY, 0,
              new byte[] {1, 2, 3, 4}), Section.PREREQ);
          return m;
        }, Rcode.FORMERR),
        new Case("RFC 2136 §3.1.2: a zone not served is NOTAUTH before the prescan sees a record "
            + "of class CH", m -> {
          m.removeAllRecords(Section.ZONE);
          m.addRecord(Record.newRecord(name("other.test."), Type.SOA, DClass.IN), Section.ZONE);
          m.addRecord(Record.newRecord(name("www.example.test."), Type.TXT, DClass.CH, 300,
              new byte[] {5, 'c', 'h', 'a', 'o', 's'}), Section.UPDATE);
          return m;
        }, Rcode.NOTAUTH));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("updateCases")
  void updates(Case c) throws Exception {
    Message update = c.tweak().apply(update("www.example.test. 300 A 192.0.2.77"));
    Message response = send(signed(update, TestZone.KEY, CLOCK), Transport.UDP);
    assertEquals(Rcode.string(c.rcode()), Rcode.string(response.getRcode()));
    assertTrue(response.getHeader().getFlag(Flags.QR));
    assertEquals(Opcode.UPDATE, response.getHeader().getOpcode());
    assertEquals(update.getHeader().getID(), response.getHeader().getID());
    assertVerifies(response, update);
    assertEquals(c.rcode() == Rcode.NOERROR, hasRecord("www.example.test.", "192.0.2.77"));
  }

  @Test
  void unsignedUpdateIsRefusedWithReason() throws Exception {
    Message update = update("www.example.test. 300 A 192.0.2.77");
    update.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    Message response = send(update.toWire(), Transport.UDP);
    assertEquals(Rcode.REFUSED, response.getRcode());
    assertNull(response.getTSIG());
    ExtendedErrorCodeOption ede = (ExtendedErrorCodeOption) response.getOPT().getOptions().get(0);
    assertEquals(ExtendedErrorCodeOption.PROHIBITED, ede.getErrorCode());
    assertTrue(ede.getText().contains("TSIG"), ede.getText());
    assertFalse(hasRecord("www.example.test.", "192.0.2.77"));
  }

  @ParameterizedTest(name = "RFC 8945 §6: update signed with {0}")
  @ValueSource(strings = {"hmac-md5", "hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384",
      "hmac-sha512"})
  void everyAlgorithmSignsAndVerifies(String algorithm) throws Exception {
    TsigKey key = TsigKey.of("alg-" + algorithm, algorithm, "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=");
    DnsService withKey = new DnsService(store,
        new dev.ddns.adapter.secrets.StaticKeyStore(List.of(key)), CLOCK);
    Message update = update(algorithm + ".example.test. 300 TXT \"" + algorithm + "\"");
    Message response = new Message(withKey.handle(signed(update, key, CLOCK),
        RequestContext.tcp("test")).single());
    assertEquals(Rcode.NOERROR, response.getRcode());
    assertEquals(Rcode.NOERROR, key.signer(CLOCK).verify(response, response.toWire(),
        update.getTSIG()));
  }

  @Test
  void keyNamesCompareCaseInsensitively() throws Exception {
    TsigKey upper = new TsigKey(name("TEST-KEY."), TestZone.KEY.algorithm(),
        TestZone.KEY.secret());
    Message response = send(signed(update("www.example.test. 300 A 192.0.2.77"), upper, CLOCK),
        Transport.UDP);
    assertEquals(Rcode.NOERROR, response.getRcode());
  }

  @Test
  void unknownKeyIsBadkeyUnsigned() throws Exception {
    TsigKey stranger = TsigKey.of("stranger.", "hmac-sha256", TestZone.KEY.base64Secret());
    Message response = send(signed(update("www.example.test. 300 A 192.0.2.77"), stranger, CLOCK),
        Transport.UDP);
    assertTsigError(response, Rcode.BADKEY, false);
  }

  @Test
  void wrongSecretIsBadsigUnsigned() throws Exception {
    TsigKey forged = TsigKey.of("test-key.", "hmac-sha256", "d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA==");
    Message response = send(signed(update("www.example.test. 300 A 192.0.2.77"), forged, CLOCK),
        Transport.UDP);
    assertTsigError(response, Rcode.BADSIG, false);
  }

  @Test
  void wrongAlgorithmIsBadkey() throws Exception {
    TsigKey other = TsigKey.of("test-key.", "hmac-sha512", TestZone.KEY.base64Secret());
    Message response = send(signed(update("www.example.test. 300 A 192.0.2.77"), other, CLOCK),
        Transport.UDP);
    assertTsigError(response, Rcode.BADKEY, false);
  }

  @Test
  void skewedClockIsBadtimeSignedWithServerTime() throws Exception {
    Clock skewed = Clock.offset(CLOCK, Duration.ofMinutes(-10));
    Message update = update("www.example.test. 300 A 192.0.2.77");
    Message response = send(signed(update, TestZone.KEY, skewed), Transport.UDP);
    assertTsigError(response, Rcode.BADTIME, true);
    assertEquals(Rcode.BADTIME, TestZone.KEY.signer(CLOCK).verify(response, response.toWire(),
        update.getTSIG()), "signed, and its own time is the request's: BADTIME for the client");
    byte[] other = response.getTSIG().getOther();
    long serverTime = ((long) (other[0] & 0xff) << 40) | ((long) (other[1] & 0xff) << 32)
        | ((long) (other[2] & 0xff) << 24) | ((other[3] & 0xff) << 16) | ((other[4] & 0xff) << 8)
        | (other[5] & 0xff);
    assertEquals(NOW.getEpochSecond(), serverTime);
  }

  @ParameterizedTest(name = "opcode {0} is NOTIMP")
  @ValueSource(ints = {Opcode.IQUERY, Opcode.STATUS, Opcode.NOTIFY, 3, 6, 15})
  void unsupportedOpcodes(int opcode) throws Exception {
    Message m = Message.newQuery(Record.newRecord(TestZone.ZONE, Type.SOA, DClass.IN));
    m.getHeader().setOpcode(opcode);
    Message response = send(m.toWire(), Transport.UDP);
    assertEquals(Rcode.NOTIMP, response.getRcode());
    assertEquals(opcode, response.getHeader().getOpcode());
  }

  /**
   * A CH update whose A record has the two-byte rdata of a CHAOS address: read as class IN it
   * would be malformed (FORMERR); the zone's class is looked at first, from the wire.
   */
  @Test
  void anUpdateOfAnotherClassIsNotimpWithoutDecodingItsRecords() throws Exception {
    Message update = new Message();
    update.getHeader().setOpcode(Opcode.UPDATE);
    update.getHeader().setID(0x4321);
    update.addRecord(Record.newRecord(TestZone.ZONE, Type.SOA, DClass.CH), Section.ZONE);
    update.addRecord(Record.newRecord(name("www.example.test."), Type.A, DClass.CH, 300,
        new byte[] {1, 2, 3, 4}), Section.UPDATE);
    byte[] wire = update.toWire();
    byte[] chaosRdata = Arrays.copyOf(wire, wire.length - 2);
    chaosRdata[chaosRdata.length - 3] = 2;
    assertThrows(WireParseException.class, () -> new Message(chaosRdata));
    long version = store.open(TestZone.ZONE).orElseThrow().head().version();

    Message response = send(chaosRdata, Transport.UDP);

    assertEquals(Rcode.NOTIMP, response.getRcode());
    assertEquals(0x4321, response.getHeader().getID());
    assertEquals(version, store.open(TestZone.ZONE).orElseThrow().head().version());
  }

  /** As BIND and Knot: the class is refused before the message is decoded, so never signed. */
  @Test
  void aSignedUpdateOfZoneClassChIsNotimpUnsigned() throws Exception {
    Message update = new Message();
    update.getHeader().setOpcode(Opcode.UPDATE);
    update.addRecord(Record.newRecord(TestZone.ZONE, Type.SOA, DClass.CH), Section.ZONE);
    update.addRecord(Record.newRecord(name("www.example.test."), Type.TXT, DClass.CH, 300,
        new byte[] {5, 'c', 'h', 'a', 'o', 's'}), Section.UPDATE);

    Message response = send(signed(update, TestZone.KEY, CLOCK), Transport.UDP);

    assertEquals(Rcode.NOTIMP, response.getRcode());
    assertNull(response.getTSIG());
  }

  @Test
  void garbageAfterTheHeaderIsFormerrWithTheId() throws Exception {
    byte[] garbage = {0x12, 0x34, 0x28, 0, 0, 1, 0, 0, 0, 1, 0, 0, 7, 'x', 'x'};
    Message response = send(garbage, Transport.UDP);
    assertEquals(Rcode.FORMERR, response.getRcode());
    assertEquals(0x1234, response.getHeader().getID());
    assertEquals(Opcode.UPDATE, response.getHeader().getOpcode());
  }

  @Test
  void lessThanAHeaderGetsNoAnswer() {
    assertTrue(service.handle(new byte[] {1, 2, 3}, RequestContext.udp("t")).isEmpty());
  }

  @Test
  void responsesAreNotAnswered() {
    Message m = Message.newQuery(Record.newRecord(TestZone.ZONE, Type.SOA, DClass.IN));
    m.getHeader().setFlag(Flags.QR);
    assertTrue(service.handle(m.toWire(), RequestContext.udp("t")).isEmpty());
  }

  @Test
  void udpAnswersThatDoNotFitAreTruncatedAndStillSigned() throws Exception {
    for (int i = 0; i < 40; i++) {
      Message add = update("big.example.test. 300 TXT \"" + "x".repeat(200) + i + "\"");
      assertEquals(Rcode.NOERROR, send(signed(add, TestZone.KEY, CLOCK), Transport.TCP).getRcode());
    }
    Message query = Message.newQuery(Record.newRecord(name("big.example.test."), Type.TXT,
        DClass.IN));
    byte[] wire = signed(query, TestZone.KEY, CLOCK);
    byte[] answer = service.handle(wire, RequestContext.udp("t")).single();
    assertTrue(answer.length <= 512, "fits 512: " + answer.length);
    Message response = new Message(answer);
    assertTrue(response.getHeader().getFlag(Flags.TC));
    assertEquals(Rcode.NOERROR, TestZone.KEY.signer(CLOCK).verify(response, answer,
        query.getTSIG()));
    byte[] overTcp = service.handle(wire, RequestContext.tcp("t")).single();
    assertEquals(40, new Message(overTcp).getSection(Section.ANSWER).size());
  }

  // helpers

  static Name name(String s) {
    return Name.fromConstantString(s);
  }

  Message send(byte[] wire, Transport transport) throws Exception {
    RequestContext ctx = new RequestContext(transport, RequestContext.MAX_MESSAGE, "test");
    return new Message(service.handle(wire, ctx).single());
  }

  void assertVerifies(Message response, Message request) {
    assertNotNull(response.getTSIG(), "response is signed");
    TSIG signer = TestZone.KEY.signer(CLOCK);
    assertEquals(Rcode.NOERROR, signer.verify(response, response.toWire(), request.getTSIG()));
  }

  static void assertTsigError(Message response, int error, boolean signed) {
    assertEquals(Rcode.NOTAUTH, response.getRcode());
    TSIGRecord tsig = response.getTSIG();
    assertNotNull(tsig);
    assertEquals(Rcode.TSIGstring(error), Rcode.TSIGstring(tsig.getError()));
    assertEquals(signed, tsig.getSignature().length > 0, "MAC present");
  }

  boolean hasRecord(String owner, String address) {
    return store.open(TestZone.ZONE).orElseThrow().node(name(owner))
        .flatMap(n -> n.rrset(Type.A))
        .map(set -> set.records().stream().anyMatch(r -> r.rdataToString().equals(address)))
        .orElse(false);
  }
}
