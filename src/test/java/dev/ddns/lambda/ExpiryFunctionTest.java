package dev.ddns.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.ddns.adapter.dynamodb.DynamoDbLocal;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.RequestContext;
import dev.ddns.local.LocalContext;
import dev.ddns.testing.MutableClock;
import dev.ddns.testing.TestLogging;
import dev.ddns.testing.TestZone;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;

/** The scheduled sweep, replayed from {@code events/expiry-schedule.json} through its handler. */
class ExpiryFunctionTest {
  private static final String EVENT = "events/expiry-schedule.json";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T03:00:00Z"));
  private final InMemoryZoneStore store = TestZone.store(TestZone.DEFAULT, SerialPolicy.INCREMENT);

  @Test
  void theScheduledEventRemovesExpiredChallengesThroughTheUpdatePath() throws Exception {
    ZoneHead head = store.open(TestZone.ZONE).orElseThrow().head();
    store.updateSettings(TestZone.ZONE, head.settings().withUpdatePolicy(List.of(
        "grant test-key. zonesub ANY",
        "expire 1h subdomain _acme-challenge.example.test. TXT")));
    addChallenge();
    ScheduledEvent event = EventLoader.loadScheduledEvent(EVENT);
    ExpiryFunction function = new ExpiryFunction(store, clock);
    LocalContext context = new LocalContext("ExpiryFunction", Duration.ofMinutes(1));

    assertEquals(0, function.handleRequest(event, context), "not due yet");
    clock.advance(Duration.ofHours(1));
    List<String> log;
    try (TestLogging.Captured captured = TestLogging.capture()) {
      assertEquals(1, function.handleRequest(event, context));
      log = captured.messages();
    }

    assertTrue(store.open(TestZone.ZONE).orElseThrow()
        .node(org.xbill.DNS.Name.fromString("_acme-challenge.example.test.")).isEmpty());
    assertEquals(3, store.open(TestZone.ZONE).orElseThrow().head().serial());
    assertEquals("zones=1 candidates=1 rrsetsRemoved=1 capacityUnits=0.0 expiry sweep",
        log.get(log.size() - 1));
  }

  /**
   * On DynamoDB the sweep finds its work in the two indexes, eventually consistent, and reads
   * consistently only the name it deletes, in the TransactGetItems its update is evaluated on; a
   * Scan would fail the run.
   */
  @Test
  void onDynamoDbTheSweepQueriesTheIndexesEventuallyConsistentAndNeverScans() throws Exception {
    RecordingDynamoDb client = new RecordingDynamoDb(DynamoDbLocal.client());
    DynamoZoneStore dynamo = new DynamoZoneStore(client, DynamoDbLocal.newTable(), clock);
    TestZone.load(dynamo, TestZone.DEFAULT, SerialPolicy.INCREMENT);
    dynamo.updateSettings(TestZone.ZONE, dynamo.open(TestZone.ZONE).orElseThrow().head()
        .settings().withUpdatePolicy(List.of("grant test-key. zonesub ANY",
            "expire 1h subdomain _acme-challenge.example.test. TXT")));
    addChallenge(dynamo);
    addRecord(dynamo, "other 60 TXT \"stays\"");
    ExpiryFunction function = new ExpiryFunction(dynamo, clock);
    LocalContext context = new LocalContext("ExpiryFunction", Duration.ofMinutes(1));
    clock.advance(Duration.ofHours(1));
    client.clear();

    assertEquals(1, function.handleRequest(EventLoader.loadScheduledEvent(EVENT), context));

    List<SdkRequest> requests = client.requests();
    List<QueryRequest> queries = requests.stream().filter(QueryRequest.class::isInstance)
        .map(QueryRequest.class::cast).toList();
    assertEquals(List.of("zones", "expiry"), queries.stream().map(QueryRequest::indexName).toList(),
        "one Query of each index, nothing of the table: " + requests);
    queries.forEach(q -> assertFalse(Boolean.TRUE.equals(q.consistentRead()),
        "discovery is eventually consistent: " + q));
    assertTrue(requests.stream().noneMatch(r -> r instanceof ScanRequest || r instanceof GetItemRequest
        || r instanceof BatchGetItemRequest), "no Scan and no other read: " + requests);
    List<TransactGetItemsRequest> reads = requests.stream()
        .filter(TransactGetItemsRequest.class::isInstance).map(TransactGetItemsRequest.class::cast)
        .toList();
    assertEquals(1, reads.size(), "one consistent read, for the deletion: " + requests);
    assertEquals(List.of("HEAD", "N#", "N#_acme-challenge"), reads.get(0).transactItems().stream()
        .map(t -> t.get().key().get("sk").s()).toList(), "the head, the apex and the due name");
    assertTrue(dynamo.open(TestZone.ZONE).orElseThrow()
        .node(org.xbill.DNS.Name.fromString("_acme-challenge.example.test.")).isEmpty());
  }

  private void addChallenge() throws Exception {
    addChallenge(store);
  }

  private void addChallenge(ZoneStore target) throws Exception {
    addRecord(target, "_acme-challenge 60 TXT \"token\"");
  }

  private void addRecord(ZoneStore target, String line) throws Exception {
    DnsService service = new DnsService(target, TestZone.keys(), clock);
    Message update = Message.newUpdate(TestZone.ZONE);
    update.addRecord(TestZone.rr(line), Section.UPDATE);
    update.setTSIG(TestZone.KEY.signer(clock));
    byte[] wire = update.toWire(65535);
    Message response = new Message(service.handle(wire, RequestContext.tcp("test")).single());
    assertEquals(Rcode.NOERROR, response.getRcode());
  }
}
