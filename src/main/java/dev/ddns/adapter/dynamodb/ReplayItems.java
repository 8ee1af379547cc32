package dev.ddns.adapter.dynamodb;

import dev.ddns.core.model.ReplayRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.Name;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Replay records as items (docs/architecture.md, "Data model": {@code K#<key>} / {@code M#<mac>}): the key
 * name in lowercase presentation form, the MAC in base64, the rcode, and {@link
 * ZoneTable#TTL_ATTRIBUTE} at the request's time signed plus fudge, after which DynamoDB's TTL
 * removes the item. They live in partitions of their own, apart from every zone.
 */
final class ReplayItems {
  static final String KEY = "key";
  static final String MAC = "mac";
  static final String RCODE = "rcode";

  private ReplayItems() {}

  static Map<String, AttributeValue> key(Name key, String macBase64) {
    return Keys.key("K#" + key.toString().toLowerCase(Locale.ROOT), "M#" + macBase64);
  }

  static Map<String, AttributeValue> item(ReplayRecord record) {
    Map<String, AttributeValue> item = new HashMap<>(key(record.key(), record.macBase64()));
    item.put(KEY, AttributeValue.fromS(record.key().toString()));
    item.put(MAC, AttributeValue.fromB(SdkBytes.fromByteArray(record.mac())));
    item.put(RCODE, Items.number(record.rcode()));
    item.put(ZoneTable.TTL_ATTRIBUTE, Items.number(record.expiresAt().getEpochSecond()));
    return item;
  }

  static ReplayRecord toRecord(Map<String, AttributeValue> item) {
    return new ReplayRecord(Items.name(item.get(KEY).s()), item.get(MAC).b().asByteArray(),
        (int) Items.longOf(item, RCODE),
        Instant.ofEpochSecond(Items.longOf(item, ZoneTable.TTL_ATTRIBUTE)));
  }

  /** The Put of a commit's transaction: it fails when a record of this key and MAC exists. */
  static TransactWriteItem put(String table, ReplayRecord record) {
    return TransactWriteItem.builder().put(p -> p.tableName(table).item(item(record))
        .conditionExpression("attribute_not_exists(#pk)")
        .expressionAttributeNames(Map.of("#pk", Keys.PK))).build();
  }
}
