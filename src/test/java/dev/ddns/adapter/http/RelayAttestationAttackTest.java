package dev.ddns.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.attest.RelayAttestation;
import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.RequestContext;
import dev.ddns.core.service.Transport;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.testing.MutableClock;
import dev.ddns.testing.TestZone;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Issue 18, item 10: posting to the endpoint directly with forged relay headers. Without an
 * attestation that verifies, the endpoint records the HTTP peer, treats the request as HTTPS and
 * honours no forged UDP size; an attestation vouches for one message, for a bounded time, and only
 * under a relay key.
 */
class RelayAttestationAttackTest {
  private static final String PEER = "203.0.113.66#44000";
  private static final String FORGED_CLIENT = "192.0.2.200#5353";
  private static final TsigKey RELAY_KEY = TsigKey.of("_relay.site1.", "hmac-sha256",
      "cmVsYXktc2VjcmV0LXJlbGF5LXNlY3JldC1yZWxheS0=");
  private static final Instant NOW = Instant.parse("2026-12-02T04:00:00Z");

  private final MutableClock clock = new MutableClock(NOW);
  private final InMemoryZoneStore store = bigTxtZone();
  private final StaticKeyStore keys = new StaticKeyStore(List.of(TestZone.KEY, RELAY_KEY));
  private final DnsService service = new DnsService(store, keys, clock);
  private final AtomicReference<RequestContext> seen = new AtomicReference<>();
  private final DohCodec codec = new DohCodec((request, context) -> {
    seen.set(context);
    return service.handle(request, context);
  }, DohCodec.LAMBDA_PAGE_LIMIT, Duration.ofSeconds(4), new RelayAttestation(keys, clock));

  /** The demo zone plus 20 TXT records of 200 bytes at big.example.test.: a 4 KB answer. */
  private static InMemoryZoneStore bigTxtZone() {
    List<String> lines = new ArrayList<>(TestZone.DEFAULT);
    for (int i = 0; i < 20; i++) {
      lines.add("big.example.test. 300 TXT \"" + String.valueOf((char) ('a' + i)).repeat(200)
          + "\"");
    }
    return TestZone.store(lines, SerialPolicy.INCREMENT);
  }

  private byte[] signedUpdate(String name, String address) {
    try {
      Update update = new Update(TestZone.ZONE);
      update.add(Name.fromString(name), Type.A, 300, address);
      update.setTSIG(TestZone.KEY.signer(clock));
      return update.toWire(65_535);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] unsignedUpdate(String name, String address) {
    try {
      Update update = new Update(TestZone.ZONE);
      update.add(Name.fromString(name), Type.A, 300, address);
      return update.toWire();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Unsigned A records anywhere in the zone for the forged client's address only. */
  private void grantTheForgedClient() {
    store.updateSettings(TestZone.ZONE, store.open(TestZone.ZONE).orElseThrow().head().settings()
        .withUpdatePolicy(List.of("grant address:192.0.2.200/32 zonesub A",
            "grant test-key. zonesub ANY")));
  }

  private boolean unchanged(String name) {
    return journal().isEmpty() && store.open(TestZone.ZONE).orElseThrow()
        .node(Name.fromConstantString(name)).isEmpty();
  }

  private static byte[] bigQuery() {
    Message query = Message.newQuery(Record.newRecord(Name.fromConstantString(
        "big.example.test."), Type.TXT, DClass.IN));
    return query.toWire();
  }

  private static Map<String, String> forged(String transport, String udpLimit) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", DohCodec.DNS_MESSAGE);
    headers.put(DohCodec.CLIENT_HEADER, FORGED_CLIENT);
    headers.put(DohCodec.TRANSPORT_HEADER, transport);
    headers.put(DohCodec.UDP_LIMIT_HEADER, udpLimit);
    return headers;
  }

  private static Map<String, String> attested(Map<String, String> headers, TsigKey key,
      Instant time, byte[] body) {
    Map<String, String> signed = new HashMap<>(headers);
    signed.put(DohCodec.ATTESTATION_HEADER, RelayAttestation.sign(key, time,
        new RelayAttestation.Facts(headers.get(DohCodec.CLIENT_HEADER),
            headers.get(DohCodec.TRANSPORT_HEADER),
            Optional.ofNullable(headers.get(DohCodec.UDP_LIMIT_HEADER)), Optional.empty()),
        body));
    return signed;
  }

  private DohResponse post(Map<String, String> headers, byte[] body) {
    return codec.handle(new DohRequest("POST", DohCodec.PATH, "", headers, body, PEER));
  }

  private List<JournalEntry> journal() {
    return store.journal(TestZone.ZONE, 0, 100);
  }

  static Stream<Arguments> badAttestations() {
    return Stream.of(
        Arguments.of("no attestation", (Attack) (headers, body) -> headers),
        Arguments.of("garbage", (Attack) (headers, body) -> with(headers, "x;y;z")),
        Arguments.of("a MAC of random bytes", (Attack) (headers, body) -> with(headers,
            "_relay.site1.;" + NOW.getEpochSecond() + ";AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")),
        Arguments.of("signed with an unknown relay key", (Attack) (headers, body) ->
            attested(headers, TsigKey.of("_relay.other.", "hmac-sha256",
                "b3RoZXItcmVsYXktc2VjcmV0LW90aGVyLXJlbGF5LXM="), NOW, body)),
        Arguments.of("signed with the TSIG key, claimed as a relay key", (Attack) (headers, body) ->
            with(headers, RelayAttestation.sign(TsigKey.of("_relay.site1.", "hmac-sha256",
                TestZone.KEY.base64Secret()), NOW, facts(headers), body))),
        Arguments.of("a valid attestation of another body", (Attack) (headers, body) ->
            attested(headers, RELAY_KEY, NOW, bigQuery())),
        Arguments.of("a valid attestation of another client", (Attack) (headers, body) -> {
          Map<String, String> signed = attested(headers, RELAY_KEY, NOW, body);
          signed.put(DohCodec.CLIENT_HEADER, "198.51.100.1#53");
          return signed;
        }),
        Arguments.of("a valid attestation 301 s old", (Attack) (headers, body) ->
            attested(headers, RELAY_KEY, NOW.minusSeconds(301), body)),
        Arguments.of("a valid attestation 301 s ahead", (Attack) (headers, body) ->
            attested(headers, RELAY_KEY, NOW.plusSeconds(301), body)));
  }

  /** Turns forged headers and the body into what the attacker posts. */
  @FunctionalInterface
  interface Attack {
    Map<String, String> headers(Map<String, String> forged, byte[] body);
  }

  private static Map<String, String> with(Map<String, String> headers, String attestation) {
    Map<String, String> out = new HashMap<>(headers);
    out.put(DohCodec.ATTESTATION_HEADER, attestation);
    return out;
  }

  private static RelayAttestation.Facts facts(Map<String, String> headers) {
    return new RelayAttestation.Facts(headers.get(DohCodec.CLIENT_HEADER),
        headers.get(DohCodec.TRANSPORT_HEADER),
        Optional.ofNullable(headers.get(DohCodec.UDP_LIMIT_HEADER)), Optional.empty());
  }

  @ParameterizedTest(name = "{0}: the journal records the HTTP peer")
  @MethodSource("badAttestations")
  void aForgedClientIsNotRecorded(String name, Attack attack) throws Exception {
    byte[] update = signedUpdate("forged.example.test.", "192.0.2.77");
    long started = System.nanoTime();

    DohResponse response = post(attack.headers(forged("udp", "512"), update), update);

    assertTrue(System.nanoTime() - started < 1_000_000_000L, "answered within 1 s");
    assertEquals(200, response.status());
    assertEquals(Rcode.NOERROR, new Message(response.body()).getRcode());
    assertEquals(Transport.HTTPS, seen.get().transport());
    assertFalse(seen.get().clientAttested());
    assertEquals(List.of(PEER), journal().stream().map(JournalEntry::client).toList());
  }

  @ParameterizedTest(name = "{0}: the forged UDP size is not honoured")
  @MethodSource("badAttestations")
  void aForgedUdpLimitIsNotHonoured(String name, Attack attack) throws Exception {
    byte[] query = bigQuery();

    DohResponse response = post(attack.headers(forged("udp", "512"), query), query);

    Message answer = new Message(response.body());
    assertFalse(answer.getHeader().getFlag(Flags.TC), "not truncated to the forged 512 bytes");
    assertEquals(20, answer.getSection(Section.ANSWER).size());
    assertEquals(DohCodec.DNS_MESSAGE, response.contentType());
    assertEquals(RequestContext.MAX_MESSAGE, seen.get().udpLimit());
  }

  @ParameterizedTest(name = "{0}: a forged TCP transport is not honoured")
  @MethodSource("badAttestations")
  void aForgedTcpTransportIsNotHonoured(String name, Attack attack) {
    byte[] query = bigQuery();
    Map<String, String> headers = forged("tcp", "512");
    headers.remove(DohCodec.UDP_LIMIT_HEADER);

    DohResponse response = post(attack.headers(headers, query), query);

    assertEquals(DohCodec.DNS_MESSAGE, response.contentType());
    assertEquals(Transport.HTTPS, seen.get().transport());
  }

  @ParameterizedTest(name = "{0}: an address grant for the forged client does not apply")
  @MethodSource("badAttestations")
  void aForgedAttestationNeverMatchesAnAddressGrant(String name, Attack attack)
      throws Exception {
    grantTheForgedClient();
    byte[] update = unsignedUpdate("forged.example.test.", "192.0.2.77");

    for (String transport : List.of("udp", "tcp")) {
      DohResponse response = post(attack.headers(forged(transport, "1232"), update), update);

      assertEquals(Rcode.REFUSED, new Message(response.body()).getRcode(), transport);
      assertTrue(unchanged("forged.example.test."), "zone unchanged, " + transport);
    }
  }

  @Test
  void anAttestedClientAddressIsWhatAnAddressGrantMatches() throws Exception {
    grantTheForgedClient();
    byte[] update = unsignedUpdate("relayed.example.test.", "192.0.2.78");

    DohResponse response = post(attested(forged("udp", "1232"), RELAY_KEY, NOW, update), update);

    assertEquals(Rcode.NOERROR, new Message(response.body()).getRcode());
    assertEquals(List.of("unsigned " + FORGED_CLIENT + " via relay _relay.site1."),
        journal().stream().map(e -> e.keyName() + " " + e.client()).toList());
  }

  @Test
  void aCapturedAttestedUnsignedUpdateTakesEffectOnce() throws Exception {
    grantTheForgedClient();
    byte[] update = unsignedUpdate("captured.example.test.", "192.0.2.81");
    Map<String, String> headers = attested(forged("udp", "1232"), RELAY_KEY, NOW, update);
    assertEquals(Rcode.NOERROR, new Message(post(headers, update).body()).getRcode());
    Update removal = new Update(TestZone.ZONE);
    removal.delete(Name.fromConstantString("captured.example.test."), Type.A);
    removal.setTSIG(TestZone.KEY.signer(clock));
    byte[] signedRemoval = removal.toWire(65_535);
    assertEquals(Rcode.NOERROR, new Message(post(Map.of("Content-Type", DohCodec.DNS_MESSAGE),
        signedRemoval).body()).getRcode());
    clock.advance(Duration.ofSeconds(120));

    Message again = new Message(post(headers, update).body());

    assertEquals(Rcode.NOERROR, again.getRcode(), "answered as the first time");
    assertTrue(unchangedSince(2, "captured.example.test."), "the copy changed nothing");
  }

  private boolean unchangedSince(int entries, String name) {
    return journal().size() == entries && store.open(TestZone.ZONE).orElseThrow()
        .node(Name.fromConstantString(name)).isEmpty();
  }

  @Test
  void aDirectClientIsMatchedByItsHttpPeerAddress() throws Exception {
    grantTheForgedClient();
    byte[] update = unsignedUpdate("direct.example.test.", "192.0.2.79");

    Message refused = new Message(post(Map.of("Content-Type", DohCodec.DNS_MESSAGE), update)
        .body());

    assertEquals(Rcode.REFUSED, refused.getRcode(), "the peer " + PEER + " is in no grant");
    assertTrue(unchanged("direct.example.test."));
    Message applied = new Message(codec.handle(new DohRequest("POST", DohCodec.PATH, "",
        Map.of("Content-Type", DohCodec.DNS_MESSAGE), update, "192.0.2.200#40000")).body());
    assertEquals(Rcode.NOERROR, applied.getRcode(), "the peer is the granted address");
  }

  @Test
  void aValidAttestationIsBelievedAndTheJournalNamesTheRelay() throws Exception {
    byte[] update = signedUpdate("relayed.example.test.", "192.0.2.78");

    DohResponse response = post(attested(forged("udp", "1232"), RELAY_KEY, NOW, update), update);

    assertEquals(Rcode.NOERROR, new Message(response.body()).getRcode());
    assertEquals(Transport.UDP, seen.get().transport());
    assertEquals(1232, seen.get().udpLimit());
    assertTrue(seen.get().clientAttested());
    assertEquals(Optional.of("_relay.site1."), seen.get().relay());
    assertEquals(List.of(FORGED_CLIENT + " via relay _relay.site1."),
        journal().stream().map(JournalEntry::client).toList());
  }

  @Test
  void aValidAttestationOfAUdpClientTruncatesAsTheRelaySays() throws Exception {
    byte[] query = bigQuery();

    DohResponse response = post(attested(forged("udp", "512"), RELAY_KEY, NOW, query), query);

    assertTrue(new Message(response.body()).getHeader().getFlag(Flags.TC));
  }

  @Test
  void theWindowIsBoundedBothWaysAt300Seconds() throws Exception {
    byte[] query = bigQuery();
    for (long offset : new long[] {-300, 300}) {
      post(attested(forged("tcp", "512"), RELAY_KEY, NOW.plusSeconds(offset), query), query);
      assertTrue(seen.get().clientAttested(), "at " + offset + " s");
    }
    Map<String, String> signed = attested(forged("tcp", "512"), RELAY_KEY, NOW, query);
    clock.advance(Duration.ofSeconds(301));
    post(signed, query);
    assertFalse(seen.get().clientAttested(), "the same attestation 301 s later");
  }

  @Test
  void aRelayKeyNeverSignsAnUpdate() throws Exception {
    Update update = new Update(TestZone.ZONE);
    update.add(Name.fromConstantString("byrelaykey.example.test."), Type.A, 300, "192.0.2.79");
    update.setTSIG(RELAY_KEY.signer(clock));
    byte[] wire = update.toWire(65_535);
    long started = System.nanoTime();

    Message answer = new Message(post(attested(forged("udp", "1232"), RELAY_KEY, NOW, wire), wire)
        .body());

    assertEquals(Rcode.NOTAUTH, answer.getRcode());
    assertEquals(List.of(), journal());
    assertTrue(store.open(TestZone.ZONE).orElseThrow()
        .node(Name.fromConstantString("byrelaykey.example.test.")).isEmpty(), "zone unchanged");
    byte[] signed = signedUpdate("after.example.test.", "192.0.2.80");
    assertEquals(Rcode.NOERROR, new Message(post(Map.of("Content-Type", DohCodec.DNS_MESSAGE),
        signed).body()).getRcode());
    assertTrue(System.nanoTime() - started < 1_000_000_000L, "a signed UPDATE answered in 1 s");
  }
}
