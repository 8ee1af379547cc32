package dev.ddns.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.ddns.adapter.dns.ZoneContent;
import dev.ddns.adapter.dynamodb.DynamoClients;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.adapter.dynamodb.ZoneTable;
import dev.ddns.adapter.http.DohCodec;
import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.attest.RelayAttestation;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.DnsResponse;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.RequestContext;
import dev.ddns.core.service.TransferPaging;
import dev.ddns.local.DynamoDbLocalServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The sample events through {@link UpdateFunction} with the request log on: the answers, and the
 * one JSON line (with its Embedded Metric Format metadata) each DNS request writes.
 */
class RequestLogTest {
  private static final Clock SIGNING_TIME =
      Clock.fixed(Instant.parse("2025-01-01T00:00:10Z"), ZoneOffset.UTC);
  private static final String SECRET = "3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs=";
  /** Every custom metric the request log can publish: a fixed set (docs/deploy.md's costs). */
  private static final List<String> ALL_METRICS = List.of("Requests", "Latency", "Updates",
      "NamesChanged", "Conflicts", "ConsumedCapacity", ObservedHandler.UPDATE_SERVFAILS);

  private final List<String> lines = new ArrayList<>();
  private long nanos;

  private UpdateFunction function(ZoneStore store) {
    StaticKeyStore keys = StaticKeyStore.fromFiles(List.of(Path.of("events/ddns-events.key")));
    DnsService service = new DnsService(store, keys, SIGNING_TIME, new SplittableRandom(1));
    return new UpdateFunction(new DohCodec(new ObservedHandler(service::handle, SIGNING_TIME,
        () -> nanos += 2_500_000, DynamoUsage::takeTotals, lines::add),
        DohCodec.LAMBDA_PAGE_LIMIT, TransferPaging.DEFAULT_PAGE_TIME,
        new RelayAttestation(keys, SIGNING_TIME)));
  }

  private static ZoneStore memoryZone() throws IOException {
    InMemoryZoneStore store = new InMemoryZoneStore();
    ZoneContent zone = ZoneContent.read(Path.of("events/example.test.zone"), SerialPolicy.INCREMENT);
    store.create(zone.head(), zone.nodes());
    return store;
  }

  private Map<String, Object> onlyLine() {
    assertEquals(1, lines.size(), lines.toString());
    return new Yaml().load(lines.get(0));
  }

  @Test
  void functionUrlUpdateLogsZoneKeyRcodeAndNamesChanged() throws IOException {
    APIGatewayV2HTTPResponse response = function(memoryZone()).handleRequest(
        EventLoader.loadApiGatewayHttpEvent("events/update-post.json"), null);
    assertEquals(200, response.getStatusCode());
    Map<String, Object> line = onlyLine();
    assertEquals("dns-request", line.get("event"));
    assertEquals("UPDATE", line.get("Opcode"));
    assertEquals("NOERROR", line.get("Rcode"));
    assertEquals("example.test.", line.get("zone"));
    assertEquals("ddns-events-key.", line.get("key"));
    assertEquals("192.0.2.53:40000", line.get("client"));
    assertEquals("UDP", line.get("transport"));
    assertEquals(1, line.get("Updates"));
    assertEquals(1, line.get("NamesChanged"));
    assertEquals(2.5, line.get("Latency"));
    assertFalse(lines.get(0).contains(SECRET), "never the secret");
    assertMetrics(line, List.of("Requests", "Latency", "Updates", "NamesChanged"));
  }

  @Test
  void httpApiUpdateOverTcpAnswersAFramedStreamAndIsLogged() throws IOException {
    APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/http-api-post.json");
    assertEquals("POST /dns-query", event.getRouteKey());
    APIGatewayV2HTTPResponse response = function(memoryZone()).handleRequest(event, null);
    assertEquals(200, response.getStatusCode());
    assertEquals(DohCodec.TCP_STREAM, response.getHeaders().get("Content-Type"));
    ByteBuffer framed = ByteBuffer.wrap(Base64.getDecoder().decode(response.getBody()));
    byte[] first = new byte[framed.getShort() & 0xffff];
    framed.get(first);
    assertFalse(framed.hasRemaining(), "one message in the stream");
    Message reply = new Message(first);
    assertEquals(Rcode.NOERROR, reply.getRcode());
    assertEquals(0x2137, reply.getHeader().getID());
    assertTrue(reply.getTSIG() != null, "signed");
    Map<String, Object> line = onlyLine();
    assertEquals("TCP", line.get("transport"));
    assertEquals("192.0.2.80:53000", line.get("client"));
    assertEquals(1, line.get("NamesChanged"));
  }

  @Test
  void queryLogsNoKeyAndNoUpdate() throws IOException {
    APIGatewayV2HTTPResponse response = function(memoryZone()).handleRequest(
        EventLoader.loadApiGatewayHttpEvent("events/query-get.json"), null);
    Message reply = new Message(Base64.getDecoder().decode(response.getBody()));
    assertEquals(Type.A, reply.getSection(Section.ANSWER).get(0).getType());
    Map<String, Object> line = onlyLine();
    assertEquals("QUERY", line.get("Opcode"));
    assertEquals("ns1.example.test.", line.get("zone"));
    assertFalse(line.containsKey("key"));
    assertEquals(0, line.get("Updates"));
    assertMetrics(line, List.of("Requests", "Latency"));
  }

  @Test
  void forgedMacIsLoggedAsNotauthWithTheTsigError() throws IOException {
    APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/update-post.json");
    byte[] wire = Base64.getDecoder().decode(event.getBody());
    wire[wire.length - 10] ^= 0x01; // inside the MAC, before original ID, error and other length
    event.setBody(Base64.getEncoder().encodeToString(wire));
    function(memoryZone()).handleRequest(event, null);
    Map<String, Object> line = onlyLine();
    assertEquals("NOTAUTH", line.get("Rcode"));
    assertEquals("BADSIG", line.get("tsigError"));
    assertEquals("ddns-events-key.", line.get("key"));
    assertEquals(0, line.get("Updates"));
    assertMetrics(line, List.of("Requests", "Latency"));
  }

  @Test
  void updateAnsweredServfailIsCountedForItsAlarm() throws IOException {
    APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/update-post.json");
    byte[] request = Base64.getDecoder().decode(event.getBody());
    Message servfail = new Message(request);
    servfail.getHeader().setFlag(Flags.QR);
    servfail.getHeader().setRcode(Rcode.SERVFAIL);
    new ObservedHandler((wire, context) -> DnsResponse.of(servfail.toWire()), SIGNING_TIME,
        () -> nanos, DynamoUsage::takeTotals, lines::add)
        .handle(request, RequestContext.udp("192.0.2.53:40000"));
    Map<String, Object> line = onlyLine();
    assertEquals("UPDATE", line.get("Opcode"));
    assertEquals("SERVFAIL", line.get("Rcode"));
    assertEquals(1, line.get(ObservedHandler.UPDATE_SERVFAILS));
    assertMetrics(line, List.of("Requests", "Latency", ObservedHandler.UPDATE_SERVFAILS));
  }

  @Test
  void malformedBodyNeverReachesTheDnsLog() throws IOException {
    APIGatewayV2HTTPResponse response = function(memoryZone()).handleRequest(
        EventLoader.loadApiGatewayHttpEvent("events/malformed-post.json"), null);
    assertEquals(400, response.getStatusCode());
    assertEquals(List.of(), lines);
  }

  @Test
  void updateOnDynamoDbLogsTheCapacityItConsumed() throws Exception {
    try (DynamoDbLocalServer dynamo = DynamoDbLocalServer.start(0, Optional.empty());
        DynamoDbClient client = DynamoClients.create(Optional.of(dynamo.endpoint()),
            Optional.empty(), List.of(new DynamoUsage()))) {
      ZoneTable.ensureExists(client, "request-log");
      ZoneContent zone = ZoneContent.read(Path.of("events/example.test.zone"),
          SerialPolicy.INCREMENT);
      DynamoZoneStore store = new DynamoZoneStore(client, "request-log", SIGNING_TIME);
      store.create(zone.head(), zone.nodes());
      DynamoUsage.takeTotals();
      function(store).handleRequest(
          EventLoader.loadApiGatewayHttpEvent("events/update-post.json"), null);
      Map<String, Object> line = onlyLine();
      assertEquals("NOERROR", line.get("Rcode"));
      assertTrue(((Number) line.get("ConsumedCapacity")).doubleValue() > 0, lines.get(0));
      assertEquals(0, line.get("Conflicts"));
      assertMetrics(line, List.of("Requests", "Latency", "Updates", "NamesChanged",
          "ConsumedCapacity"));
    }
  }

  /**
   * The line's metrics are {@code declared}, without dimensions: each distinct name and dimension
   * set is a billed custom metric, so opcode, rcode, zone and key stay log fields.
   */
  private static void assertMetrics(Map<String, Object> line, List<String> declared) {
    Map<String, Object> aws = SamTemplate.cast(line.get("_aws"));
    assertEquals(Instant.parse("2025-01-01T00:00:10Z").toEpochMilli(),
        ((Number) aws.get("Timestamp")).longValue());
    List<Map<String, Object>> directives = SamTemplate.cast(aws.get("CloudWatchMetrics"));
    assertEquals(1, directives.size());
    Map<String, Object> directive = directives.get(0);
    assertEquals(MetricLine.NAMESPACE, directive.get("Namespace"));
    assertEquals(List.of(List.of()), directive.get("Dimensions"));
    List<Map<String, Object>> metrics = SamTemplate.cast(directive.get("Metrics"));
    for (Map<String, Object> metric : metrics) {
      assertTrue(line.containsKey(metric.get("Name")), "every metric has its value: " + metric);
    }
    assertEquals(declared, metrics.stream().map(m -> m.get("Name")).toList());
    assertTrue(ALL_METRICS.containsAll(declared), declared.toString());
  }
}
