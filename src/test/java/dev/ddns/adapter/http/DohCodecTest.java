package dev.ddns.adapter.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.dns.TcpFraming;
import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.attest.RelayAttestation;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.service.DnsResponse;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.RequestContext;
import dev.ddns.core.service.TransferPaging;
import dev.ddns.core.service.Transport;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.testing.TestZone;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

class DohCodecTest {
  private static final int STREAM_ID = 0xEE00;
  private static final int FAIL_ID = 0xDD00;
  private static final int PAGED_ID = 0xCC00;
  private static final int PAGE_LIMIT = 50_000;
  private static final TransferPaging FIRST_PAGE = new TransferPaging(PAGE_LIMIT, Optional.empty());
  private static final Map<String, String> DNS = Map.of("Content-Type", DohCodec.DNS_MESSAGE);
  private static final String PEER = "192.0.2.9:4000";
  private static final TsigKey RELAY_KEY = TsigKey.of("_relay.test.", "hmac-sha256",
      "dGVzdC1yZWxheS1rZXktdGVzdC1yZWxheS1rZXktdGU=");

  private final AtomicReference<RequestContext> seen = new AtomicReference<>();

  /**
   * Echoes the request; a special ID asks for a two-message stream, an exception, or a page of a
   * paged transfer whose token is the one it was asked with, plus one.
   */
  private final DohCodec codec = new DohCodec((request, context) -> {
    seen.set(context);
    if (request.length < 12) {
      return DnsResponse.none();
    }
    int id = ((request[0] & 0xff) << 8) | (request[1] & 0xff);
    if (id == FAIL_ID) {
      throw new IllegalStateException("secret internals");
    }
    if (id == PAGED_ID) {
      int page = context.paging().continuation().map(Integer::parseInt).orElse(0) + 1;
      return DnsResponse.page(List.of(request), Optional.of(Integer.toString(page)));
    }
    return id == STREAM_ID ? DnsResponse.stream(List.of(request, request)) : DnsResponse.of(request);
  }, PAGE_LIMIT, TransferPaging.DEFAULT_PAGE_TIME, new RelayAttestation(
      new StaticKeyStore(List.of(RELAY_KEY)), Clock.systemUTC()));

  static byte[] message(int id, int opcode) {
    byte[] m = new byte[17];
    m[0] = (byte) (id >> 8);
    m[1] = (byte) id;
    m[2] = (byte) (opcode << 3);
    return m;
  }

  private static final byte[] QUERY = message(0x1234, 0);
  private static final byte[] UPDATE = message(0x1234, 5);

  /** A POST; with relay hints, signed as the relay signs them (its client header added). */
  static DohRequest post(Map<String, String> headers, byte[] body) {
    return new DohRequest("POST", "/dns-query", "", relayed(headers, body), body, PEER);
  }

  private static Map<String, String> relayed(Map<String, String> headers, byte[] body) {
    Map<String, String> relayed = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    relayed.putAll(headers);
    if (!relayed.containsKey(DohCodec.TRANSPORT_HEADER)) {
      return headers;
    }
    relayed.putIfAbsent(DohCodec.CLIENT_HEADER, PEER);
    relayed.put(DohCodec.ATTESTATION_HEADER, RelayAttestation.sign(RELAY_KEY, Instant.now(),
        new RelayAttestation.Facts(relayed.get(DohCodec.CLIENT_HEADER),
            relayed.get(DohCodec.TRANSPORT_HEADER),
            Optional.ofNullable(relayed.get(DohCodec.UDP_LIMIT_HEADER)),
            Optional.ofNullable(relayed.get(DohCodec.CONTINUE_HEADER))), body));
    return relayed;
  }

  static DohRequest get(String query) {
    return new DohRequest("GET", "/dns-query", query, Map.of(), null, "192.0.2.9:4000");
  }

  static String b64(byte[] m) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(m);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("POST query", post(DNS, QUERY), 200, DohCodec.DNS_MESSAGE, "max-age=0"),
        Arguments.of("POST with media type parameters",
            post(Map.of("content-type", "Application/DNS-Message; charset=binary"), QUERY),
            200, DohCodec.DNS_MESSAGE, "max-age=0"),
        Arguments.of("POST update", post(DNS, UPDATE), 200, DohCodec.DNS_MESSAGE, "no-store"),
        Arguments.of("GET query", get("dns=" + b64(QUERY)), 200, DohCodec.DNS_MESSAGE, "max-age=0"),
        Arguments.of("GET update (RFC 8484 §4.1: GET is for queries)", get("ct=x&dns="
            + b64(UPDATE)), 405, "text/plain", null),
        Arguments.of("relay over TCP", post(withHeader("X-Ddns-Transport", "tcp"), QUERY), 200,
            DohCodec.TCP_STREAM, "max-age=0"),
        Arguments.of("relay over UDP", post(withHeader("x-ddns-transport", "UDP"), QUERY), 200,
            DohCodec.DNS_MESSAGE, "max-age=0"),
        Arguments.of("stream answer", post(DNS, message(STREAM_ID, 0)), 200, DohCodec.TCP_STREAM,
            "max-age=0"),
        Arguments.of("GET bad base64url", get("dns=%21%21%21"), 400, "text/plain", null),
        Arguments.of("GET broken percent-encoding (found by fuzzing)", get("dns=AA%ST"), 400,
            "text/plain", null),
        Arguments.of("GET without dns", get("name=example"), 400, "text/plain", null),
        Arguments.of("body shorter than a header", post(DNS, new byte[5]), 400, "text/plain", null),
        Arguments.of("unknown transport hint", post(withHeader("X-Ddns-Transport", "sctp"), QUERY),
            400, "text/plain", null),
        Arguments.of("UDP limit too small", post(udp("100"), QUERY), 400, "text/plain", null),
        Arguments.of("UDP limit not a number", post(udp("big"), QUERY), 400, "text/plain", null),
        Arguments.of("POST text/plain", post(Map.of("Content-Type", "text/plain"), QUERY), 415,
            "text/plain", null),
        Arguments.of("POST without content type", post(Map.of(), QUERY), 415, "text/plain", null),
        Arguments.of("body over 65535 bytes", post(DNS, new byte[65_536]), 413, "text/plain", null),
        Arguments.of("PUT", new DohRequest("PUT", "/dns-query", "", DNS, QUERY, "x"), 405,
            "text/plain", null),
        Arguments.of("other path", new DohRequest("POST", "/", "", DNS, QUERY, "x"), 404,
            "text/plain", null),
        Arguments.of("null fields", new DohRequest(null, null, null, null, null, null), 404,
            "text/plain", null),
        Arguments.of("handler fails", post(DNS, message(FAIL_ID, 0)), 500, "text/plain", null));
  }

  private static Map<String, String> withHeader(String name, String value) {
    return Map.of("Content-Type", DohCodec.DNS_MESSAGE, name, value);
  }

  private static Map<String, String> udp(String limit) {
    return Map.of("Content-Type", DohCodec.DNS_MESSAGE, "X-Ddns-Transport", "udp",
        "X-Ddns-Udp-Limit", limit);
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("cases")
  void answers(String name, DohRequest request, int status, String type, String cache) {
    DohResponse response = codec.handle(request);
    assertEquals(status, response.status());
    assertEquals(true, response.contentType().startsWith(type), response.contentType());
    assertEquals(cache, response.headers().get("Cache-Control"));
  }

  /** Issue 18 item 2: a GET carrying anything but a QUERY never reaches the handler. */
  @ParameterizedTest(name = "GET with opcode {0} is refused before the handler")
  @ValueSource(ints = {1, 2, 4, 5, 6, 15})
  void getCarriesQueriesOnly(int opcode) {
    seen.set(null);
    DohResponse response = codec.handle(get("dns=" + b64(message(0x4242, opcode))));
    assertEquals(405, response.status());
    assertEquals("POST", response.headers().get("Allow"));
    String body = new String(response.body(), StandardCharsets.UTF_8);
    assertTrue(body.contains("GET") && body.contains("POST"), body);
    assertEquals(null, seen.get(), "the handler never ran");
  }

  /** The attack of issue 18 item 2 against the real service: a signed UPDATE over GET. */
  @Test
  void signedUpdateOverGetChangesNothing() throws Exception {
    InMemoryZoneStore store = TestZone.store();
    DnsService service = new DnsService(store, TestZone.keys(), Clock.systemUTC());
    DohCodec real = new DohCodec(service::handle, PAGE_LIMIT);
    Message update = Message.newUpdate(TestZone.ZONE);
    update.addRecord(TestZone.rr("get.example.test. 300 A 192.0.2.66"), Section.UPDATE);
    update.setTSIG(TestZone.KEY.signer(Clock.systemUTC()));
    DohResponse response = real.handle(get("dns=" + b64(update.toWire(65535))));
    assertEquals(405, response.status());
    ZoneReader zone = store.open(TestZone.ZONE).orElseThrow();
    assertEquals(0, zone.head().version(), "the zone is unchanged");
    assertTrue(zone.node(Name.fromConstantString("get.example.test.")).isEmpty());
    Message again = Message.newUpdate(TestZone.ZONE);
    again.addRecord(TestZone.rr("get.example.test. 300 A 192.0.2.66"), Section.UPDATE);
    again.setTSIG(TestZone.KEY.signer(Clock.systemUTC()));
    DohResponse posted = real.handle(post(DNS, again.toWire(65535)));
    assertEquals(Rcode.NOERROR, new Message(posted.body()).getRcode(), "POST still applies");
  }

  @Test
  void methodNotAllowedListsTheAllowedOnes() {
    DohResponse response = codec.handle(new DohRequest("DELETE", "/dns-query", "", DNS, QUERY, "x"));
    assertEquals("GET, POST", response.headers().get("Allow"));
  }

  @Test
  void singleMessageBodyIsTheAnswerItself() {
    assertArrayEquals(QUERY, codec.handle(post(DNS, QUERY)).body());
    assertArrayEquals(QUERY, codec.handle(get("dns=" + b64(QUERY))).body());
  }

  @Test
  void streamsUseTcpFraming() {
    byte[] stream = message(STREAM_ID, 0);
    assertArrayEquals(TcpFraming.frame(List.of(stream, stream)), codec.handle(post(DNS, stream)).body());
    assertArrayEquals(TcpFraming.frame(List.of(QUERY)),
        codec.handle(post(withHeader("X-Ddns-Transport", "tcp"), QUERY)).body());
  }

  @Test
  void failureRevealsNoInternals() {
    String body = new String(codec.handle(post(DNS, message(FAIL_ID, 0))).body(),
        StandardCharsets.UTF_8);
    assertEquals("internal error\n", body);
    assertFalse(body.contains("secret"));
  }

  @Test
  void directClientsAreHttpsFromTheRemoteAddress() {
    codec.handle(post(DNS, QUERY));
    assertEquals(RequestContext.https("192.0.2.9:4000").withPaging(FIRST_PAGE), seen.get());
  }

  @Test
  void relayHintsWithoutAnAttestationAreIgnored() {
    codec.handle(new DohRequest("POST", "/dns-query", "", Map.of("content-type",
        DohCodec.DNS_MESSAGE, "x-ddns-transport", "sctp", "x-ddns-udp-limit", "1",
        "x-ddns-client", "[::1]:5353"), QUERY, PEER));
    assertEquals(RequestContext.https(PEER).withPaging(FIRST_PAGE), seen.get());
  }

  @Test
  void relayHintsBecomeTheRequestContext() {
    codec.handle(post(Map.of("content-type", DohCodec.DNS_MESSAGE, "x-ddns-transport", "udp",
        "x-ddns-udp-limit", "1232", "x-ddns-client", "[::1]:5353"), QUERY));
    assertEquals(new RequestContext(Transport.UDP, 1232, "[::1]:5353").withPaging(FIRST_PAGE),
        unattested(seen.get()));
    assertEquals(Optional.of("_relay.test."), seen.get().relay());
    codec.handle(post(withHeader("X-Ddns-Transport", "tcp"), QUERY));
    assertEquals(RequestContext.tcp("192.0.2.9:4000").withPaging(FIRST_PAGE),
        unattested(seen.get()));
    assertEquals(Optional.of("_relay.test."), seen.get().relay());
  }

  /** {@code context} without its attestation, whose MAC and time the relay chose. */
  private static RequestContext unattested(RequestContext context) {
    return new RequestContext(context.transport(), context.udpLimit(), context.client(),
        context.paging());
  }

  @Test
  void pagedTransfersCarryTheTokenBothWays() {
    byte[] paged = message(PAGED_ID, 0);
    DohResponse first = codec.handle(post(withHeader("X-Ddns-Transport", "tcp"), paged));
    assertEquals("1", first.headers().get(DohCodec.CONTINUE_HEADER), "token for the next page");
    assertEquals(DohCodec.TCP_STREAM, first.contentType(), "a page is a framed stream");
    assertArrayEquals(TcpFraming.frame(List.of(paged)), first.body());
    Map<String, String> next = new java.util.HashMap<>(withHeader("X-Ddns-Transport", "tcp"));
    next.put("x-ddns-continue", "1");
    DohResponse second = codec.handle(post(next, paged));
    assertEquals(new TransferPaging(PAGE_LIMIT, Optional.of("1")), seen.get().paging());
    assertEquals("2", second.headers().get(DohCodec.CONTINUE_HEADER));
  }

  static Stream<Arguments> pageLimits() {
    return Stream.of(
        Arguments.of(Map.of(), DohCodec.LAMBDA_PAGE_LIMIT),
        Arguments.of(Map.of(DohCodec.PAGE_LIMIT_ENV, "65536"), 65_536),
        Arguments.of(Map.of(DohCodec.PAGE_LIMIT_ENV, " 1 "), 1));
  }

  @ParameterizedTest
  @MethodSource("pageLimits")
  void pageLimitComesFromTheEnvironment(Map<String, String> env, int limit) {
    assertEquals(limit, DohCodec.pageLimit(env));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-5", "six megabytes"})
  void badPageLimitIsRejectedNamingTheVariable(String value) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DohCodec.pageLimit(Map.of(DohCodec.PAGE_LIMIT_ENV, value)));
    assertTrue(e.getMessage().contains(DohCodec.PAGE_LIMIT_ENV));
  }

  static Stream<Arguments> pageTimes() {
    return Stream.of(
        Arguments.of(Map.of(), TransferPaging.DEFAULT_PAGE_TIME),
        Arguments.of(Map.of(DohCodec.PAGE_TIME_ENV, "2500"), java.time.Duration.ofMillis(2500)),
        Arguments.of(Map.of(DohCodec.PAGE_TIME_ENV, " 1 "), java.time.Duration.ofMillis(1)));
  }

  @ParameterizedTest
  @MethodSource("pageTimes")
  void pageTimeComesFromTheEnvironment(Map<String, String> env, java.time.Duration time) {
    assertEquals(time, DohCodec.pageTime(env));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-5", "four seconds"})
  void badPageTimeIsRejectedNamingTheVariable(String value) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DohCodec.pageTime(Map.of(DohCodec.PAGE_TIME_ENV, value)));
    assertTrue(e.getMessage().contains(DohCodec.PAGE_TIME_ENV));
  }

  @Test
  void theCodecsPageTimeReachesTheHandler() {
    DohCodec timed = new DohCodec((request, context) -> {
      seen.set(context);
      return DnsResponse.of(request);
    }, PAGE_LIMIT, java.time.Duration.ofMillis(1234));
    timed.handle(post(withHeader("X-Ddns-Transport", "tcp"), message(PAGED_ID, 0)));
    assertEquals(java.time.Duration.ofMillis(1234), seen.get().paging().pageTime());
  }
}
