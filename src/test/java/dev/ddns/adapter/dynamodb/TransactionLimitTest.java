package dev.ddns.adapter.dynamodb;

import static dev.ddns.testing.TestZone.rr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.model.ChangeSet;
import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneCommit;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.port.CommitResult;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.DnsService;
import dev.ddns.testing.ForwardingDynamoDb;
import dev.ddns.testing.TestZone;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;

/**
 * docs/architecture.md, "Large updates": an update that fits in one transaction takes one
 * TransactGetItems and one TransactWriteItems; a larger one is read in batches and committed in
 * stages, applied whole, with no staged item left behind.
 */
class TransactionLimitTest {
  static final Clock CLOCK = Clock.systemUTC();
  /**
   * Names other than the apex one signed update changes in one transaction: the head, the journal
   * entry and the replay record besides them, 100 items in all; the apex, whose serial alone
   * moves, is read (its TransactGetItems holds the head, the apex, the names and the replay
   * record) but not written (docs/architecture.md, "The serial in the head").
   */
  static final int NAMES_IN_ONE_TRANSACTION = 97;
  /**
   * A staged update staged twice (its first commit point loses) within the writer's 3 s deadline
   * on a loaded machine: 300 names once took longer there.
   */
  static final int RACED_NAMES = 150;

  private final FaultyClient client = new FaultyClient(DynamoDbLocal.client());
  private final String table = DynamoDbLocal.newTable();
  private final ZoneStore store = new DynamoZoneStore(client, table, CLOCK);
  private final DnsService service = new DnsService(store, TestZone.keys(), CLOCK);

  TransactionLimitTest() {
    TestZone.load(store, TestZone.DEFAULT, SerialPolicy.INCREMENT);
    client.reset();
  }

  @Test
  void anUpdateThatFitsInOneTransactionTakesTheFastPath() {
    assertEquals(Rcode.string(Rcode.NOERROR), Rcode.string(send(adds(NAMES_IN_ONE_TRANSACTION))));
    assertEquals(List.of("TransactGetItems", "TransactWriteItems"), writePath());
    assertEquals(NAMES_IN_ONE_TRANSACTION, added());
  }

  @Test
  void oneNameMoreIsStagedAndAppliedWhole() {
    assertEquals(Rcode.string(Rcode.NOERROR),
        Rcode.string(send(adds(NAMES_IN_ONE_TRANSACTION + 1))));
    assertTrue(writePath().contains("BatchWriteItem"), "staged: " + writePath());
    assertEquals(NAMES_IN_ONE_TRANSACTION + 1, added());
    assertNothingStaged();
  }

  @Test
  void twoThousandAndOneNamesAreAppliedWholeAsOneJournalEntry() {
    assertEquals(Rcode.string(Rcode.NOERROR), Rcode.string(send(adds(2_001))));
    assertEquals(2_001, added());
    var journal = store.journal(TestZone.ZONE, 0, 10);
    assertEquals(1, journal.size());
    assertEquals(2_002, journal.get(0).changes().added().size(), "2,001 A records and the SOA");
    assertEquals(2, store.open(TestZone.ZONE).orElseThrow().head().serial());
    assertNothingStaged();
  }

  /**
   * A short message can remove far more than it carries: deleting 200 names of ten 250-byte TXT
   * records each takes about 500 KB out of the zone, more than one DynamoDB item holds, and all of
   * it goes into one journal entry.
   */
  @Test
  void anUpdateRemovingMoreThanOneItemHoldsIsAppliedWithItsWholeJournalEntry() {
    ZoneStore big = zoneWith("big", 200, 10, 1);
    List<Record> deletes = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      deletes.add(Record.newRecord(Name.fromConstantString("big" + i + "." + TestZone.ZONE),
          Type.ANY, DClass.ANY, 0));
    }

    int rcode = Updates.send(new DnsService(big, TestZone.keys(), CLOCK),
        Updates.update(List.of(), deletes), CLOCK, "large");

    assertEquals(Rcode.string(Rcode.NOERROR), Rcode.string(rcode));
    assertTrue(Updates.contents(big).stream().noneMatch(s -> s.startsWith("big")),
        "every name removed");
    var journal = big.journal(TestZone.ZONE, 0, 10);
    assertEquals(1, journal.size());
    assertEquals(2_001, journal.get(0).changes().removed().size(), "2,000 TXT records and the SOA");
    assertEquals(journal.get(0), big.journal(TestZone.ZONE, 0, 1).get(0), "read alone, the same");
    assertEquals(Rcode.NOERROR, Updates.send(new DnsService(big, TestZone.keys(), CLOCK),
        adds(1), CLOCK, "after"));
    assertEquals(List.of(1L, 2L), big.journal(TestZone.ZONE, 0, 10).stream()
        .map(JournalEntry::version).toList(), "the entry after the parts");
    assertEquals(List.of(2L), big.journal(TestZone.ZONE, 1, 10).stream()
        .map(JournalEntry::version).toList());
  }

  /**
   * Few names, but large ones: one record added to each of 20 names that hold about 240 KB each
   * rewrites 4.8 MB of nodes, more than the 4 MB one transaction holds, so it is staged.
   */
  @Test
  void anUpdateOfFewLargeNamesIsStagedAndAppliedWhole() {
    ZoneStore large = zoneWith("large", 20, 96, 9);
    List<Record> adds = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      adds.add(rr("large" + i + " 300 A 192.0.2." + (i + 1)));
    }
    client.reset();

    int rcode = Updates.send(new DnsService(large, TestZone.keys(), CLOCK),
        Updates.update(List.of(), adds), CLOCK, "large");

    assertEquals(Rcode.string(Rcode.NOERROR), Rcode.string(rcode));
    assertTrue(client.calls().contains("BatchWriteItem"), "staged: " + client.calls());
    assertEquals(20, Updates.contents(large).stream()
        .filter(s -> s.startsWith("large") && s.contains("192.0.2.")).count(), "every address");
  }

  /**
   * A group is one transaction: when one of its entries needs more than one item, the store takes
   * none of it, and says so.
   */
  @Test
  void aGroupWithAnEntryInPartsIsTooLargeAndNothingIsStored() {
    ZoneHead head = store.open(TestZone.ZONE).orElseThrow().head();
    List<Record> texts = new ArrayList<>();
    for (int i = 0; i < 1_500; i++) {
      texts.add(rr("big 300 TXT \"" + "t".repeat(250) + "\" \"" + i + "\""));
    }
    ZoneCommit small = adding(head, 1, List.of(rr("s1 300 A 192.0.2.1")));
    ZoneCommit large = adding(head, 2, texts);

    assertEquals(CommitResult.TOO_LARGE, store.commitGroup(List.of(small, large)));
    assertEquals(head.version(), store.open(TestZone.ZONE).orElseThrow().head().version(),
        "nothing stored");
    assertEquals(CommitResult.COMMITTED, store.commit(small), "each alone");
    assertEquals(CommitResult.COMMITTED, store.commit(large));
    assertEquals(1_501, store.journal(TestZone.ZONE, head.version() + 1, 10).get(0).changes()
        .added().size(), "the entry in parts, read back whole (with the SOA)");
  }

  /**
   * The commit {@code step} versions after {@code head} that adds {@code records} (the journal
   * entry; its one node is the first record's) and the SOA of the new serial.
   */
  private static ZoneCommit adding(ZoneHead head, int step, List<Record> records) {
    Record soa = rr("@ 3600 SOA ns1.example.test. hostmaster.example.test. "
        + (head.serial() + step) + " 3600 900 604800 300");
    List<Record> added = new ArrayList<>(List.of(soa));
    added.addAll(records);
    return new ZoneCommit(new ZoneHead(TestZone.ZONE, head.version() + step,
        head.serial() + step, head.settings()), head.version() + step - 1,
        List.of(Node.of(records.get(0).getName(), List.of(records.get(0)))),
        new ChangeSet(head.serial() + step - 1, head.serial() + step, List.of(), added),
        "key.", "192.0.2.99", CLOCK.instant());
  }

  @Test
  void anUpdateReadingMoreNamesThanOneTransactionHoldsIsReadInBatchesAndJudged() {
    int rcode = send(Updates.update(inUse(300), List.of()));
    assertEquals(Rcode.string(Rcode.NXDOMAIN), Rcode.string(rcode), "read, and judged");
    assertTrue(client.calls().contains("BatchGetItem"), "batched: " + client.calls());
  }

  @Test
  void aLargeUpdateWhoseCommitPointLosesIsStagedAgainAndLeavesNothingBehind() {
    DynamoDbClient racing = new RacingClient(client, store);
    ZoneStore raced = new DynamoZoneStore(racing, table, CLOCK);
    int rcode = Updates.send(new DnsService(raced, TestZone.keys(), CLOCK), adds(RACED_NAMES),
        CLOCK, "large");
    assertEquals(Rcode.string(Rcode.NOERROR), Rcode.string(rcode));
    assertEquals(RACED_NAMES, added());
    assertTrue(Updates.contents(store).contains(rr("racer 300 A 192.0.2.99").toString()),
        "the racing update is kept");
    assertEquals(2, store.journal(TestZone.ZONE, 0, 10).size());
    assertNothingStaged();
  }

  /**
   * Lets another update of the zone commit just before the first commit point it sees, so that
   * commit point loses on the version condition.
   */
  private static final class RacingClient extends ForwardingDynamoDb {
    private final ZoneStore store;
    private boolean raced;

    RacingClient(DynamoDbClient delegate, ZoneStore store) {
      super(delegate);
      this.store = store;
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
      boolean commitPoint = request.transactItems().size() <= 3
          && request.transactItems().get(0).update() != null;
      if (commitPoint && !raced) {
        raced = true;
        Updates.send(new DnsService(store, TestZone.keys(), CLOCK), Updates.update(List.of(),
            List.of(rr("racer 300 A 192.0.2.99"))), CLOCK, "racer");
      }
      return super.transactWriteItems(request);
    }
  }

  /**
   * A new table holding the test zone and {@code names} names OWNER0, OWNER1, ... of {@code
   * records} TXT records each, a record {@code strings} strings of 250 bytes and its number.
   */
  private ZoneStore zoneWith(String owner, int names, int records, int strings) {
    List<String> zone = new ArrayList<>(TestZone.DEFAULT);
    String text = ("\"" + "t".repeat(250) + "\" ").repeat(strings);
    for (int i = 0; i < names; i++) {
      for (int j = 0; j < records; j++) {
        zone.add(owner + i + " 300 TXT " + text + "\"" + j + "\"");
      }
    }
    ZoneStore loaded = new DynamoZoneStore(client, DynamoDbLocal.newTable(), CLOCK);
    TestZone.load(loaded, zone, SerialPolicy.INCREMENT);
    return loaded;
  }

  private int send(Message update) {
    return Updates.send(service, update, CLOCK, "test");
  }

  /** The calls of the update, without the reads that answer the test afterwards. */
  private List<String> writePath() {
    return client.calls().stream().distinct().toList();
  }

  private long added() {
    return Updates.contents(store).stream().filter(s -> s.matches("(?i)n[0-9]+\\..*")).count();
  }

  private void assertNothingStaged() {
    List<Map<String, AttributeValue>> left = DynamoDbLocal.client().scan(b -> b.tableName(table))
        .items().stream().filter(item -> item.get(Keys.PK).s().startsWith(Keys.STAGED_PREFIX)
            || item.containsKey(Items.PENDING)).toList();
    assertTrue(left.isEmpty(), "staged items or a pending marker left: " + left);
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

  private static Message adds(int names) {
    List<Record> adds = new ArrayList<>();
    for (int i = 0; i < names; i++) {
      adds.add(rr("n" + i + " 300 A 10.0." + i / 250 + "." + i % 250));
    }
    return Updates.update(List.of(), adds);
  }
}
