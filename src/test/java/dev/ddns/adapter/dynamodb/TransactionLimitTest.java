package dev.ddns.adapter.dynamodb;

import static dev.ddns.testing.TestZone.rr;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.port.StoreCapacity;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.DnsService;
import dev.ddns.testing.TestZone;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * docs/architecture.md, "The commit protocol": an update that touches more names than one transaction holds is refused, never
 * half-applied; one that fits is applied whole.
 */
class TransactionLimitTest {
  static final Clock CLOCK = Clock.systemUTC();
  /**
   * Names other than the apex one signed update may change on DynamoDB, as docs/ROBUSTNESS.md
   * says: a commit writes the head, the journal entry, the replay record and the apex (its SOA)
   * besides them, and one transaction holds 100 items.
   */
  static final int NAMES_PER_UPDATE = 96;
  /** Names other than the apex one signed update may read: the head and replay record beside. */
  static final int NAMES_READ = 97;

  @Test
  void theCapacityTheStoreStatesIsWhatOneTransactionHolds() {
    ZoneStore store = DynamoDbLocal.newStore();
    assertEquals(new StoreCapacity(NAMES_READ, NAMES_PER_UPDATE, "one DynamoDB transaction"),
        store.capacity(true));
    assertEquals(new StoreCapacity(NAMES_READ + 1, NAMES_PER_UPDATE + 1,
        "one DynamoDB transaction"), store.capacity(false));
  }

  @Test
  void anUpdateReadingAsManyNamesAsOneTransactionHoldsIsEvaluated() {
    ZoneStore store = DynamoDbLocal.newStore();
    TestZone.load(store, TestZone.DEFAULT, SerialPolicy.INCREMENT);
    int rcode = Updates.send(new DnsService(store, TestZone.keys(), CLOCK),
        Updates.update(inUse(NAMES_READ), List.of()), CLOCK, "test");
    assertEquals(Rcode.string(Rcode.NXDOMAIN), Rcode.string(rcode), "read, and judged");
  }

  @Test
  void anUpdateReadingOneNameMoreIsRefusedUnread() {
    ZoneStore store = DynamoDbLocal.newStore();
    TestZone.load(store, TestZone.DEFAULT, SerialPolicy.INCREMENT);
    int rcode = Updates.send(new DnsService(store, TestZone.keys(), CLOCK),
        Updates.update(inUse(NAMES_READ + 1), List.of()), CLOCK, "test");
    assertEquals(Rcode.string(Rcode.REFUSED), Rcode.string(rcode));
  }

  @Test
  void anUpdateOfMoreNamesThanOneTransactionHoldsIsRefusedAndChangesNothing() {
    ZoneStore store = DynamoDbLocal.newStore();
    TestZone.load(store, TestZone.DEFAULT, SerialPolicy.INCREMENT);
    Set<String> before = Updates.contents(store);
    int rcode = Updates.send(new DnsService(store, TestZone.keys(), CLOCK),
        Updates.update(List.of(), adds(NAMES_PER_UPDATE + 1)), CLOCK, "test");
    assertEquals(Rcode.string(Rcode.REFUSED), Rcode.string(rcode));
    assertEquals(before, Updates.contents(store));
  }

  @Test
  void anUpdateThatFitsIsAppliedWhole() {
    ZoneStore store = DynamoDbLocal.newStore();
    TestZone.load(store, TestZone.DEFAULT, SerialPolicy.INCREMENT);
    int rcode = Updates.send(new DnsService(store, TestZone.keys(), CLOCK),
        Updates.update(List.of(), adds(NAMES_PER_UPDATE)), CLOCK, "test");
    assertEquals(Rcode.string(Rcode.NOERROR), Rcode.string(rcode));
    long added = Updates.contents(store).stream().filter(s -> s.matches("(?i)n[0-9]+\\..*"))
        .count();
    assertEquals(NAMES_PER_UPDATE, added);
  }

  /** RFC 2136 §2.4.4 "name is in use" prerequisites on names the zone does not have. */
  private static List<Record> inUse(int names) {
    List<Record> prerequisites = new ArrayList<>();
    for (int i = 0; i < names; i++) {
      prerequisites.add(Record.newRecord(Name.fromConstantString("p" + i + "." + TestZone.ZONE),
          Type.ANY, DClass.ANY, 0));
    }
    return prerequisites;
  }

  private static List<Record> adds(int names) {
    List<Record> adds = new ArrayList<>();
    for (int i = 0; i < names; i++) {
      adds.add(rr("n" + i + " 300 A 192.0.2." + (i % 250)));
    }
    return adds;
  }
}
