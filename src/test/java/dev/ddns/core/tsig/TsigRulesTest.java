package dev.ddns.core.tsig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.ProtocolLimits;
import dev.ddns.core.service.RequestContext;
import dev.ddns.core.service.ServiceLimits;
import dev.ddns.testing.SignedMessages;
import dev.ddns.testing.TestZone;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
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
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * Every RFC 8945 server rule with a crafted message, one row each, through the service entry
 * point: the response's rcode, its TSIG error, whether it is signed, and that a rejected update
 * changes nothing. Includes the CVE-2017-3142/3143 (empty MAC with an error set) and
 * CVE-2017-11104 (stale time with a bad MAC) cases.
 */
class TsigRulesTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);
  static final TsigKey KEY = TestZone.KEY;
  static final int NO_TSIG = -1;
  static final String ADDED = "192.0.2.77";

  final InMemoryZoneStore store = TestZone.store();
  final DnsService service = new DnsService(store, TestZone.keys(), CLOCK);

  /**
   * @param rule the RFC section and what it says
   * @param request the crafted request: its wire form and the TSIG record the client keeps
   * @param rcode the expected header rcode
   * @param tsigError the expected TSIG error of the response, or {@link #NO_TSIG}
   * @param signed whether the response carries a MAC
   */
  record Row(String rule, Supplier<Request> request, int rcode, int tsigError, boolean signed) {
    @Override
    public String toString() {
      return rule;
    }
  }

  record Request(byte[] wire, TSIGRecord clientTsig) {}

  static Stream<Row> rows() {
    return Stream.of(
        new Row("RFC 8945 §5.2: a valid MAC verifies and the response is signed",
            () -> signed(KEY, CLOCK), Rcode.NOERROR, Rcode.NOERROR, true),
        new Row("RFC 8945 §4.3.3.1: a header ID other than the Original ID is verified with the "
            + "Original ID", () -> withId(signed(KEY, CLOCK), 0x4242),
            Rcode.NOERROR, Rcode.NOERROR, true),
        new Row("RFC 8945 §5.2: two TSIG records are FORMERR", () -> twoTsigs(signed(KEY, CLOCK)),
            Rcode.FORMERR, NO_TSIG, false),
        new Row("RFC 8945 §5.2: a TSIG record that is not the last is FORMERR",
            () -> recordAfterTsig(signed(KEY, CLOCK)), Rcode.FORMERR, NO_TSIG, false),
        new Row("RFC 8945 §5.2: a TSIG record in the update section is FORMERR",
            TsigRulesTest::tsigInUpdateSection, Rcode.FORMERR, NO_TSIG, false),
        new Row("RFC 8945 §5.2: a signed update with another TSIG record in its update section "
            + "is FORMERR", TsigRulesTest::signedWithTsigInUpdateSection, Rcode.FORMERR, NO_TSIG,
            false),
        new Row("RFC 8945 §4.2: a TSIG record of class IN is FORMERR",
            () -> splice(signed(KEY, CLOCK), t -> copy(t, DClass.IN, 0, t.getSignature(),
                t.getError())), Rcode.FORMERR, NO_TSIG, false),
        new Row("RFC 8945 §4.2: a TSIG record with a TTL is FORMERR",
            () -> splice(signed(KEY, CLOCK), t -> copy(t, DClass.ANY, 60, t.getSignature(),
                t.getError())), Rcode.FORMERR, NO_TSIG, false),
        new Row("RFC 8945 §5.2.1: an unknown key is BADKEY, unsigned",
            () -> signed(TsigKey.of("stranger.", "hmac-sha256", KEY.base64Secret()), CLOCK),
            Rcode.NOTAUTH, Rcode.BADKEY, false),
        new Row("RFC 8945 §5.2.1: a known key with another algorithm is BADKEY, unsigned",
            () -> signed(TsigKey.of("test-key.", "hmac-sha512", KEY.base64Secret()), CLOCK),
            Rcode.NOTAUTH, Rcode.BADKEY, false),
        new Row("RFC 8945 §5.2.1: the key is checked first: unknown key, stale time, bad MAC is "
            + "BADKEY", () -> flipMac(signed(TsigKey.of("stranger.", "hmac-sha256",
                KEY.base64Secret()), stale())), Rcode.NOTAUTH, Rcode.BADKEY, false),
        new Row("RFC 8945 §5.2.2: a MAC that does not verify is BADSIG, unsigned",
            () -> flipMac(signed(KEY, CLOCK)), Rcode.NOTAUTH, Rcode.BADSIG, false),
        new Row("RFC 8945 §5.2.2: a MAC made with another secret is BADSIG, unsigned",
            () -> signed(TsigKey.of("test-key.", "hmac-sha256",
                "d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA=="), CLOCK), Rcode.NOTAUTH, Rcode.BADSIG,
            false),
        new Row("RFC 8945 §5.2.2.1: a MAC longer than the hash is FORMERR",
            () -> splice(signed(KEY, CLOCK), t -> copy(t, DClass.ANY, 0,
                Arrays.copyOf(t.getSignature(), 33), t.getError())), Rcode.FORMERR, NO_TSIG,
            false),
        new Row("RFC 8945 §5.2.2.1: a MAC shorter than half the hash is FORMERR",
            () -> truncate(signed(KEY, CLOCK), 15), Rcode.FORMERR, NO_TSIG, false),
        new Row("RFC 8945 §5.2.2.1, CVE-2017-3142/3143: an empty MAC with an error set does "
            + "not authenticate: FORMERR", () -> splice(signed(KEY, CLOCK), t -> copy(t,
                DClass.ANY, 0, new byte[0], Rcode.BADTIME)), Rcode.FORMERR, NO_TSIG, false),
        new Row("RFC 8945 §5.2.2.1, CVE-2017-3142/3143: an empty MAC claiming BADSIG is FORMERR",
            () -> splice(signed(KEY, CLOCK), t -> copy(t, DClass.ANY, 0, new byte[0],
                Rcode.BADSIG)), Rcode.FORMERR, NO_TSIG, false),
        new Row("RFC 8945 §5.2.3: a valid MAC signed too long ago is BADTIME, signed",
            () -> signed(KEY, stale()), Rcode.NOTAUTH, Rcode.BADTIME, true),
        new Row("RFC 8945 §5.2.3: a valid MAC signed too far ahead is BADTIME, signed",
            () -> signed(KEY, Clock.offset(CLOCK, Duration.ofMinutes(6))), Rcode.NOTAUTH,
            Rcode.BADTIME, true),
        new Row("issue 18 item 9: a valid MAC dated 18 h ahead with fudge 65,535 is BADTIME, "
            + "signed: the server's maximum fudge (300 s) bounds the window",
            () -> withFudge(Clock.offset(CLOCK, Duration.ofHours(18)), 65_535), Rcode.NOTAUTH,
            Rcode.BADTIME, true),
        new Row("issue 18 item 9: a valid MAC dated 10 min back with fudge 900 is BADTIME, signed",
            () -> withFudge(stale(), 900), Rcode.NOTAUTH, Rcode.BADTIME, true),
        new Row("RFC 8945 §5.2.3: a valid MAC dated 200 s ahead with fudge 65,535 verifies",
            () -> withFudge(Clock.offset(CLOCK, Duration.ofSeconds(200)), 65_535),
            Rcode.NOERROR, Rcode.NOERROR, true),
        new Row("RFC 8945 §5.2.3: the client's smaller fudge still counts: 100 s back with fudge "
            + "60 is BADTIME", () -> withFudge(Clock.offset(CLOCK, Duration.ofSeconds(-100)), 60),
            Rcode.NOTAUTH, Rcode.BADTIME, true),
        new Row("RFC 8945 §5.2.3 after §5.2.2, CVE-2017-11104: a stale time with a bad MAC is "
            + "BADSIG, unsigned, never a signed BADTIME", () -> flipMac(signed(KEY, stale())),
            Rcode.NOTAUTH, Rcode.BADSIG, false),
        new Row("RFC 8945 §5.2.4, §7: a valid MAC truncated below the full hash is BADTRUNC, "
            + "signed", () -> truncate(signed(KEY, CLOCK), 16), Rcode.NOTAUTH, Rcode.BADTRUNC,
            true),
        new Row("RFC 8945 §5.2.2 before §5.2.4: a truncated MAC that does not verify is BADSIG",
            () -> truncate(flipFirstMacByte(signed(KEY, CLOCK)), 16), Rcode.NOTAUTH,
            Rcode.BADSIG, false),
        new Row("RFC 8945 §5.3.2: an unsigned update is REFUSED and not signed",
            () -> new Request(update().toWire(), null), Rcode.REFUSED, NO_TSIG, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void rule(Row row) throws Exception {
    Request request = row.request().get();
    byte[] answer = service.handle(request.wire(), RequestContext.tcp("test")).single();
    Message response = new Message(answer);
    assertEquals(Rcode.string(row.rcode()), Rcode.string(response.getRcode()));
    TSIGRecord tsig = response.getTSIG();
    if (row.tsigError() == NO_TSIG) {
      assertNull(tsig, "no TSIG record in the response");
    } else {
      assertNotNull(tsig, "a TSIG record in the response");
      assertEquals(Rcode.TSIGstring(row.tsigError()), Rcode.TSIGstring(tsig.getError()));
      assertEquals(row.signed(), tsig.getSignature().length > 0, "MAC present");
    }
    if (row.signed()) {
      int check = KEY.signer(CLOCK).verify(response, answer, request.clientTsig());
      assertNotEquals(Rcode.BADSIG, check, "the client can verify the response's MAC");
    }
    if (row.rcode() != Rcode.NOERROR) {
      assertFalse(applied(), "nothing was applied");
      if (response.getOPT() != null) {
        ExtendedErrorCodeOption ede =
            (ExtendedErrorCodeOption) response.getOPT().getOptions().get(0);
        assertFalse(ede.getText().isBlank(), "an Extended DNS Error says why");
      }
    } else {
      assertEquals(true, applied());
    }
  }

  // Crafting

  static Message update() {
    Message m = SignedMessages.update("www.example.test. 300 A " + ADDED);
    m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    return m;
  }

  static Clock stale() {
    return Clock.offset(CLOCK, Duration.ofMinutes(-10));
  }

  static Request signed(TsigKey key, Clock clock) {
    Message m = update();
    byte[] wire = SignedMessages.signed(m, key, clock);
    return new Request(wire, m.getTSIG());
  }

  /**
   * The update signed at {@code clock}'s time with a fudge of the client's choosing (dnsjava signs
   * with 300 s only): the MAC computed over the message and the TSIG variables (RFC 8945 §4.3).
   */
  static Request withFudge(Clock clock, int fudgeSeconds) {
    Message m = update();
    byte[] unsigned = m.toWire();
    Instant signedAt = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    try {
      javax.crypto.Mac hmac = javax.crypto.Mac.getInstance("HmacSHA256");
      hmac.init(new javax.crypto.spec.SecretKeySpec(KEY.secret(), "HmacSHA256"));
      hmac.update(unsigned);
      org.xbill.DNS.DNSOutput vars = new org.xbill.DNS.DNSOutput();
      KEY.name().toWireCanonical(vars);
      vars.writeU16(DClass.ANY);
      vars.writeU32(0);
      KEY.algorithm().toWireCanonical(vars);
      long seconds = signedAt.getEpochSecond();
      vars.writeU16((int) (seconds >>> 32));
      vars.writeU32(seconds & 0xffffffffL);
      vars.writeU16(fudgeSeconds);
      vars.writeU16(Rcode.NOERROR);
      vars.writeU16(0);
      byte[] mac = hmac.doFinal(vars.toByteArray());
      TSIGRecord tsig = new TSIGRecord(KEY.name(), DClass.ANY, 0, KEY.algorithm(), signedAt,
          Duration.ofSeconds(fudgeSeconds), mac, m.getHeader().getID(), Rcode.NOERROR, null);
      return new Request(SignedMessages.withAdditional(unsigned, tsig), tsig);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Issue 18 item 9: a replay record lives as long as its MAC verifies, within the bounded window. */
  @org.junit.jupiter.api.Test
  void replayRecordsExpireWithTheBoundedWindow() throws Exception {
    Request request = withFudge(CLOCK, 65_535);
    Message response = new Message(service.handle(request.wire(), RequestContext.tcp("test"))
        .single());
    assertEquals(Rcode.NOERROR, response.getRcode());
    Instant expiry = store.findReplay(KEY.name(), request.clientTsig().getSignature())
        .orElseThrow().expiresAt();
    assertEquals(CLOCK.instant().plus(TsigVerifier.DEFAULT_MAX_FUDGE), expiry);
  }

  /** The server's maximum fudge is its own setting. */
  @org.junit.jupiter.api.Test
  void theMaximumFudgeIsConfigurable() throws Exception {
    DnsService lenient = new DnsService(store, TestZone.keys(), CLOCK,
        java.util.random.RandomGenerator.of("L64X128MixRandom"), ServiceLimits.NONE,
        ProtocolLimits.DEFAULT.withMaxFudge(Duration.ofHours(1)));
    Message response = new Message(lenient.handle(withFudge(stale(), 900).wire(),
        RequestContext.tcp("test")).single());
    assertEquals(Rcode.NOERROR, response.getRcode());
  }

  static Request withId(Request request, int id) {
    byte[] wire = request.wire().clone();
    wire[0] = (byte) (id >>> 8);
    wire[1] = (byte) id;
    return new Request(wire, request.clientTsig());
  }

  /** The request with its TSIG record replaced by {@code change} of it; the rest byte for byte. */
  static Request splice(Request request, UnaryOperator<TSIGRecord> change) {
    byte[] wire = request.wire();
    TSIGRecord old = parse(wire).getTSIG();
    int start = wire.length - old.toWire(Section.ADDITIONAL).length;
    TSIGRecord replaced = change.apply(old);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(wire, 0, start);
    out.writeBytes(replaced.toWire(Section.ADDITIONAL));
    return new Request(out.toByteArray(), replaced);
  }

  static TSIGRecord copy(TSIGRecord t, int dclass, long ttl, byte[] mac, int error) {
    return new TSIGRecord(t.getName(), dclass, ttl, t.getAlgorithm(), t.getTimeSigned(),
        t.getFudge(), mac, t.getOriginalID(), error, t.getOther());
  }

  static Request flipMac(Request request) {
    return splice(request, t -> {
      byte[] mac = t.getSignature();
      mac[mac.length - 1] ^= 1;
      return copy(t, DClass.ANY, 0, mac, t.getError());
    });
  }

  static Request flipFirstMacByte(Request request) {
    return splice(request, t -> {
      byte[] mac = t.getSignature();
      mac[0] ^= 1;
      return copy(t, DClass.ANY, 0, mac, t.getError());
    });
  }

  static Request truncate(Request request, int length) {
    return splice(request, t -> copy(t, DClass.ANY, 0, Arrays.copyOf(t.getSignature(), length),
        t.getError()));
  }

  /** A second TSIG record after the first, ARCOUNT raised by one. */
  static Request twoTsigs(Request request) {
    TSIGRecord tsig = parse(request.wire()).getTSIG();
    return append(request, tsig);
  }

  static Request recordAfterTsig(Request request) {
    return append(request, Record.newRecord(Name.root, Type.TXT, DClass.IN));
  }

  private static Request append(Request request, Record extra) {
    return new Request(SignedMessages.withAdditional(request.wire(), extra), request.clientTsig());
  }

  static Request tsigInUpdateSection() {
    Request signed = signed(KEY, CLOCK);
    Message m = update();
    m.addRecord(parse(signed.wire()).getTSIG(), Section.UPDATE);
    return new Request(m.toWire(), null);
  }

  static Request signedWithTsigInUpdateSection() {
    Message m = update();
    m.addRecord(parse(signed(KEY, CLOCK).wire()).getTSIG(), Section.UPDATE);
    byte[] wire = SignedMessages.signed(m, KEY, CLOCK);
    return new Request(wire, m.getTSIG());
  }

  static Message parse(byte[] wire) {
    try {
      return new Message(wire);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean applied() {
    return store.open(TestZone.ZONE).orElseThrow().node(Name.fromConstantString(
            "www.example.test.")).flatMap(n -> n.rrset(Type.A))
        .map(set -> set.records().stream().anyMatch(r -> r.rdataToString().equals(ADDED)))
        .orElse(false);
  }
}
