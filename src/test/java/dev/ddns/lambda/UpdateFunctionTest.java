package dev.ddns.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import dev.ddns.adapter.dns.TcpFraming;
import dev.ddns.adapter.dns.ZoneContent;
import dev.ddns.adapter.dynamodb.DynamoClients;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.adapter.dynamodb.ZoneTable;
import dev.ddns.adapter.http.DohCodec;
import dev.ddns.adapter.secrets.BindKeyFile;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.attest.RelayAttestation;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.TransferPaging;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.local.DynamoDbLocalServer;
import dev.ddns.testing.TestZone;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Replays the sample events in {@code events/} through the handler. */
class UpdateFunctionTest {
  /** The events' signed UPDATE was signed at 2025-01-01T00:00:00Z, within the TSIG fudge. */
  private static final Clock SIGNING_TIME =
      Clock.fixed(Instant.parse("2025-01-01T00:00:10Z"), ZoneOffset.UTC);
  private static final Map<String, String> ENV = Map.of(
      Wiring.STORE, "memory",
      Wiring.KEY_FILE, "events/ddns-events.key",
      Wiring.ZONE_FILE, "events/example.test.zone");

  private final UpdateFunction function = new UpdateFunction(Wiring.service(ENV, SIGNING_TIME));

  private static Message dns(APIGatewayV2HTTPResponse response) throws IOException {
    assertEquals(200, response.getStatusCode());
    assertTrue(response.getIsBase64Encoded());
    assertEquals(DohCodec.DNS_MESSAGE, response.getHeaders().get("Content-Type"));
    return new Message(Base64.getDecoder().decode(response.getBody()));
  }

  @ParameterizedTest
  @Event(value = "events/update-post.json", type = APIGatewayV2HTTPEvent.class)
  void signedUpdateIsApplied(APIGatewayV2HTTPEvent event) throws IOException {
    APIGatewayV2HTTPResponse response = function.handleRequest(event, null);
    Message reply = dns(response);
    assertEquals("no-store", response.getHeaders().get("Cache-Control"));
    assertEquals(Opcode.UPDATE, reply.getHeader().getOpcode());
    assertEquals(0x2136, reply.getHeader().getID());
    assertEquals(Rcode.string(Rcode.NOERROR), Rcode.string(reply.getRcode()));
    assertNotNull(reply.getTSIG(), "the answer to a signed update is signed");
  }

  @ParameterizedTest
  @Event(value = "events/query-get.json", type = APIGatewayV2HTTPEvent.class)
  void getQueryIsAnswered(APIGatewayV2HTTPEvent event) throws IOException {
    APIGatewayV2HTTPResponse response = function.handleRequest(event, null);
    Message reply = dns(response);
    assertEquals("max-age=0", response.getHeaders().get("Cache-Control"));
    assertEquals(Rcode.string(Rcode.NOERROR), Rcode.string(reply.getRcode()));
    assertEquals(Type.A, reply.getSection(Section.ANSWER).get(0).getType());
    assertEquals("127.0.0.1", reply.getSection(Section.ANSWER).get(0).rdataToString());
  }

  @ParameterizedTest
  @Event(value = "events/malformed-post.json", type = APIGatewayV2HTTPEvent.class)
  void malformedBodyIsBadRequest(APIGatewayV2HTTPEvent event) {
    APIGatewayV2HTTPResponse response = function.handleRequest(event, null);
    assertEquals(400, response.getStatusCode());
    assertTrue(response.getHeaders().get("Content-Type").startsWith("text/plain"));
  }

  @Test
  void updateThenQueryShowsTheNewRecord() throws IOException {
    function.handleRequest(EventLoader.loadApiGatewayHttpEvent("events/update-post.json"), null);
    APIGatewayV2HTTPEvent query = EventLoader.loadApiGatewayHttpEvent("events/query-get.json");
    query.setRawQueryString("dns=" + Base64.getUrlEncoder().withoutPadding().encodeToString(
        Message.newQuery(org.xbill.DNS.Record.newRecord(
            org.xbill.DNS.Name.fromConstantString("www.example.test."), Type.A,
            org.xbill.DNS.DClass.IN)).toWire()));
    Message reply = dns(function.handleRequest(query, null));
    assertEquals("192.0.2.10", reply.getSection(Section.ANSWER).get(0).rdataToString());
  }

  @Test
  void transferComesInPagesFetchedWithTheContinuationHeader() throws IOException {
    List<String> lines = new ArrayList<>(TestZone.DEFAULT);
    for (int i = 0; i < 2000; i++) {
      lines.add("host" + i + ".example.test. 300 A 198.51.100." + (i % 250));
    }
    DnsService service = new DnsService(
        TestZone.store(lines, SerialPolicy.INCREMENT),
        TestZone.keys(), Clock.systemUTC());
    TsigKey relayKey = BindKeyFile.parse(Files.readString(Path.of("events/ddns-events.key")))
        .get(1);
    UpdateFunction paged = new UpdateFunction(new DohCodec(service::handle, 1,
        TransferPaging.DEFAULT_PAGE_TIME, new RelayAttestation(
            new StaticKeyStore(List.of(relayKey)), Clock.systemUTC())));
    Message axfr = Message.newQuery(org.xbill.DNS.Record.newRecord(
        TestZone.ZONE, Type.AXFR, DClass.IN));
    axfr.setTSIG(TestZone.KEY.signer(Clock.systemUTC()));
    APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/update-post.json");
    event.setBody(Base64.getEncoder().encodeToString(axfr.toWire(65535)));
    Map<String, String> headers = new HashMap<>(event.getHeaders());
    headers.put("x-ddns-transport", "tcp");
    int pages = 0;
    int records = 0;
    for (String token = ""; token != null; pages++) {
      if (!token.isEmpty()) {
        headers.put("x-ddns-continue", token);
      }
      headers.put("x-ddns-attestation", RelayAttestation.sign(relayKey, Instant.now(),
          new RelayAttestation.Facts(headers.get("x-ddns-client"), "tcp",
              Optional.ofNullable(headers.get("x-ddns-udp-limit")),
              Optional.ofNullable(headers.get("x-ddns-continue"))),
          Base64.getDecoder().decode(event.getBody())));
      event.setHeaders(headers);
      APIGatewayV2HTTPResponse page = paged.handleRequest(event, null);
      assertEquals(200, page.getStatusCode());
      assertEquals(DohCodec.TCP_STREAM, page.getHeaders().get("Content-Type"));
      byte[] body = Base64.getDecoder().decode(page.getBody());
      InputStream in = new ByteArrayInputStream(body);
      for (byte[] m = TcpFraming.read(in, 65535); m != null;
          m = TcpFraming.read(in, 65535)) {
        records += new Message(m).getSection(Section.ANSWER).size();
      }
      token = page.getHeaders().get(DohCodec.CONTINUE_HEADER);
    }
    assertTrue(pages > 1, "a page limit of one byte gives one message per page: " + pages);
    assertEquals(TestZone.DEFAULT.size() + 2000 + 1, records,
        "SOA, every record, SOA");
  }

  @Test
  void eventWithoutRequestContextIsNotFoundNotACrash() {
    APIGatewayV2HTTPResponse response =
        function.handleRequest(new APIGatewayV2HTTPEvent(), null);
    assertEquals(404, response.getStatusCode());
  }

  @Test
  void wiringNamesTheVariableThatIsWrong() {
    IllegalStateException unset = assertThrows(IllegalStateException.class,
        () -> Wiring.service(Map.of(), SIGNING_TIME));
    assertTrue(unset.getMessage().contains("DDNS_STORE"), unset.getMessage());
    IllegalStateException other = assertThrows(IllegalStateException.class,
        () -> Wiring.service(Map.of(Wiring.STORE, "cassandra"), SIGNING_TIME));
    assertTrue(other.getMessage().startsWith("DDNS_STORE=cassandra"), other.getMessage());
    RuntimeException zone = assertThrows(RuntimeException.class, () -> Wiring.service(
        Map.of(Wiring.STORE, "memory", Wiring.ZONE_FILE, "events/missing.zone"), SIGNING_TIME));
    assertTrue(zone.getMessage().contains("DDNS_ZONE_FILE"), zone.getMessage());
  }

  @Test
  void dynamodbWiringServesZonesFromTheTable() throws Exception {
    try (DynamoDbLocalServer dynamo = DynamoDbLocalServer.start(0, Optional.empty())) {
      DynamoDbClient client = DynamoClients.create(Optional.of(dynamo.endpoint()), Optional.empty());
      ZoneTable.ensureExists(client, "lambda-test");
      ZoneContent zone = ZoneContent.read(Path.of("events/example.test.zone"), SerialPolicy.INCREMENT);
      new DynamoZoneStore(client, "lambda-test", SIGNING_TIME).create(zone.head(), zone.nodes());
      UpdateFunction fn = new UpdateFunction(Wiring.codec(Map.of(Wiring.STORE, "dynamodb",
          Wiring.TABLE, "lambda-test", Wiring.DYNAMODB_ENDPOINT, dynamo.endpoint().toString(),
          Wiring.KEY_FILE, "events/ddns-events.key")));
      APIGatewayV2HTTPResponse response =
          fn.handleRequest(EventLoader.loadApiGatewayHttpEvent("events/query-get.json"), null);
      assertEquals(200, response.getStatusCode());
      Message answer = new Message(Base64.getDecoder().decode(response.getBody()));
      assertEquals(Rcode.NOERROR, answer.getRcode());
      assertFalse(answer.getSection(Section.ANSWER).isEmpty(), answer.toString());
    }
  }

  @Test
  void codecConstructorServesTheSameEvents() {
    UpdateFunction fn = new UpdateFunction(new DohCodec((request, context) ->
        dev.ddns.core.service.DnsResponse.of(request)));
    APIGatewayV2HTTPResponse response =
        fn.handleRequest(EventLoader.loadApiGatewayHttpEvent("events/query-get.json"), null);
    assertEquals(200, response.getStatusCode());
  }
}
