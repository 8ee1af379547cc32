package dev.ddns.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.bench.SlowClients;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Slow HTTP bodies (issue 18, item 1): clients that send a DoH POST's headers with {@code
 * Content-Length: 100} and then one body byte at a time must not stop DNS, nor the endpoint for
 * other HTTP clients. Each attack stops by itself; a signed update through the relay (UDP and
 * TCP) is answered within a second during it and after it, and the attack changes nothing.
 */
class SlowHttpBodyTest {
  private static final Name ZONE = Name.fromConstantString("slow.test.");
  private static final Duration WITHIN = Duration.ofSeconds(1);

  private final List<String> added = new ArrayList<>();

  @Test
  void slowBodiesHoldNoWorkerAndNeverDelayTheRelay(@TempDir Path dir) throws Exception {
    try (LocalSystem system = start(dir)) {
      warmUp(system);
      Set<String> before = records(system);
      InetSocketAddress http = new InetSocketAddress("127.0.0.1", system.httpPort());
      try (SlowClients attack = SlowClients.slowHttpBodies(http, 32, Duration.ofMillis(500),
          Duration.ofSeconds(4), false)) {
        Thread.sleep(300);
        for (int i = 0; i < 3; i++) {
          assertSignedUpdateAnswered(system, false, "UDP during the attack");
          assertSignedUpdateAnswered(system, true, "TCP during the attack");
          assertEquals(200, dohQuery(system).statusCode(), "another DoH client, during the attack");
        }
        attack.awaitEnd();
      }
      assertSignedUpdateAnswered(system, false, "after the attack");
      assertOnlyLegitimateChanges(system, before);
    }
  }

  @Test
  void aBodyThatNeverCompletesIsAnswered408AtTheDeadline(@TempDir Path dir) throws Exception {
    try (LocalSystem system = start(dir)) {
      warmUp(system);
      Set<String> before = records(system);
      InetSocketAddress http = new InetSocketAddress("127.0.0.1", system.httpPort());
      long start = System.nanoTime();
      try (SlowClients attack = SlowClients.slowHttpBodies(http, 1, Duration.ofMillis(200),
          Duration.ofSeconds(30), false)) {
        long until = start + LocalHttpServer.BODY_DEADLINE.plusSeconds(3).toNanos();
        while (attack.closedByServer() == 0 && System.nanoTime() < until) {
          Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(1, attack.closedByServer(), "a byte every 200 ms held the request open");
        assertTrue(seconds >= LocalHttpServer.BODY_DEADLINE.toSeconds() - 0.5, "closed after "
            + seconds + " s, before the deadline");
        assertSignedUpdateAnswered(system, true, "after the deadline");
      }
      assertOnlyLegitimateChanges(system, before);
    }
  }

  private static LocalSystem start(Path dir) throws IOException {
    return LocalSystem.start(new LocalConfig(ZONE, List.of(LocalConfig.LOOPBACK_V4), 0, 0,
        dir.resolve("slow.key"), LocalConfig.DEFAULT_KEY_NAME, List.of()));
  }

  private static SimpleResolver resolver(LocalSystem system, boolean tcp, Duration timeout)
      throws IOException {
    SimpleResolver resolver = new SimpleResolver(
        new InetSocketAddress(LocalConfig.LOOPBACK_V4, system.dnsPort()));
    resolver.setTCP(tcp);
    resolver.setTimeout(timeout);
    resolver.setTSIGKey(system.key().signer(Clock.systemUTC()));
    return resolver;
  }

  /** Signed queries and a DoH query without a time bound: a new JVM's first requests are slow. */
  private static void warmUp(LocalSystem system) throws Exception {
    for (boolean tcp : new boolean[] {false, true, false, true}) {
      Message reply = resolver(system, tcp, Duration.ofSeconds(10))
          .send(Message.newQuery(Record.newRecord(ZONE, Type.SOA, DClass.IN)));
      assertEquals(Rcode.NOERROR, reply.getRcode());
    }
    dohQuery(system);
  }

  private void assertSignedUpdateAnswered(LocalSystem system, boolean tcp, String when)
      throws IOException {
    Update update = new Update(ZONE);
    Record record = new ARecord(Name.fromConstantString("legit-" + added.size() + "." + ZONE),
        DClass.IN, 60, java.net.InetAddress.getByName("192.0.2.1"));
    update.add(record);
    long start = System.nanoTime();
    Message reply = resolver(system, tcp, WITHIN).send(update);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(Rcode.string(Rcode.NOERROR), Rcode.string(reply.getRcode()), when);
    assertTrue(millis <= WITHIN.toMillis(), when + ": answered after " + millis + " ms");
    added.add(record.toString());
  }

  /** An unsigned SOA query posted to the public DoH endpoint, within a second. */
  private static HttpResponse<byte[]> dohQuery(LocalSystem system) throws Exception {
    byte[] query = Message.newQuery(Record.newRecord(ZONE, Type.SOA, DClass.IN)).toWire();
    HttpRequest post = HttpRequest.newBuilder(URI.create(system.endpoint().toString()))
        .timeout(WITHIN).header("Content-Type", "application/dns-message")
        .POST(HttpRequest.BodyPublishers.ofByteArray(query)).build();
    return HttpClient.newHttpClient().send(post, HttpResponse.BodyHandlers.ofByteArray());
  }

  private static Set<String> records(LocalSystem system) {
    Set<String> records = new TreeSet<>();
    system.store().open(ZONE).orElseThrow().nodes().forEach(n -> n.rrsets().forEach(s ->
        s.records().stream().filter(r -> r.getType() != Type.SOA)
            .forEach(r -> records.add(r.toString()))));
    return records;
  }

  private void assertOnlyLegitimateChanges(LocalSystem system, Set<String> before) {
    Set<String> expected = new TreeSet<>(before);
    expected.addAll(added);
    assertEquals(expected, records(system));
  }
}
