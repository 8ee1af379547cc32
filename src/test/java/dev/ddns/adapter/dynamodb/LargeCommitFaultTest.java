package dev.ddns.adapter.dynamodb;

import static dev.ddns.testing.TestZone.rr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.dynamodb.FaultInjectionTest.Case;
import dev.ddns.adapter.dynamodb.FaultInjectionTest.Fault;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.port.StoreException;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.DnsService;
import dev.ddns.testing.TestZone;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * docs/architecture.md, "Large updates": each DynamoDB call of one staged commit (read in
 * batches, stage, commit point, promotion) fails in turn with each of {@link
 * FaultInjectionTest#FAULTS}. The client gets NOERROR or SERVFAIL, NOERROR only when the update is
 * in the zone; every reader sees the zone exactly as before or exactly as after; a retry applies it
 * once; and nothing is left staged, except after a commit point whose outcome the writer could not
 * know, whose items are left for DynamoDB TTL.
 */
class LargeCommitFaultTest {
  static final Clock CLOCK = Clock.systemUTC();
  /** Past the fast path, and enough for two batched reads and three promotion transactions. */
  static final int NAMES = 120;

  static final FaultyClient CLIENT = new FaultyClient(DynamoDbLocal.client());

  /** The head's GetItem and a Query of each staging shard come before it. */
  static final int READERS_FIRST_PROMOTION = 1 + Keys.STAGING_SHARDS;
  static final Fault SERVER_ERROR = FaultInjectionTest.FAULTS.get(1);

  /**
   * One table for every case, emptied before each: DynamoDB Local slows down with every table it
   * has created, to a second a case after a dozen new tables.
   */
  private static final String TABLE = DynamoDbLocal.newTable();

  private final String table = TABLE;

  static Message update() {
    List<Record> adds = new ArrayList<>();
    IntStream.range(0, NAMES).forEach(i -> adds.add(rr("big" + i + " 300 A 10.1.0." + i)));
    return Updates.update(List.of(), adds);
  }

  private ZoneStore loaded() {
    DynamoDbClient local = DynamoDbLocal.client();
    local.scan(b -> b.tableName(table)).items().forEach(item -> local.deleteItem(b -> b
        .tableName(table).key(Keys.key(item.get(Keys.PK).s(), item.get(Keys.SK).s()))));
    ZoneStore store = new DynamoZoneStore(CLIENT, table, CLOCK);
    TestZone.load(store, TestZone.DEFAULT, SerialPolicy.INCREMENT);
    CLIENT.reset();
    return store;
  }

  static Stream<Case> cases() {
    LargeCommitFaultTest probe = new LargeCommitFaultTest();
    ZoneStore store = probe.loaded();
    assertEquals(Rcode.NOERROR, Updates.send(new DnsService(store, TestZone.keys(), CLOCK),
        update(), CLOCK, "probe"));
    List<String> calls = CLIENT.calls();
    for (String staged : List.of("BatchGetItem", "BatchWriteItem", "Query", "UpdateItem")) {
      assertTrue(calls.contains(staged), "a staged commit calls " + staged + ": " + calls);
    }
    return FaultInjectionTest.casesOf(calls);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void failingCall(Case c) {
    ZoneStore store = loaded();
    DnsService service = new DnsService(store, TestZone.keys(), CLOCK);
    Set<String> before = Updates.contents(store);
    CLIENT.arm(c.position(), c.fault().error(), c.fault().afterApplying());
    int rcode = Updates.send(service, update(), CLOCK, "faulty");
    boolean commitPoint = commitPointAt(c.position());
    CLIENT.reset();
    Set<String> afterFault = Updates.contents(store);
    boolean leftForTtl = !staged().isEmpty();

    assertTrue(rcode == Rcode.NOERROR || rcode == Rcode.SERVFAIL, Rcode.string(rcode));
    assertEquals(Rcode.string(Rcode.NOERROR), Rcode.string(Updates.send(service, update(), CLOCK,
        "retry")));
    Set<String> after = Updates.contents(store);
    assertTrue(afterFault.equals(before) || afterFault.equals(after),
        "zone neither as before nor as after");
    if (rcode == Rcode.NOERROR) {
      assertEquals(after, afterFault, "answered NOERROR, so applied");
    }
    assertTrue(after.contains(rr("big" + (NAMES - 1) + " 300 A 10.1.0." + (NAMES - 1))
        .toString()), "applied");
    assertEquals(1, store.journal(TestZone.ZONE, 0, 10).size(), "applied exactly once");
    assertTrue(headMarker().isEmpty(), "no pending marker left");
    if (!(commitPoint && c.fault().name().matches("500|timeout"))) {
      assertTrue(!leftForTtl && staged().isEmpty(), "nothing left staged: " + staged());
    }
  }

  /**
   * A promotion cut short by the writer and again by the first reader: that reader fails rather
   * than answer from a half-promoted zone, and the next one finishes the promotion and sees the
   * update whole.
   */
  @Test
  void aReaderNeverSeesAHalfPromotedZone() {
    int secondPromotion = secondPromotionCall();
    ZoneStore store = loaded();
    DnsService service = new DnsService(store, TestZone.keys(), CLOCK);
    CLIENT.arm(secondPromotion, SERVER_ERROR.error(), false);
    assertEquals(Rcode.NOERROR, Updates.send(service, update(), CLOCK, "cut short"));
    assertTrue(headMarker().isPresent(), "promotion left pending");
    assertTrue(staged().size() < NAMES + 1 && !staged().isEmpty(), "partly promoted");

    CLIENT.reset();
    CLIENT.arm(READERS_FIRST_PROMOTION, SERVER_ERROR.error(), false);
    ZoneStore reader = store;
    assertThrows(StoreException.class, () -> Updates.contents(reader));
    CLIENT.reset();
    Set<String> contents = Updates.contents(store);
    assertTrue(contents.contains(rr("big0 300 A 10.1.0.0").toString())
        && contents.contains(rr("big" + (NAMES - 1) + " 300 A 10.1.0." + (NAMES - 1)).toString()),
        "the update whole");
    assertTrue(headMarker().isEmpty() && staged().isEmpty(), "promotion finished");
  }

  /** The call index of the second promotion transaction in a fault-free staged commit. */
  private int secondPromotionCall() {
    Updates.send(new DnsService(loaded(), TestZone.keys(), CLOCK), update(), CLOCK, "probe");
    List<String> calls = CLIENT.calls();
    int commitPoint = calls.indexOf("TransactWriteItems");
    int second = calls.subList(commitPoint + 1, calls.size()).indexOf("TransactWriteItems");
    int promotion = calls.subList(commitPoint + second + 2, calls.size())
        .indexOf("TransactWriteItems");
    assertTrue(second >= 0 && promotion >= 0, "three promotion transactions: " + calls);
    return commitPoint + second + 2 + promotion;
  }

  /** Whether call {@code index} was the commit point: the first TransactWriteItems. */
  private static boolean commitPointAt(int index) {
    return CLIENT.calls().indexOf("TransactWriteItems") == index;
  }

  private List<Map<String, AttributeValue>> staged() {
    return DynamoDbLocal.client().scan(b -> b.tableName(table)).items().stream()
        .filter(item -> item.get(Keys.PK).s().startsWith(Keys.STAGED_PREFIX)).toList();
  }

  private Optional<AttributeValue> headMarker() {
    return Optional.ofNullable(DynamoDbLocal.client().getItem(b -> b.tableName(table)
        .key(Keys.headKey(TestZone.ZONE)).consistentRead(true)).item().get(Items.PENDING));
  }
}
