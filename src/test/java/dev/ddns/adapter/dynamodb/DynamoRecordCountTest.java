package dev.ddns.adapter.dynamodb;

import static dev.ddns.testing.TestZone.rr;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.service.DnsService;
import dev.ddns.testing.TestZone;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

/**
 * A zone head written before the record count and limit existed: the count is unknown and the
 * limit not enforced, updates keep it unknown, and a recount makes both count again.
 */
class DynamoRecordCountTest {
  private final Clock clock = Clock.systemUTC();
  private final String table = DynamoDbLocal.newTable();
  private final DynamoZoneStore store =
      new DynamoZoneStore(DynamoDbLocal.client(), table, clock);
  private final DnsService service = new DnsService(store, TestZone.keys(), clock);

  @Test
  void anOldHeadCountsAgainOnlyAfterARecount() {
    TestZone.load(store, TestZone.DEFAULT, SerialPolicy.INCREMENT);
    removeCountAndLimit();
    ZoneHead old = store.open(TestZone.ZONE).orElseThrow().head();
    assertEquals(OptionalLong.empty(), old.records());
    assertEquals(ZoneSettings.DEFAULT_MAX_RECORDS, old.settings().maxRecords());

    store.updateSettings(TestZone.ZONE, old.settings().withMaxRecords(10));
    assertEquals(Rcode.NOERROR, add("a"));
    assertEquals(Rcode.NOERROR, add("b"), "11 records, but the count is unknown: not enforced");
    assertEquals(OptionalLong.empty(), store.open(TestZone.ZONE).orElseThrow().head().records());

    assertEquals(OptionalLong.of(11), store.recount(TestZone.ZONE));
    assertEquals(Rcode.REFUSED, add("c"));
    assertEquals(OptionalLong.of(11), store.open(TestZone.ZONE).orElseThrow().head().records());
  }

  private int add(String owner) {
    return Updates.send(service, Updates.update(List.of(),
        List.of(rr(owner + " 60 TXT \"x\""))), clock, "192.0.2.1");
  }

  /** What a head item looked like before the two attributes existed. */
  private void removeCountAndLimit() {
    DynamoDbLocal.client().updateItem(b -> b.tableName(table)
        .key(Keys.headKey(TestZone.ZONE)).updateExpression("REMOVE #r, #m")
        .expressionAttributeNames(Map.of("#r", Items.RECORD_COUNT, "#m", Items.MAX_RECORDS)));
  }
}
