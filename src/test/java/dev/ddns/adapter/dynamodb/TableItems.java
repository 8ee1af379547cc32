package dev.ddns.adapter.dynamodb;

import dev.ddns.core.model.Node;
import dev.ddns.core.model.ZoneCommit;
import dev.ddns.core.model.ZoneHead;
import java.util.Map;
import org.xbill.DNS.Name;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The store's own item layout ({@link Items}) for benchmarks that write a large table directly
 * with BatchWriteItem instead of through the import path: the items are exactly those the store
 * writes.
 */
public final class TableItems {
  private TableItems() {}

  public static Map<String, AttributeValue> head(ZoneHead head) {
    return Items.head(head);
  }

  public static Map<String, AttributeValue> node(Name zone, Node node, long version) {
    return Items.node(zone, node, version);
  }

  public static Map<String, AttributeValue> journal(ZoneCommit commit) {
    return Items.journal(commit);
  }
}
