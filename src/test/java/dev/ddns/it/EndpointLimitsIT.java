package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.secrets.BindKeyFile;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.DnsWire;
import dev.ddns.testing.tools.LocalDdns;
import dev.ddns.testing.tools.TestKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The endpoint's {@code ServiceLimits} hold end to end: {@code ddns local} with {@code --key-rate},
 * {@code --key-burst} and {@code --max-in-flight}, flooded with signed updates through the relay
 * over UDP and TCP. Every request is answered; a flooded key gets its bucket's worth applied and
 * the rest REFUSED with the reason, while another key goes on unhindered; requests beyond the
 * in-flight bound get SERVFAIL "server busy" and nothing else; and the zone holds exactly the
 * updates answered NOERROR. The assertions are about counts: the only time that enters is the
 * flood's length, in the bucket's upper bound.
 */
class EndpointLimitsIT {
  private static final int RATE = 5;
  private static final int BURST = 5;
  private static final String RATE_LIMITED =
      "is over its rate limit of " + RATE + " requests/s (burst " + BURST + ")";
  private static final String BUSY = "server busy: 1 requests in flight";
  /**
   * Signed updates of the flooded key: 60/s for three seconds, twelve times its rate. The rate
   * is low because the updates it lets through are DynamoDB transactions, and DynamoDB Local on
   * a loaded two-core machine applies as few as a dozen a second: the flood must be over the
   * limit, not over the machine, or answers come late instead of REFUSED.
   */
  private static final int FLOOD = 180;
  private static final long FLOOD_INTERVAL_NANOS = 16_666_667L;
  /** Updates of the other key, at 4/s: no more than its burst, so never over its own limit. */
  private static final int OTHER = BURST;
  private static final long OTHER_INTERVAL_NANOS = 250_000_000L;
  /**
   * Allowed above burst + rate × elapsed: the bucket's fractional token, and the server's clock
   * (wall time) against the test's (monotonic) over a few seconds.
   */
  private static final int TOLERANCE = 2;
  /** Concurrent updates per wave against the in-flight bound of one; waves until one is busy. */
  private static final int WAVE = 16;
  private static final int MAX_WAVES = 25;

  /** One signed update: the label of the owner name it adds, and the answer, if any. */
  record Exchange(String label, Optional<Message> answer) {
    String outcome() {
      if (answer.isEmpty()) {
        return "no answer";
      }
      Message m = answer.get();
      return Rcode.string(m.getRcode()) + extendedError(m).map(t -> " (" + t + ")").orElse("");
    }

    boolean is(int rcode, String text) {
      return answer.isPresent() && answer.get().getRcode() == rcode
          && extendedError(answer.get()).orElse("").contains(text);
    }

    boolean applied() {
      return answer.isPresent() && answer.get().getRcode() == Rcode.NOERROR;
    }
  }

  @Test
  void aFloodedKeyGetsItsBucketAndNoMoreWhileAnotherKeyGoesOn(@TempDir Path dir)
      throws Exception {
    TestKey other = writeKey(dir, "limits-other.");
    TestKey warmUp = writeKey(dir, "limits-warm-up.");
    try (LocalDdns ddns = LocalDdns.start(dir, List.of(other.file(), warmUp.file()), List.of(
            "--key-rate", Integer.toString(RATE), "--key-burst", Integer.toString(BURST),
            "--max-in-flight", "64"));
        Sender sender = new Sender(ddns.dnsPort(), 16)) {
      assertTrue(ddns.output().contains("; limits: " + RATE + " requests/s per key (burst "
          + BURST + "), 64 requests in flight"), ddns.diagnostics());
      TestKey flooded = ddns.localKey();
      List<Exchange> warm = warmUp(sender, warmUp);
      CountDownLatch throttled = new CountDownLatch(1);
      List<CompletableFuture<Exchange>> flood = new ArrayList<>();
      long start = System.nanoTime();
      CompletableFuture<List<Exchange>> unhindered = CompletableFuture.supplyAsync(
          () -> otherKeyAfterTheFloodIsThrottled(sender, other, throttled));
      for (int i = 0; i < FLOOD; i++) {
        LockSupport.parkNanos(start + i * FLOOD_INTERVAL_NANOS - System.nanoTime());
        flood.add(sender.send(flooded, "flood-" + i, transport(i)).whenComplete((e, t) -> {
          if (e != null && e.is(Rcode.REFUSED, RATE_LIMITED)) {
            throttled.countDown();
          }
        }));
      }
      List<Exchange> floodAnswers = join(flood);
      double elapsed = (System.nanoTime() - start) / 1e9;

      Map<String, Long> outcomes = count(floodAnswers);
      String summary = outcomes + " in " + elapsed + " s\n" + ddns.diagnostics();
      long applied = floodAnswers.stream().filter(Exchange::applied).count();
      long refused = floodAnswers.stream().filter(e -> e.is(Rcode.REFUSED, RATE_LIMITED)).count();
      assertEquals(FLOOD, applied + refused, "every update answered, NOERROR or REFUSED with "
          + "the rate limit's reason: " + summary);
      assertTrue(applied >= BURST, "at least the burst applied: " + summary);
      assertTrue(applied <= BURST + RATE * elapsed + TOLERANCE,
          "at most burst + rate x elapsed (+" + TOLERANCE + "): " + summary);
      List<Exchange> otherAnswers = unhindered.get(30, TimeUnit.SECONDS);
      assertEquals(Map.of("NOERROR", (long) OTHER), count(otherAnswers),
          "the other key, while the flooded one was over its limit");
      floodAnswers.stream().filter(e -> !e.applied()).forEach(e -> assertNotNull(
          e.answer().orElseThrow().getTSIG(), "a refusal of a verified key is signed"));

      List<Exchange> all = new ArrayList<>(warm);
      all.addAll(floodAnswers);
      all.addAll(otherAnswers);
      assertZoneHoldsExactly(ddns, other, all);
    }
  }

  /**
   * The bound is the service's, in front of any store; the memory store saves DynamoDB Local's
   * start, which on a busy machine is most of this test's time.
   */
  @Test
  void requestsBeyondTheInFlightBoundAreServerBusyAndChangeNothing(@TempDir Path dir)
      throws Exception {
    try (LocalDdns ddns = LocalDdns.start(dir, List.of(),
            List.of("--store", "memory", "--max-in-flight", "1"));
        Sender sender = new Sender(ddns.dnsPort(), WAVE)) {
      TestKey key = ddns.localKey();
      List<Exchange> answers = new ArrayList<>();
      for (int wave = 0; wave < MAX_WAVES && answers.stream().noneMatch(e ->
          e.is(Rcode.SERVFAIL, BUSY)); wave++) {
        answers.addAll(wave(sender, key, wave));
      }

      Map<String, Long> outcomes = count(answers);
      String summary = outcomes + "\n" + ddns.diagnostics();
      long applied = answers.stream().filter(Exchange::applied).count();
      long busy = answers.stream().filter(e -> e.is(Rcode.SERVFAIL, BUSY)).count();
      assertTrue(busy > 0, "server busy seen with " + WAVE + " at once: " + summary);
      assertEquals(answers.size(), applied + busy, "only NOERROR or server busy: " + summary);
      answers.stream().filter(e -> !e.applied()).forEach(e ->
          assertNull(e.answer().orElseThrow().getTSIG(), "busy comes before TSIG: unsigned"));
      Exchange after = sender.send(key, "after", DnsWire.Transport.UDP).join();
      assertTrue(after.applied(), "the slot is free again afterwards: " + after.outcome());

      answers.add(after);
      assertZoneHoldsExactly(ddns, key, answers);
    }
  }

  /**
   * Updates of a third key, one at a time, within its burst: DynamoDB Local and the endpoint are
   * cold after start (the first updates take seconds on a busy machine), and a flood into a cold
   * endpoint measures the JIT, not the limit.
   */
  private static List<Exchange> warmUp(Sender sender, TestKey key) {
    List<Exchange> warm = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      Exchange e = sender.send(key, "warm-up-" + i, transport(i)).join();
      assertTrue(e.applied(), "warm-up update " + i + ": " + e.outcome());
      warm.add(e);
    }
    return warm;
  }

  /** Once the flooded key has been refused: the other key's updates at 4/s. */
  private static List<Exchange> otherKeyAfterTheFloodIsThrottled(Sender sender, TestKey key,
      CountDownLatch throttled) {
    try {
      assertTrue(throttled.await(30, TimeUnit.SECONDS), "the flooded key was never refused");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    List<CompletableFuture<Exchange>> sent = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < OTHER; i++) {
      LockSupport.parkNanos(start + i * OTHER_INTERVAL_NANOS - System.nanoTime());
      sent.add(sender.send(key, "other-" + i, transport(i)));
    }
    return join(sent);
  }

  /** {@link #WAVE} updates released at once, half over UDP, half over TCP. */
  private static List<Exchange> wave(Sender sender, TestKey key, int wave) {
    CountDownLatch gate = new CountDownLatch(1);
    List<CompletableFuture<Exchange>> sent = new ArrayList<>();
    for (int i = 0; i < WAVE; i++) {
      sent.add(sender.sendAfter(gate, key, "busy-" + wave + "-" + i, transport(i)));
    }
    gate.countDown();
    return join(sent);
  }

  /**
   * A signed AXFR (with {@code key}) holds an A record for each of {@code exchanges} answered
   * NOERROR and for no other, and the serial moved once for each of them.
   */
  private static void assertZoneHoldsExactly(LocalDdns ddns, TestKey key,
      List<Exchange> exchanges) {
    List<Record> zone = ZoneSnapshot.axfr(DemoZone.NAME, ddns.dnsPort(), key.tsig());
    Set<String> applied = exchanges.stream().filter(Exchange::applied)
        .map(e -> owner(e.label())).collect(Collectors.toCollection(TreeSet::new));
    Set<String> held = zone.stream().filter(r -> r.getType() == Type.A)
        .map(r -> r.getName().toString()).filter(n -> !n.startsWith("ns1."))
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(applied, held, "the zone holds exactly the updates answered NOERROR");
    ZoneSnapshot snapshot = ZoneSnapshot.of(zone);
    assertEquals(1 + applied.size(), snapshot.soaSerial(), "one serial step per applied update");
  }

  private static DnsWire.Transport transport(int i) {
    return i % 2 == 0 ? DnsWire.Transport.UDP : DnsWire.Transport.TCP;
  }

  private static List<Exchange> join(List<CompletableFuture<Exchange>> futures) {
    return futures.stream().map(CompletableFuture::join).toList();
  }

  private static Map<String, Long> count(List<Exchange> exchanges) {
    return exchanges.stream().collect(Collectors.groupingBy(Exchange::outcome, TreeMap::new,
        Collectors.counting()));
  }

  private static Optional<String> extendedError(Message m) {
    OPTRecord opt = m.getOPT();
    if (opt == null) {
      return Optional.empty();
    }
    return opt.getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR).stream()
        .map(o -> ((ExtendedErrorCodeOption) o).getText()).findFirst();
  }

  private static String owner(String label) {
    return label + "." + DemoZone.NAME;
  }

  /** A BIND key file in {@code dir} holding a new hmac-sha256 key, given to ddns local. */
  private static TestKey writeKey(Path dir, String name) throws IOException {
    byte[] secret = new byte[32];
    new java.security.SecureRandom().nextBytes(secret);
    Path file = dir.resolve(name + "key");
    Files.writeString(file, BindKeyFile.format(
        TsigKey.of(name, "hmac-sha256", Base64.getEncoder().encodeToString(secret))));
    return TestKey.read(file);
  }

  /** Sends signed updates on a pool of threads, each on its own socket, one answer awaited each. */
  private static final class Sender implements AutoCloseable {
    private static final InetAddress ADDRESS = address();
    /**
     * As long as the relay waits for the endpoint: on a loaded machine a request queued behind
     * the flood can take seconds, and an answer that comes late is still an answer.
     */
    private static final int ANSWER_WITHIN_MS = 10_000;

    private final int port;
    private final ExecutorService pool;

    Sender(int port, int threads) {
      this.port = port;
      this.pool = Executors.newFixedThreadPool(threads);
    }

    CompletableFuture<Exchange> send(TestKey key, String label, DnsWire.Transport transport) {
      return CompletableFuture.supplyAsync(() -> exchange(key, label, transport), pool);
    }

    CompletableFuture<Exchange> sendAfter(CountDownLatch gate, TestKey key, String label,
        DnsWire.Transport transport) {
      return CompletableFuture.supplyAsync(() -> {
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        return exchange(key, label, transport);
      }, pool);
    }

    private Exchange exchange(TestKey key, String label, DnsWire.Transport transport) {
      byte[] request = update(key, owner(label));
      Optional<byte[]> answer = DnsWire.send(transport, port, request, ANSWER_WITHIN_MS);
      return new Exchange(label, answer.map(Sender::parse));
    }

    /** Adds an A record at {@code owner}, with EDNS so that refusals carry their reason. */
    private static byte[] update(TestKey key, String owner) {
      Message update = Message.newUpdate(Name.fromConstantString(DemoZone.NAME));
      update.addRecord(new ARecord(Name.fromConstantString(owner), DClass.IN, 300, ADDRESS),
          Section.UPDATE);
      update.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
      key.tsig().apply(update, null);
      return update.toWire();
    }

    private static InetAddress address() {
      try {
        return InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1});
      } catch (UnknownHostException e) {
        throw new AssertionError("four bytes are an address", e);
      }
    }

    private static Message parse(byte[] wire) {
      try {
        return new Message(wire);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      pool.shutdownNow();
    }
  }
}
