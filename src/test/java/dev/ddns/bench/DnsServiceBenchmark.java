package dev.ddns.bench;

import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.RequestContext;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.testing.TestZone;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Throughput of the protocol core alone: {@link DnsService#handle} on the in-memory store, one
 * thread, no sockets, no HTTP. Every request is TSIG-signed and fully verified; the response is
 * built, signed and serialised.
 *
 * <p>Requests are built and signed once in setup, with a fixed {@link Clock} that the service
 * shares, so they keep verifying however long the run lasts. The update stream cycles through a
 * pool of owner names: {@value #POOL} messages each add {@code rrs} A records, then {@value #POOL}
 * messages delete exactly those records, so the zone oscillates between its initial content and
 * at most {@code POOL * rrs} extra records and never grows without bound. Each request is
 * checked (response rcode must be NOERROR); a failing one aborts the iteration.
 *
 * <p>Run with {@code bench/jmh} (see docs/BENCHMARKS.md).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class DnsServiceBenchmark {
  static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  /** 32 random bytes, base64: the same secret for every algorithm. */
  static final String SECRET = "kJznjEUsWSB7kAkQuykoHGLrLPbj7NwUk9qSR+qGe7A=";
  static final RequestContext CONTEXT = RequestContext.udp("bench");
  /** Number of add messages (and of delete messages) in one cycle of the update stream. */
  static final int POOL = 256;

  /** A service over a fresh copy of the test zone, trusting one key of {@code algorithm}. */
  abstract static class ServiceState {
    DnsService service;
    TsigKey key;
    byte[][] requests;
    int next;
    long failures;
    int lastBadRcode;

    void init(String algorithm) {
      init(algorithm, List.of());
    }

    /** As {@link #init(String)}, the zone's update policy set to {@code policy}. */
    void init(String algorithm, List<String> policy) {
      key = TsigKey.of("bench-key.", algorithm, SECRET);
      InMemoryZoneStore store = TestZone.store();
      store.updateSettings(TestZone.ZONE, store.open(TestZone.ZONE).orElseThrow().head()
          .settings().withUpdatePolicy(policy));
      service = new DnsService(store, new StaticKeyStore(List.of(key)), CLOCK);
    }

    byte[] nextRequest() {
      byte[] request = requests[next];
      next = next + 1 == requests.length ? 0 : next + 1;
      return request;
    }

    /** Counts a response whose rcode is not NOERROR (header byte 3, low nibble). */
    void check(byte[] response) {
      int rcode = response[3] & 0x0F;
      if (rcode != Rcode.NOERROR) {
        failures++;
        lastBadRcode = rcode;
      }
    }

    /** Runs every request once, so that a broken setup fails before measuring. */
    void selfTest() {
      for (byte[] request : requests) {
        Message response;
        try {
          response = new Message(service.handle(request, CONTEXT).single());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        if (response.getRcode() != Rcode.NOERROR || response.getTSIG() == null) {
          throw new IllegalStateException("setup is broken, request answered:\n" + response);
        }
      }
      next = 0;
    }

    void assertNoFailures() {
      if (failures > 0) {
        throw new IllegalStateException(failures + " requests failed, last rcode "
            + Rcode.string(lastBadRcode));
      }
    }
  }

  @State(Scope.Thread)
  public static class UpdateState extends ServiceState {
    @Param({"hmac-md5", "hmac-sha256", "hmac-sha512"})
    public String algorithm;

    /** Resource records per UPDATE message, each on its own owner name. */
    @Param({"1", "10"})
    public int rrs;

    /**
     * The zone's update policy (docs/policy.md): {@code open} has no rules; {@code rules} has
     * nine rules for other keys before the one that grants the benchmark key; {@code
     * rules+expire} adds an expire rule covering the updated names, so every addition is stamped.
     */
    @Param({"open"})
    public String policy;

    private List<String> policyLines() {
      List<String> lines = new ArrayList<>();
      if (policy.startsWith("rules")) {
        for (int i = 0; i < 9; i++) {
          lines.add("grant other-" + i + ". subdomain h" + i + ".bench.example.test. TXT");
        }
        lines.add("grant bench-key. subdomain bench.example.test. A");
      }
      if (policy.endsWith("expire")) {
        lines.add("expire 1h subdomain bench.example.test. A");
      }
      return lines;
    }

    @Setup(Level.Trial)
    public void setUp() {
      init(algorithm, policyLines());
      List<byte[]> adds = new ArrayList<>();
      List<byte[]> deletes = new ArrayList<>();
      for (int slot = 0; slot < POOL; slot++) {
        Message add = Message.newUpdate(TestZone.ZONE);
        Message delete = Message.newUpdate(TestZone.ZONE);
        for (int r = 0; r < rrs; r++) {
          String line = "h" + slot + "-" + r + ".bench 300 A 10." + (r + 1) + "."
              + (slot >> 8) + "." + (slot & 0xFF);
          Record rr = TestZone.rr(line);
          add.addRecord(rr, Section.UPDATE);
          // RFC 2136 §2.5.4: class NONE, TTL 0 deletes exactly this RR.
          delete.addRecord(Record.newRecord(rr.getName(), Type.A, DClass.NONE, 0,
              rr.rdataToWireCanonical()), Section.UPDATE);
        }
        adds.add(sign(add, key));
        deletes.add(sign(delete, key));
      }
      List<byte[]> all = new ArrayList<>(adds);
      all.addAll(deletes);
      requests = all.toArray(new byte[0][]);
      selfTest();
    }

    @TearDown(Level.Iteration)
    public void verify() {
      assertNoFailures();
    }
  }

  @State(Scope.Thread)
  public static class QueryState extends ServiceState {
    @Param({"hmac-md5", "hmac-sha256", "hmac-sha512"})
    public String algorithm;

    @Setup(Level.Trial)
    public void setUp() {
      init(algorithm);
      requests = new byte[64][];
      for (int i = 0; i < requests.length; i++) {
        Message query = Message.newQuery(
            Record.newRecord(TestZone.ZONE, Type.SOA, DClass.IN));
        requests[i] = sign(query, key);
      }
      selfTest();
    }

    @TearDown(Level.Iteration)
    public void verify() {
      assertNoFailures();
    }
  }

  /** One signed UPDATE (add or delete of {@code rrs} A records), verified, applied, answered. */
  @Benchmark
  public byte[] signedUpdate(UpdateState s) {
    byte[] response = s.service.handle(s.nextRequest(), CONTEXT).single();
    s.check(response);
    return response;
  }

  /** One signed SOA query for the zone apex, verified and answered with a signed response. */
  @Benchmark
  public byte[] signedSoaQuery(QueryState s) {
    byte[] response = s.service.handle(s.nextRequest(), CONTEXT).single();
    s.check(response);
    return response;
  }

  /** The wire form of {@code m} signed with {@code key} at the fixed benchmark time. */
  static byte[] sign(Message m, TsigKey key) {
    m.setTSIG(key.signer(CLOCK));
    return m.toWire(RequestContext.MAX_MESSAGE);
  }
}
