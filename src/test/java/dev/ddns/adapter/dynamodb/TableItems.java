package dev.ddns.adapter.dynamodb;

import dev.ddns.core.model.Node;
import dev.ddns.core.model.ZoneCommit;
import dev.ddns.core.model.ZoneHead;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The store's own item layout ({@link Items}) for benchmarks that write a large table directly
 * with BatchWriteItem instead of through the import path, and for tests that count what the store
 * wrote: the items are exactly those the store writes.
 */
public final class TableItems {
  private TableItems() {}

  public static Map<String, AttributeValue> head(ZoneHead head) {
    return Items.head(head);
  }

  public static Map<String, AttributeValue> node(Name zone, Node node, long version) {
    return Items.node(zone, node, version);
  }

  /** The one item of {@code commit}'s journal entry, which must fit in one. */
  public static Map<String, AttributeValue> journal(ZoneCommit commit) {
    List<Map<String, AttributeValue>> items = JournalItems.of(commit);
    if (items.size() != 1) {
      throw new IllegalArgumentException("the entry takes " + items.size() + " items");
    }
    return items.get(0);
  }

  /**
   * The journal items of {@code zone} in {@code table} after its version {@code afterVersion}:
   * one per transaction that committed (a group's entries share one item), with the entries each
   * holds (an entry stored in parts counts on its last part, 0 on its head and other parts).
   */
  public static List<Integer> journalItemEntries(DynamoDbClient client, String table, Name zone,
      long afterVersion) {
    return client.queryPaginator(q -> q.tableName(table).consistentRead(true)
            .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
            .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.partition(zone)),
                ":from", AttributeValue.fromS(Keys.journalSk(afterVersion + 1)),
                ":to", AttributeValue.fromS(Keys.journalSk(Long.MAX_VALUE)))))
        .items().stream().map(new JournalItems.Reader()::read).map(List::size).toList();
  }
}
