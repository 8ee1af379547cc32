package dev.ddns.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.local.LocalConfig;
import dev.ddns.local.LocalSystem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
 * A real endpoint for relay attack tests: {@code ddns local} on the in-memory store, on free
 * loopback ports, with a relay of the test's own configuration in front of its HTTP endpoint.
 * Sends signed updates that must be answered NOERROR within a second, and lists the zone's
 * records, so a test can show that an attack changed nothing.
 */
final class LiveZone implements AutoCloseable {
  static final Name ZONE = Name.fromConstantString("live.test.");
  /** A signed update must be answered within this, during an attack and after it. */
  static final Duration ANSWER_WITHIN = Duration.ofSeconds(1);

  private final LocalSystem system;
  private final List<String> legitimate = new ArrayList<>();

  private LiveZone(LocalSystem system) {
    this.system = system;
  }

  static LiveZone start(Path dir) throws IOException {
    return new LiveZone(LocalSystem.start(new LocalConfig(ZONE, List.of(LocalConfig.LOOPBACK_V4),
        0, 0, dir.resolve("live.key"), LocalConfig.DEFAULT_KEY_NAME, List.of())));
  }

  LocalSystem system() {
    return system;
  }

  /** A relay in front of the endpoint, on a free port of 127.0.0.1. */
  Relay relay(RelayConfig config) throws IOException {
    return Relay.start(config);
  }

  RelayConfig relayConfig() {
    return RelayConfig.of(system.endpoint(), List.of(new InetSocketAddress(LocalConfig.LOOPBACK_V4, 0)));
  }

  /**
   * Sends a signed update adding {@code legit-N} from 127.0.0.1 over TCP or UDP to {@code server}
   * and asserts it is answered NOERROR within {@link #ANSWER_WITHIN}.
   */
  void assertSignedUpdateAnswered(InetSocketAddress server, boolean tcp, String when)
      throws IOException {
    SimpleResolver resolver = new SimpleResolver(server);
    resolver.setTCP(tcp);
    resolver.setLocalAddress(InetAddress.getByName("127.0.0.1"));
    resolver.setTimeout(ANSWER_WITHIN);
    resolver.setTSIGKey(system.key().signer(Clock.systemUTC()));
    Update update = new Update(ZONE);
    Record added = new ARecord(Name.fromConstantString("legit-" + legitimate.size() + "." + ZONE),
        DClass.IN, 60, InetAddress.getByName("192.0.2.1"));
    update.add(added);
    long start = System.nanoTime();
    Message reply = resolver.send(update);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(Rcode.string(Rcode.NOERROR), Rcode.string(reply.getRcode()), when);
    assertTrue(millis <= ANSWER_WITHIN.toMillis(), when + ": answered after " + millis + " ms");
    legitimate.add(added.toString());
  }

  /**
   * Sends signed SOA queries over UDP and TCP to {@code server}, without a time bound: the first
   * requests of a new JVM are slow (class loading, the JIT), and an attack test times only what
   * comes after.
   */
  void warmUp(InetSocketAddress server) throws IOException {
    for (boolean tcp : new boolean[] {false, true, false, true}) {
      SimpleResolver resolver = new SimpleResolver(server);
      resolver.setTCP(tcp);
      resolver.setTimeout(Duration.ofSeconds(10));
      resolver.setTSIGKey(system.key().signer(Clock.systemUTC()));
      Message reply = resolver.send(Message.newQuery(
          Record.newRecord(ZONE, Type.SOA, DClass.IN)));
      assertEquals(Rcode.NOERROR, reply.getRcode(), reply::toString);
    }
  }

  /** The zone's records but the SOA (whose serial each update moves), as text, in order. */
  Set<String> records() {
    Set<String> records = new TreeSet<>();
    system.store().open(ZONE).orElseThrow().nodes().forEach(n -> n.rrsets().forEach(s ->
        s.records().stream().filter(r -> r.getType() != Type.SOA)
            .forEach(r -> records.add(r.toString()))));
    return records;
  }

  /**
   * Asserts that the zone holds {@code before} plus what the legitimate updates added, and nothing
   * else: the attack changed nothing.
   */
  void assertOnlyLegitimateChanges(Set<String> before) {
    Set<String> expected = new TreeSet<>(before);
    expected.addAll(legitimate);
    assertEquals(expected, records());
  }

  @Override
  public void close() {
    system.close();
  }
}
