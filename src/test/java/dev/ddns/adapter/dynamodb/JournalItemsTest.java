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
import dev.ddns.testing.TestZone;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Record;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Journal entries as items: one item, a group's item, or a head and its parts. */
class JournalItemsTest {
  private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");

  @Test
  void aSmallEntryIsOneItemAndReadsBackAsItself() {
    ZoneCommit commit = adding(1, 1);
    List<Map<String, AttributeValue>> items = JournalItems.of(commit);
    assertEquals(1, items.size());
    assertEquals(List.of(1L), read(items).stream().map(JournalEntry::version).toList());
    assertEquals(commit.changes(), read(items).get(0).changes());
  }

  @Test
  void anEntryOverOneItemIsAHeadAndPartsThatReadBackWhole() {
    ZoneCommit commit = adding(1, 3_000);
    List<Map<String, AttributeValue>> items = JournalItems.of(commit);
    assertTrue(items.size() > 2, "a head and at least two parts: " + items.size());
    items.forEach(item -> assertTrue(ItemSize.of(item) <= 400 * 1024, "within DynamoDB's limit"));
    assertEquals(Keys.journalSk(1), items.get(0).get(Keys.SK).s());
    assertEquals(Keys.journalPartSk(1, 1), items.get(1).get(Keys.SK).s());
    assertEquals(commit.changes(), read(items).get(0).changes());
  }

  @Test
  void partsWithoutTheirHeadCompleteNothing() {
    List<Map<String, AttributeValue>> items = JournalItems.of(adding(1, 3_000));
    assertEquals(List.of(), read(items.subList(1, items.size())));
  }

  @Test
  void aGroupIsOneItemOrNothingWhenAnEntryNeedsParts() {
    Optional<List<Map<String, AttributeValue>>> small = JournalItems.ofGroup(
        List.of(adding(1, 1), adding(2, 1)), 300_000);
    assertEquals(1, small.orElseThrow().size());
    assertEquals(List.of(1L, 2L), read(small.get()).stream().map(JournalEntry::version).toList());
    assertEquals(Optional.empty(), JournalItems.ofGroup(List.of(adding(1, 1), adding(2, 3_000)),
        300_000));
  }

  private static List<JournalEntry> read(List<Map<String, AttributeValue>> items) {
    JournalItems.Reader reader = new JournalItems.Reader();
    List<JournalEntry> out = new ArrayList<>();
    items.forEach(item -> out.addAll(reader.read(item)));
    return out;
  }

  /** The commit to {@code version} adding {@code texts} TXT records of about 260 bytes each. */
  private static ZoneCommit adding(long version, int texts) {
    List<Record> added = new ArrayList<>();
    for (int i = 0; i < texts; i++) {
      added.add(rr("t" + i + " 300 TXT \"" + "t".repeat(250) + "\""));
    }
    return new ZoneCommit(new ZoneHead(TestZone.ZONE, version, version + 1,
        SerialPolicy.INCREMENT), version - 1,
        List.of(Node.of(added.get(0).getName(), List.of(added.get(0)))),
        new ChangeSet(version, version + 1, List.of(), added), "key.", "192.0.2.9", T0);
  }
}
