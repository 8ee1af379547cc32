package dev.ddns.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.testing.MutableClock;
import dev.ddns.testing.SignedMessages;
import dev.ddns.testing.TestZone;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** {@link ServiceLimits}: the token bucket per key, and the bound on requests in flight. */
class ServiceLimitsTest {
  static final TsigKey OTHER =
      TsigKey.of("other-key.", "hmac-sha256", "b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldC1vdGhlcg==");

  final MutableClock clock = new MutableClock(DnsServiceTest.NOW);

  DnsService service(ZoneStore store, ServiceLimits limits) {
    return new DnsService(store, new StaticKeyStore(List.of(TestZone.KEY, OTHER)), clock,
        RandomGenerator.of("L64X128MixRandom"), limits);
  }

  Message query(DnsService service, TsigKey key) throws Exception {
    Message q = Message.newQuery(Record.newRecord(TestZone.ZONE, Type.SOA, DClass.IN));
    q.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    byte[] wire = key == null ? q.toWire() : SignedMessages.signed(q, key, clock);
    return new Message(service.handle(wire, RequestContext.tcp("test")).single());
  }

  static String ede(Message response) {
    return ((ExtendedErrorCodeOption) response.getOPT().getOptions().get(0)).getText();
  }

  @Test
  void aKeyOverItsBurstIsRefusedSignedWithAReasonUntilTokensComeBack() throws Exception {
    DnsService service = service(TestZone.store(), new ServiceLimits(2, 3, 100));
    for (int i = 0; i < 3; i++) {
      assertEquals(Rcode.NOERROR, query(service, TestZone.KEY).getRcode(), "burst, request " + i);
    }
    Message refused = query(service, TestZone.KEY);
    assertEquals(Rcode.REFUSED, refused.getRcode());
    assertNotNull(refused.getTSIG(), "the request verified: the refusal is signed");
    assertTrue(ede(refused).contains("test-key. is over its rate limit of 2 requests/s"),
        ede(refused));
    assertEquals(Rcode.NOERROR, query(service, OTHER).getRcode(), "other keys have their own");
    assertEquals(Rcode.NOERROR, query(service, null).getRcode(), "unsigned requests have no key");
    clock.advance(Duration.ofMillis(500));
    assertEquals(Rcode.NOERROR, query(service, TestZone.KEY).getRcode(), "one token per 500 ms");
    assertEquals(Rcode.REFUSED, query(service, TestZone.KEY).getRcode());
    clock.advance(Duration.ofHours(1));
    for (int i = 0; i < 3; i++) {
      assertEquals(Rcode.NOERROR, query(service, TestZone.KEY).getRcode(), "refilled to 3 only");
    }
    assertEquals(Rcode.REFUSED, query(service, TestZone.KEY).getRcode());
  }

  @Test
  void aRefusedUpdateChangesNothing() throws Exception {
    InMemoryZoneStore store = TestZone.store();
    DnsService service = service(store, new ServiceLimits(1, 1, 100));
    assertEquals(Rcode.NOERROR, query(service, TestZone.KEY).getRcode());
    Message update = SignedMessages.update("limited.example.test. 300 A 192.0.2.9");
    Message response = new Message(service.handle(SignedMessages.signed(update, TestZone.KEY,
        clock), RequestContext.tcp("test")).single());
    assertEquals(Rcode.REFUSED, response.getRcode());
    assertTrue(store.open(TestZone.ZONE).orElseThrow()
        .node(DnsServiceTest.name("limited.example.test.")).isEmpty());
  }

  @Test
  void requestsOverTheInFlightBoundAreServfailServerBusy() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    DnsService service = service(blocking(TestZone.store(), inside, release),
        new ServiceLimits(1000, 1000, 1));
    CompletableFuture<Message> first = CompletableFuture.supplyAsync(() -> {
      try {
        return query(service, TestZone.KEY);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertTrue(inside.await(10, TimeUnit.SECONDS), "the first request holds the only slot");
    Message busy = query(service, TestZone.KEY);
    assertEquals(Rcode.SERVFAIL, busy.getRcode());
    assertTrue(ede(busy).contains("server busy"), ede(busy));
    assertEquals(null, busy.getTSIG(), "not verified, so not signed");
    release.countDown();
    assertEquals(Rcode.NOERROR, first.get(10, TimeUnit.SECONDS).getRcode());
    assertEquals(Rcode.NOERROR, query(service, TestZone.KEY).getRcode(), "the slot is free again");
  }

  @Test
  void limitsMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new ServiceLimits(0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new ServiceLimits(1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new ServiceLimits(1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new ServiceLimits(Double.NaN, 1, 1));
  }

  /** {@code store}, whose first zone lookup signals {@code inside} and waits for {@code release}. */
  static ZoneStore blocking(ZoneStore store, CountDownLatch inside, CountDownLatch release) {
    return (ZoneStore) Proxy.newProxyInstance(ZoneStore.class.getClassLoader(),
        new Class<?>[] {ZoneStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("findZone") && inside.getCount() > 0) {
            inside.countDown();
            release.await(10, TimeUnit.SECONDS);
          }
          return method.invoke(store, args);
        });
  }
}
