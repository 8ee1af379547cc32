package dev.ddns.adapter.dynamodb;

import dev.ddns.core.model.ReplayRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.Name;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Replay records as items (docs/architecture.md, "Data model": {@code K#<key>} / {@code M#<mac>}): the key
 * name in lowercase presentation form, the MAC in base64, the rcode, the reason of a failure
 * (absent when empty), and {@link
 * ZoneTable#TTL_ATTRIBUTE} at the request's time signed plus fudge, after which DynamoDB's TTL
 * removes the item. They live in partitions of their own, apart from every zone.
 */
final class ReplayItems {
  static final String KEY = "key";
  static final String MAC = "mac";
  static final String RCODE = "rcode";
  static final String REASON = "reason";
  private static final String ABSENT = "attribute_not_exists(#pk)";

  private ReplayItems() {}

  static Map<String, AttributeValue> key(Name key, String macBase64) {
    return Keys.key("K#" + key.toString().toLowerCase(Locale.ROOT), "M#" + macBase64);
  }

  static Map<String, AttributeValue> item(ReplayRecord record) {
    Map<String, AttributeValue> item = new HashMap<>(key(record.key(), record.macBase64()));
    item.put(KEY, AttributeValue.fromS(record.key().toString()));
    item.put(MAC, AttributeValue.fromB(SdkBytes.fromByteArray(record.mac())));
    item.put(RCODE, Items.number(record.rcode()));
    if (!record.reason().isEmpty()) {
      item.put(REASON, AttributeValue.fromS(record.reason()));
    }
    item.put(ZoneTable.TTL_ATTRIBUTE, Items.number(record.expiresAt().getEpochSecond()));
    return item;
  }

  static ReplayRecord toRecord(Map<String, AttributeValue> item) {
    return new ReplayRecord(Items.name(item.get(KEY).s()), item.get(MAC).b().asByteArray(),
        (int) Items.longOf(item, RCODE),
        item.containsKey(REASON) ? item.get(REASON).s() : "",
        Instant.ofEpochSecond(Items.longOf(item, ZoneTable.TTL_ATTRIBUTE)));
  }

  /** The Put of a commit's transaction: it fails when a record of this key and MAC exists. */
  static TransactWriteItem put(String table, ReplayRecord record) {
    return TransactWriteItem.builder().put(p -> p.tableName(table).item(item(record))
        .conditionExpression(ABSENT)
        .expressionAttributeNames(Map.of("#pk", Keys.PK))).build();
  }

  /**
   * The PutItem of an answer that committed nothing: it fails when a record of this key and MAC
   * exists, and then returns that record.
   */
  static PutItemRequest putIfAbsent(String table, ReplayRecord record) {
    return PutItemRequest.builder().tableName(table).item(item(record))
        .conditionExpression(ABSENT)
        .expressionAttributeNames(Map.of("#pk", Keys.PK))
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build();
  }
}
