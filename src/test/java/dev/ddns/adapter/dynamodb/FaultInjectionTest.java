package dev.ddns.adapter.dynamodb;

import static dev.ddns.testing.TestZone.rr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.DnsService;
import dev.ddns.testing.TestZone;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Each DynamoDB call of one UPDATE fails in turn, the way real DynamoDB fails and DynamoDB Local
 * never does: the client sees SERVFAIL (or, for a transaction cancelled by a TransactionConflict
 * or a ThrottlingError, the update is re-read after a backoff and succeeds), the zone is exactly as before or exactly as after, and a retried update succeeds.
 */
class FaultInjectionTest {
  static final Clock CLOCK = Clock.systemUTC();

  record Fault(String name, Supplier<SdkException> error, boolean afterApplying, int rcode) {
    @Override
    public String toString() {
      return name;
    }
  }

  record Case(int position, String operation, Fault fault) {
    @Override
    public String toString() {
      return fault + " at call " + position + " (" + operation + ")";
    }
  }

  static final List<Fault> FAULTS = List.of(
      new Fault("throttling", () -> ProvisionedThroughputExceededException.builder()
          .message("Rate exceeded").statusCode(400).build(), false, Rcode.SERVFAIL),
      new Fault("500", () -> DynamoDbException.builder().message("Internal server error")
          .statusCode(500).build(), false, Rcode.SERVFAIL),
      new Fault("timeout", () -> SdkClientException.create("Unable to execute HTTP request: "
          + "Read timed out"), false, Rcode.SERVFAIL),
      new Fault("timeout after applying", () -> SdkClientException.create("Unable to execute "
          + "HTTP request: Read timed out"), true, Rcode.SERVFAIL),
      new Fault("500 after applying", () -> DynamoDbException.builder()
          .message("Internal server error").statusCode(500).build(), true, Rcode.SERVFAIL),
      new Fault("ValidationException", () -> DynamoDbException.builder()
          .message("Item size has exceeded the maximum allowed size").statusCode(400).build(),
          false, Rcode.SERVFAIL),
      new Fault("cancelled: ThrottlingError", () -> TransactionCanceledException.builder()
          .message("Transaction cancelled, please refer cancellation reasons for specific reasons")
          .cancellationReasons(CancellationReason.builder().code("ThrottlingError").build(),
              CancellationReason.builder().code("None").build())
          .statusCode(400).build(), false, Rcode.NOERROR),
      new Fault("TransactionConflict", () -> TransactionCanceledException.builder()
          .message("Transaction cancelled, please refer cancellation reasons for specific reasons")
          .cancellationReasons(CancellationReason.builder().code("TransactionConflict").build())
          .statusCode(400).build(), false, Rcode.NOERROR));

  /** An update that reads names beyond its own (apex NS target check) and writes three items. */
  static Message update() {
    return Updates.update(List.of(), List.of(rr("@ 3600 NS ns3.sub.example.test."),
        rr("ns3.sub 3600 AAAA 2001:db8::3")));
  }

  static final FaultyClient CLIENT = new FaultyClient(DynamoDbLocal.client());

  static ZoneStore loaded() {
    ZoneStore store = DynamoDbLocal.newStore(CLIENT, CLOCK);
    TestZone.load(store, TestZone.DEFAULT, SerialPolicy.INCREMENT);
    CLIENT.reset();
    return store;
  }

  static Stream<Case> cases() {
    ZoneStore store = loaded();
    assertEquals(Rcode.NOERROR, Updates.send(new DnsService(store, TestZone.keys(), CLOCK),
        update(), CLOCK, "probe"));
    List<String> calls = CLIENT.calls();
    assertTrue(calls.stream().filter("TransactGetItems"::equals).count() >= 2,
        "the update reads a name later: " + calls);
    return casesOf(calls);
  }

  /** Every fault at every call of {@code calls}, cancellations at transactions only. */
  static Stream<Case> casesOf(List<String> calls) {
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      for (Fault f : FAULTS) {
        if (!f.name().startsWith("cancelled") && !f.name().equals("TransactionConflict")
            || calls.get(i).startsWith("Transact")) {
          cases.add(new Case(i, calls.get(i), f));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void failingCall(Case c) {
    ZoneStore store = loaded();
    DnsService service = new DnsService(store, TestZone.keys(), CLOCK);
    Set<String> before = Updates.contents(store);
    CLIENT.reset();
    CLIENT.arm(c.position(), c.fault().error(), c.fault().afterApplying());
    int rcode = Updates.send(service, update(), CLOCK, "faulty");
    CLIENT.reset();
    Set<String> afterFault = Updates.contents(store);
    assertEquals(Rcode.string(c.fault().rcode()), Rcode.string(rcode));
    assertEquals(Rcode.string(Rcode.NOERROR), Rcode.string(Updates.send(service, update(), CLOCK,
        "retry")));
    Set<String> after = Updates.contents(store);
    assertTrue(afterFault.equals(before) || afterFault.equals(after),
        "zone neither as before nor as after: " + afterFault);
    assertTrue(after.contains(rr("ns3.sub 3600 AAAA 2001:db8::3").toString()), "applied");
    assertEquals(1, store.journal(TestZone.ZONE, 0, 10).size(), "applied exactly once");
  }

  /**
   * Four writers (four service instances, as four Lambda instances would be) send 40 updates
   * while every fifth DynamoDB call fails, each fault in turn: every client gets NOERROR or
   * SERVFAIL, each update is in the zone whole or not at all, every NOERROR update is there, and
   * the journal accounts for exactly the updates the zone holds, one serial each.
   */
  @Test
  void concurrentWritersUnderRecurringFaults() throws Exception {
    ZoneStore store = loaded();
    Set<String> initial = Updates.contents(store);
    CLIENT.armEvery(5, FAULTS.stream().map(Fault::error).toList(),
        FAULTS.stream().map(Fault::afterApplying).toList());
    int writers = 4;
    int perWriter = 10;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    Map<String, Integer> rcodes = new ConcurrentHashMap<>();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        DnsService service = new DnsService(store, TestZone.keys(), CLOCK);
        done.add(pool.submit(() -> {
          for (int i = 0; i < perWriter; i++) {
            String name = "w" + writer + "-" + i;
            rcodes.put(name, Updates.send(service, Updates.update(List.of(), List.of(
                rr(name + " 300 A 192.0.2." + (writer * perWriter + i)),
                rr(name + " 300 TXT \"" + name + "\""))), CLOCK, name));
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      CLIENT.reset();
    }

    Set<String> contents = Updates.contents(store);
    Set<String> journaled = new TreeSet<>();
    List<JournalEntry> journal = store.journal(TestZone.ZONE, 0, 1000);
    journal.forEach(e -> e.changes().added().stream()
        .filter(r -> r.getType() != Type.SOA).forEach(r -> journaled.add(r.toString())));
    for (Map.Entry<String, Integer> e : rcodes.entrySet()) {
      Record a = rr(e.getKey() + " 300 A 192.0.2.0");
      boolean hasA = has(contents, a.getName() + "\t", "\tA\t");
      boolean hasTxt = has(contents, a.getName() + "\t", "\tTXT\t");
      assertTrue(e.getValue() == Rcode.NOERROR || e.getValue() == Rcode.SERVFAIL,
          e.getKey() + " got " + Rcode.string(e.getValue()));
      assertEquals(hasA, hasTxt, e.getKey() + " half applied");
      if (e.getValue() == Rcode.NOERROR) {
        assertTrue(hasA, e.getKey() + " answered NOERROR but is missing");
      }
    }
    assertEquals(writers * perWriter, rcodes.size(), "every client got an answer");
    Set<String> added = new TreeSet<>(contents);
    added.removeAll(initial);
    added.removeIf(r -> r.contains("\tSOA\t"));
    assertEquals(added, journaled, "the journal holds exactly what the zone gained");
    long serial = store.open(TestZone.ZONE).orElseThrow().head().serial();
    assertEquals(1 + journal.size(), serial, "one serial per applied update");
  }

  private static boolean has(Set<String> contents, String owner, String type) {
    return contents.stream().anyMatch(r -> r.startsWith(owner) && r.contains(type));
  }
}
