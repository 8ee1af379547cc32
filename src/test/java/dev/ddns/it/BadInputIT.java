package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.DnsWire;
import dev.ddns.testing.tools.LocalDdns;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Malformed input to the relay (UDP, TCP) and the DoH endpoint (HTTP): each gets FORMERR (or
 * no answer, or the HTTP status), the server keeps answering, and the zone never changes.
 */
class BadInputIT {
  private static final String NO_ANSWER = "NO-ANSWER";
  private static final Set<String> FORMERR_OR_SILENCE = Set.of("FORMERR", NO_ANSWER);

  @TempDir static Path dir;
  private static LocalDdns ddns;
  private ZoneSnapshot before;

  /** One malformed message and the outcomes (rcode or NO-ANSWER) it may get. */
  record BadMessage(String name, byte[] bytes, Set<String> allowed) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void start() {
    ddns = LocalDdns.start(dir, List.of());
  }

  @AfterAll
  static void stop() {
    if (ddns != null) {
      ddns.close();
    }
  }

  @BeforeEach
  void recordZone() {
    before = snapshot();
  }

  @AfterEach
  void serverStillAnswersAndZoneIsUnchanged() throws IOException {
    assertTrue(ddns.isAlive(), "ddns local died:\n" + ddns.diagnostics());
    byte[] answer = DnsWire.exchange(DnsWire.Transport.UDP, ddns.dnsPort(), soaQuery().toWire());
    assertEquals(Rcode.NOERROR, new Message(answer).getRcode(), ddns.diagnostics());
    assertEquals(before, snapshot(), "bad input changed the zone");
  }

  static Stream<BadMessage> badMessages() {
    byte[] query = soaQuery().toWire();
    byte[] signedUpdate = signedUpdate();
    return Stream.of(
        new BadMessage("empty", new byte[0], FORMERR_OR_SILENCE),
        new BadMessage("one byte", new byte[] {0x12}, FORMERR_OR_SILENCE),
        new BadMessage("short header", Arrays.copyOf(query, 11), FORMERR_OR_SILENCE),
        new BadMessage("header only, claims a question", Arrays.copyOf(query, 12), Set.of("FORMERR")),
        new BadMessage("query cut inside the name", Arrays.copyOf(query, 17), Set.of("FORMERR")),
        new BadMessage("update cut inside the TSIG", Arrays.copyOf(signedUpdate,
            signedUpdate.length - 10), Set.of("FORMERR")),
        new BadMessage("compression pointer loop", pointerLoop(), Set.of("FORMERR")),
        new BadMessage("trailing garbage after a query (BIND ignores it)",
            withTrailingGarbage(query), Set.of("FORMERR", "NOERROR")),
        new BadMessage("random bytes (random opcode)", randomBytes(200, 1),
            Set.of("FORMERR", "NOTIMP", NO_ANSWER)),
        new BadMessage("random bytes with a query header", withHeader(randomBytes(300, 2)),
            Set.of("FORMERR")),
        new BadMessage("a response (QR set; BIND drops it)", response(query), Set.of(NO_ANSWER)),
        new BadMessage("opcode 15", withOpcode(query, 15), Set.of("NOTIMP", "FORMERR")));
  }

  static Stream<Arguments> badMessagesOverUdpAndTcp() {
    return badMessages().flatMap(bad -> Stream.of(
        Arguments.of(bad, DnsWire.Transport.UDP), Arguments.of(bad, DnsWire.Transport.TCP)));
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("badMessagesOverUdpAndTcp")
  void malformedMessageGetsFormerrAndChangesNothing(BadMessage bad, DnsWire.Transport transport) {
    Optional<byte[]> answer = transport == DnsWire.Transport.UDP
        ? DnsWire.udp(ddns.dnsPort(), bad.bytes())
        : DnsWire.tcp(ddns.dnsPort(), bad.bytes());

    String outcome = answer.map(BadInputIT::headerRcode).orElse(NO_ANSWER);
    assertTrue(bad.allowed().contains(outcome), bad + " over " + transport + " got " + outcome
        + ", expected one of " + bad.allowed() + "\n" + ddns.diagnostics());
  }

  @Test
  void oversizedUdpDatagramIsAnsweredWithFormerrOrDropped() {
    byte[] oversized = withHeader(randomBytes(65_000, 3));
    String outcome = DnsWire.udp(ddns.dnsPort(), oversized).map(BadInputIT::headerRcode)
        .orElse(NO_ANSWER);
    assertTrue(FORMERR_OR_SILENCE.contains(outcome), outcome);
  }

  @Test
  void tcpFrameLongerThanItsContentIsNotAnswered() {
    byte[] frame = DnsWire.frame(soaQuery().toWire());
    frame[0] = (byte) 0x7f;
    assertEquals(Optional.empty(), DnsWire.tcpRaw(ddns.dnsPort(), frame));
  }

  @Test
  void zeroLengthTcpFrameGetsFormerrOrNothing() {
    String outcome = DnsWire.tcpRaw(ddns.dnsPort(), new byte[] {0, 0})
        .map(BadInputIT::headerRcode).orElse(NO_ANSWER);
    assertTrue(FORMERR_OR_SILENCE.contains(outcome), outcome);
  }

  static Stream<Arguments> badHttpRequests() {
    byte[] query = soaQuery().toWire();
    return Stream.of(
        Arguments.of("POST text/plain", post("text/plain", query), 415),
        Arguments.of("POST no content type", HttpRequest.newBuilder(endpoint())
            .POST(HttpRequest.BodyPublishers.ofByteArray(query)), 415),
        Arguments.of("POST undecodable message", post("application/dns-message",
            randomBytes(5, 4)), 400),
        Arguments.of("POST empty body", post("application/dns-message", new byte[0]), 400),
        Arguments.of("POST oversized body", post("application/dns-message",
            withHeader(randomBytes(70_000, 5))), 413),
        Arguments.of("PUT", HttpRequest.newBuilder(endpoint()).header("Content-Type",
            "application/dns-message").PUT(HttpRequest.BodyPublishers.ofByteArray(query)), 405),
        Arguments.of("DELETE", HttpRequest.newBuilder(endpoint()).DELETE(), 405),
        Arguments.of("GET with bad base64url", HttpRequest.newBuilder(
            URI.create(endpoint() + "?dns=%21%21not-base64%21")).GET(), 400));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("badHttpRequests")
  void badHttpRequestGetsItsStatus(String name, HttpRequest.Builder request, int status)
      throws Exception {
    HttpResponse<byte[]> response = http(request);
    assertEquals(status, response.statusCode(), name + ": " + new String(response.body()));
  }

  @Test
  void validHttpQueryIsAnswered() throws Exception {
    HttpResponse<byte[]> response = http(post("application/dns-message", soaQuery().toWire()));

    assertEquals(200, response.statusCode());
    assertEquals(Optional.of("application/dns-message"),
        response.headers().firstValue("Content-Type"));
    assertEquals(Rcode.NOERROR, new Message(response.body()).getRcode());
  }

  private static HttpResponse<byte[]> http(HttpRequest.Builder request) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return client.send(request.timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpRequest.Builder post(String contentType, byte[] body) {
    return HttpRequest.newBuilder(endpoint()).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  private static URI endpoint() {
    return URI.create("http://127.0.0.1:" + ddns.httpPort() + "/dns-query");
  }

  private static String headerRcode(byte[] answer) {
    return answer.length < 4 ? "SHORT-ANSWER" : Rcode.string(answer[3] & 0x0F);
  }

  private static Message soaQuery() {
    return Message.newQuery(
        Record.newRecord(Name.fromConstantString(DemoZone.NAME), Type.SOA, 1));
  }

  private static byte[] signedUpdate() {
    Message update = Message.newUpdate(Name.fromConstantString(DemoZone.NAME));
    update.addRecord(Record.newRecord(Name.fromConstantString("bad." + DemoZone.NAME), Type.A,
        1, 300, new byte[] {(byte) 192, 0, 2, 1}), org.xbill.DNS.Section.UPDATE);
    ddns.localKey().tsig().apply(update, null);
    return update.toWire();
  }

  // Header with one question whose name is a pointer to itself.
  private static byte[] pointerLoop() {
    return HexFormat.of().parseHex("abcd00000001000000000000" + "c00c00060001");
  }

  private static byte[] withTrailingGarbage(byte[] message) {
    byte[] longer = Arrays.copyOf(message, message.length + 7);
    Arrays.fill(longer, message.length, longer.length, (byte) 0xEE);
    return longer;
  }

  private static byte[] withHeader(byte[] body) {
    byte[] message = body.clone();
    message[2] = 0;
    message[3] = 0;
    return message;
  }

  private static byte[] response(byte[] query) {
    byte[] response = query.clone();
    response[2] |= (byte) 0x80;
    return response;
  }

  private static byte[] withOpcode(byte[] query, int opcode) {
    byte[] message = query.clone();
    message[2] = (byte) ((message[2] & 0x87) | (opcode << 3));
    return message;
  }

  private static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static ZoneSnapshot snapshot() {
    return ZoneSnapshot.transfer(DemoZone.NAME, ddns.dnsPort(), ddns.localKey().tsig());
  }
}
