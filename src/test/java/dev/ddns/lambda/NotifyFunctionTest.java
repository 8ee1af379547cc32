package dev.ddns.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.ddns.adapter.dns.UdpNotifySender;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.local.LocalContext;
import dev.ddns.testing.LoopbackSecondary;
import dev.ddns.testing.LoopbackSecondary.Mode;
import dev.ddns.testing.TestLogging;
import dev.ddns.testing.TestZone;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.yaml.snakeyaml.Yaml;

/**
 * Replays {@code events/notify-stream.json} (two serial changes of example.test. and a journal
 * insert) through the handler, with loopback sockets standing in for the secondaries.
 */
class NotifyFunctionTest {
  private static final String STREAM_EVENT = "events/notify-stream.json";
  private static final String FIRST_HEAD = "100000000000000000001";

  private final UdpNotifySender sender = new UdpNotifySender(Duration.ofMillis(50),
      Duration.ofMinutes(1));
  private final TestLogging.Captured captured = TestLogging.capture();
  private final List<String> metrics = new CopyOnWriteArrayList<>();
  private final NotifyFunction function = new NotifyFunction(
      TestZone.store(TestZone.DEFAULT, SerialPolicy.INCREMENT),
      new StaticKeyStore(List.of(TestZone.KEY)), sender, Clock.systemUTC(), new Random(1),
      Duration.ofMillis(600), metrics::add);

  @AfterEach
  void close() {
    captured.close();
    sender.close();
  }

  /** The sample event with the heads' notify targets, notify key and other attributes replaced. */
  private static DynamodbEvent event(List<String> targets, Map<String, AttributeValue> set) {
    DynamodbEvent event = EventLoader.loadDynamoDbEvent(STREAM_EVENT);
    for (var record : event.getRecords()) {
      var images = new ArrayList<Map<String, AttributeValue>>();
      images.add(record.getDynamodb().getNewImage());
      if (record.getDynamodb().getOldImage() != null) {
        images.add(record.getDynamodb().getOldImage());
      }
      for (Map<String, AttributeValue> image : images) {
        if (image.containsKey("notifyTargets")) {
          image.put("notifyTargets", new AttributeValue().withL(
              targets.stream().map(t -> new AttributeValue().withS(t)).toList()));
          image.putAll(set);
        }
      }
    }
    return event;
  }

  private StreamsEventResponse handle(DynamodbEvent event) {
    return function.handleRequest(event, new LocalContext("notify", Duration.ofSeconds(10)));
  }

  @Test
  void severalChangesInOneBatchMakeOneNotifyWithTheNewestSerial() throws Exception {
    try (LoopbackSecondary secondary = LoopbackSecondary.start(Mode.ANSWER)) {
      StreamsEventResponse response = handle(event(List.of(secondary.target()), Map.of()));
      assertTrue(response.getBatchItemFailures().isEmpty(), response.toString());
      Message notify = secondary.next(2000);
      assertNotNull(notify, String.join("\n", captured.messages()));
      assertEquals(Opcode.NOTIFY, notify.getHeader().getOpcode());
      assertTrue(notify.getHeader().getFlag(Flags.AA));
      assertEquals(TestZone.ZONE, notify.getQuestion().getName());
      assertEquals(Type.SOA, notify.getQuestion().getType());
      SOARecord soa = (SOARecord) notify.getSection(Section.ANSWER).get(0);
      assertEquals(3, soa.getSerial(), "the newest serial of the batch, though the store lags");
      assertNull(secondary.next(200), "one NOTIFY per zone and batch");
    }
  }

  @Test
  void theSameBatchDeliveredTwiceRepeatsTheNotifyAndNothingElse() throws Exception {
    try (LoopbackSecondary secondary = LoopbackSecondary.start(Mode.ANSWER)) {
      DynamodbEvent event = event(List.of(secondary.target()), Map.of());
      assertTrue(handle(event).getBatchItemFailures().isEmpty());
      assertTrue(handle(event).getBatchItemFailures().isEmpty());
      for (int i = 0; i < 2; i++) {
        SOARecord soa = (SOARecord) secondary.next(2000).getSection(Section.ANSWER).get(0);
        assertEquals(3, soa.getSerial());
      }
      assertEquals(2, secondary.datagrams());
    }
  }

  @Test
  void silentAndNotimpTargetsAreLoggedAndCountedNotFailed() throws Exception {
    try (LoopbackSecondary silent = LoopbackSecondary.start(Mode.SILENT);
        LoopbackSecondary notimp = LoopbackSecondary.start(Mode.NOTIMP);
        LoopbackSecondary answering = LoopbackSecondary.start(Mode.ANSWER)) {
      StreamsEventResponse response = handle(event(
          List.of(silent.target(), notimp.target(), answering.target()), Map.of()));
      assertTrue(response.getBatchItemFailures().isEmpty());
      assertEquals(1, answering.datagrams());
      assertEquals(1, notimp.datagrams());
      String text = String.join("\n", captured.messages());
      assertTrue(text.contains("to " + silent.target() + ": silent after"), text);
      assertTrue(text.contains("to " + notimp.target() + ": answered NOTIMP after 1"), text);
      assertTrue(text.contains("to " + answering.target() + ": answered NOERROR after 1"), text);
      Map<String, Object> metrics = metricLine();
      assertEquals(2, ((Number) metrics.get("NotifyAnswered")).intValue());
      assertEquals(1, ((Number) metrics.get("NotifySilent")).intValue());
      assertEquals(0, ((Number) metrics.get("NotifyBadTarget")).intValue());
      assertEquals(List.of("NotifyAnswered", "NotifySilent"), declaredMetrics(metrics),
          "a count of zero is a plain field, not a metric");
    }
  }

  @Test
  void aZoneWithANotifyKeySignsTheNotify() throws Exception {
    try (LoopbackSecondary secondary = LoopbackSecondary.start(Mode.ANSWER)) {
      handle(event(List.of(secondary.target()),
          Map.of("notifyKey", new AttributeValue().withS(TestZone.KEY.name().toString()))));
      byte[] wire = secondary.nextWire(2000);
      Message notify = new Message(wire);
      assertNotNull(notify.getTSIG());
      assertEquals(Rcode.NOERROR,
          TestZone.KEY.signer(Clock.systemUTC()).verify(notify, wire, null));
    }
  }

  @Test
  void aMissingNotifyKeySendsNothingAndIsNoBatchFailure() throws Exception {
    try (LoopbackSecondary secondary = LoopbackSecondary.start(Mode.ANSWER)) {
      StreamsEventResponse response = handle(event(List.of(secondary.target()),
          Map.of("notifyKey", new AttributeValue().withS("absent-key."))));
      assertTrue(response.getBatchItemFailures().isEmpty());
      assertNull(secondary.next(200));
      assertTrue(String.join("\n", captured.messages()).contains("notify key absent-key. is not in the key store"));
    }
  }

  @Test
  void anUnreadableHeadIsABatchItemFailureAndTheRestIsStillSent() throws Exception {
    try (LoopbackSecondary secondary = LoopbackSecondary.start(Mode.ANSWER)) {
      DynamodbEvent event = event(List.of(secondary.target()), Map.of());
      event.getRecords().get(0).getDynamodb().getNewImage()
          .put("serialPolicy", new AttributeValue().withS("BOGUS"));
      StreamsEventResponse response = handle(event);
      assertEquals(List.of(FIRST_HEAD), response.getBatchItemFailures().stream()
          .map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList());
      SOARecord soa = (SOARecord) secondary.next(2000).getSection(Section.ANSWER).get(0);
      assertEquals(3, soa.getSerial());
    }
  }

  @Test
  void aSenderFailureFailsTheNotifiedChanges() {
    NotifyFunction failing = new NotifyFunction(
        TestZone.store(TestZone.DEFAULT, SerialPolicy.INCREMENT), new StaticKeyStore(List.of()),
        (notifications, window) -> {
          throw new java.io.UncheckedIOException(new java.io.IOException("no sockets left"));
        }, Clock.systemUTC(), new Random(1));
    StreamsEventResponse response = failing.handleRequest(event(List.of("192.0.2.53"), Map.of()),
        new LocalContext("notify", Duration.ofSeconds(10)));
    assertEquals(List.of(FIRST_HEAD, "100000000000000000003"), response.getBatchItemFailures()
        .stream().map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList());
  }

  @ParameterizedTest(name = "{0} ms left: wait up to {1} ms")
  @CsvSource({"60000, 2000", "2000, 1500", "400, 0"})
  void theWindowFitsTheRemainingTime(int remaining, long window) {
    LocalContext context = new LocalContext("notify", Duration.ofMillis(remaining));
    NotifyFunction defaults = new NotifyFunction(null, null, null, Clock.systemUTC(),
        new Random(1));
    long got = defaults.window(context).toMillis();
    assertTrue(got <= window && got >= window - 50, got + " ms");
  }

  /** The EMF line among the lines written, parsed. */
  private Map<String, Object> metricLine() {
    String line = metrics.stream().reduce((a, b) -> b).orElseThrow();
    return new Yaml().load(line);
  }

  private static List<Object> declaredMetrics(Map<String, Object> line) {
    Map<String, Object> aws = SamTemplate.cast(line.get("_aws"));
    List<Map<String, Object>> directives = SamTemplate.cast(aws.get("CloudWatchMetrics"));
    List<Map<String, Object>> metrics = SamTemplate.cast(directives.get(0).get("Metrics"));
    return metrics.stream().map(m -> m.get("Name")).toList();
  }
}
