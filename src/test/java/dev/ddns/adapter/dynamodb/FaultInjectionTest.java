package dev.ddns.adapter.dynamodb;

import static dev.ddns.testing.TestZone.rr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.DnsService;
import dev.ddns.testing.TestZone;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Each DynamoDB call of one UPDATE fails in turn, the way real DynamoDB fails and DynamoDB Local
 * never does: the client sees SERVFAIL (or, for a TransactionConflict, the update is re-read and
 * succeeds), the zone is exactly as before or exactly as after, and a retried update succeeds.
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
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      for (Fault f : FAULTS) {
        if (!f.name().equals("TransactionConflict") || calls.get(i).startsWith("Transact")) {
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
}
