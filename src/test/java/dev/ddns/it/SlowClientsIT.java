package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.bench.SlowClients;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.DnsWire;
import dev.ddns.testing.tools.Exec;
import dev.ddns.testing.tools.LocalDdns;
import dev.ddns.testing.tools.Nsupdate;
import dev.ddns.testing.tools.TestKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import org.xbill.DNS.ZoneTransferIn;

/**
 * Slow clients against {@code ddns local} (issue 18, items 1 and 4): 100 HTTP clients that send
 * a DoH POST body one byte at a time, and 300 TCP DNS clients from 20 loopback addresses that
 * trickle a message that never completes (reconnecting when closed on). Each attack stops by
 * itself. While it holds and after, signed updates over UDP and TCP are answered NOERROR within a
 * second, nsupdate works, and a signed AXFR shows the zone changed only by those updates.
 */
class SlowClientsIT {
  private static final Name ZONE = Name.fromConstantString(DemoZone.NAME);
  private static final Duration WITHIN = Duration.ofSeconds(1);

  private final List<String> added = new ArrayList<>();

  @Test
  void slowHttpBodiesDoNotStopDns(@TempDir Path dir) throws Exception {
    try (LocalDdns ddns = LocalDdns.start(dir, List.of())) {
      TsigKey key = key(ddns);
      warmUp(ddns, key);
      Set<String> before = axfr(ddns, key);
      try (SlowClients attack = SlowClients.slowHttpBodies(
          new InetSocketAddress("127.0.0.1", ddns.httpPort()), 100, Duration.ofSeconds(1),
          Duration.ofSeconds(8), false)) {
        for (int i = 0; i < 4; i++) {
          Thread.sleep(500);
          assertUpdateAnswered(ddns, key, i % 2 == 1, "during the slow bodies");
        }
        nsupdate(ddns, "nsupdate during the slow bodies");
        attack.awaitEnd();
        assertTrue(attack.closedByServer() >= 100,
            "the body deadline ended the slow requests: " + attack.closedByServer());
      }
      assertUpdateAnswered(ddns, key, false, "after the slow bodies");
      assertEquals(expected(before), axfr(ddns, key), ddns.diagnostics());
      assertTrue(ddns.isAlive(), ddns.diagnostics());
    }
  }

  @Test
  void tricklingTcpClientsDoNotKeepOthersOut(@TempDir Path dir) throws Exception {
    try (LocalDdns ddns = LocalDdns.start(dir, List.of())) {
      TsigKey key = key(ddns);
      warmUp(ddns, key);
      Set<String> before = axfr(ddns, key);
      try (SlowClients attack = SlowClients.trickleTcp(
          new InetSocketAddress("127.0.0.1", ddns.dnsPort()), 300,
          SlowClients.loopbackSources(20), Duration.ofSeconds(1), Duration.ofSeconds(8), true)) {
        for (int i = 0; i < 6; i++) {
          Thread.sleep(500);
          assertUpdateAnswered(ddns, key, true, "TCP during the trickle");
        }
        nsupdate(ddns, "nsupdate -v during the trickle");
        attack.awaitEnd();
      }
      assertUpdateAnswered(ddns, key, true, "after the trickle");
      assertEquals(expected(before), axfr(ddns, key), ddns.diagnostics());
      assertTrue(ddns.output().contains("keep slots free for new clients")
          || ddns.output().contains("per address refused"), ddns.diagnostics());
      assertTrue(ddns.isAlive(), ddns.diagnostics());
    }
  }

  private static TsigKey key(LocalDdns ddns) {
    TestKey local = ddns.localKey();
    return TsigKey.of(local.name(), local.algorithm(), local.secret());
  }

  private static SimpleResolver resolver(LocalDdns ddns, TsigKey key, boolean tcp,
      Duration timeout) throws Exception {
    SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1",
        ddns.dnsPort()));
    resolver.setLocalAddress(InetAddress.getByName("127.0.0.1"));
    resolver.setTCP(tcp);
    resolver.setTimeout(timeout);
    resolver.setTSIGKey(key.signer(Clock.systemUTC()));
    return resolver;
  }

  /** Signed queries without a time bound: a new process's first requests are slow. */
  private static void warmUp(LocalDdns ddns, TsigKey key) throws Exception {
    for (boolean tcp : new boolean[] {false, true, false, true}) {
      assertEquals(Rcode.NOERROR, resolver(ddns, key, tcp, Duration.ofSeconds(10))
          .send(Message.newQuery(Record.newRecord(ZONE, Type.SOA, DClass.IN))).getRcode());
    }
  }

  private void assertUpdateAnswered(LocalDdns ddns, TsigKey key, boolean tcp, String when)
      throws Exception {
    Record record = new ARecord(Name.fromConstantString("legit-" + added.size() + "." + ZONE),
        DClass.IN, 60, InetAddress.getByName("192.0.2.1"));
    Update update = new Update(ZONE);
    update.add(record);
    long start = System.nanoTime();
    Message reply = resolver(ddns, key, tcp, WITHIN).send(update);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(Rcode.string(Rcode.NOERROR), Rcode.string(reply.getRcode()), when);
    assertTrue(millis <= WITHIN.toMillis(), when + ": answered after " + millis + " ms");
    added.add(record.toString());
  }

  private void nsupdate(LocalDdns ddns, String when) throws Exception {
    Record record = new ARecord(Name.fromConstantString("nsupdate-" + added.size() + "." + ZONE),
        DClass.IN, 60, InetAddress.getByName("192.0.2.2"));
    Exec.Result result = Nsupdate.run(Nsupdate.Auth.k(ddns.localKey()), DnsWire.Transport.TCP,
        Nsupdate.script(ddns.dnsPort(), "update add " + record.getName() + " 60 A 192.0.2.2"));
    assertEquals(0, result.exitCode(), when + ": " + result.output());
    added.add(record.toString());
  }

  private Set<String> expected(Set<String> before) {
    Set<String> expected = new TreeSet<>(before);
    expected.addAll(added);
    return expected;
  }

  /** The zone by a signed AXFR, without its SOA records (whose serial each update moves). */
  private static Set<String> axfr(LocalDdns ddns, TsigKey key) throws Exception {
    ZoneTransferIn axfr = ZoneTransferIn.newAXFR(ZONE,
        new InetSocketAddress("127.0.0.1", ddns.dnsPort()), key.signer(Clock.systemUTC()));
    axfr.setTimeout(Duration.ofSeconds(10));
    axfr.run();
    Set<String> records = new TreeSet<>();
    axfr.getAXFR().stream().filter(r -> r.getType() != Type.SOA)
        .forEach(r -> records.add(r.toString()));
    return records;
  }
}
