package dev.ddns.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.RequestContext;
import dev.ddns.local.LocalContext;
import dev.ddns.testing.MutableClock;
import dev.ddns.testing.TestZone;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

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
    List<String> log = new ArrayList<>();
    LocalContext context = new LocalContext("ExpiryFunction", Duration.ofMinutes(1), log::add);

    assertEquals(0, function.handleRequest(event, context), "not due yet");
    clock.advance(Duration.ofHours(1));
    assertEquals(1, function.handleRequest(event, context));

    assertTrue(store.open(TestZone.ZONE).orElseThrow()
        .node(org.xbill.DNS.Name.fromString("_acme-challenge.example.test.")).isEmpty());
    assertEquals(3, store.open(TestZone.ZONE).orElseThrow().head().serial());
    assertEquals("{\"sweep\":\"expiry\",\"zones\":1,\"candidates\":1,\"rrsetsRemoved\":1,"
        + "\"capacityUnits\":0.0}", log.get(log.size() - 1));
  }

  private void addChallenge() throws Exception {
    DnsService service = new DnsService(store, TestZone.keys(), clock);
    Message update = Message.newUpdate(TestZone.ZONE);
    update.addRecord(TestZone.rr("_acme-challenge 60 TXT \"token\""), Section.UPDATE);
    update.setTSIG(TestZone.KEY.signer(clock));
    byte[] wire = update.toWire(65535);
    Message response = new Message(service.handle(wire, RequestContext.tcp("test")).single());
    assertEquals(Rcode.NOERROR, response.getRcode());
  }
}
