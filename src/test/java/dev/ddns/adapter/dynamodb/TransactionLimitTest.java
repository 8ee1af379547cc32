package dev.ddns.adapter.dynamodb;

import static dev.ddns.testing.TestZone.rr;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.DnsService;
import dev.ddns.testing.TestZone;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

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

  private static List<Record> adds(int names) {
    List<Record> adds = new ArrayList<>();
    for (int i = 0; i < names; i++) {
      adds.add(rr("n" + i + " 300 A 192.0.2." + (i % 250)));
    }
    return adds;
  }
}
