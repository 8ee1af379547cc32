package dev.ddns.adapter.dynamodb;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.ddns.core.notify.HeadChange;
import dev.ddns.core.port.StoreException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.core.SdkBytes;

/**
 * Reads zone head changes out of the table's stream records (view type NEW_AND_OLD_IMAGES), as
 * Lambda delivers them in a {@code DynamodbEvent}. Nodes, journal entries and replay records are
 * not head changes; neither is a removed head.
 */
public final class HeadChanges {
  private HeadChanges() {}

  /**
   * The head change in {@code record}, or empty when the record is about another item.
   *
   * @throws StoreException when a head image cannot be read
   */
  public static Optional<HeadChange> of(DynamodbStreamRecord record) {
    var stream = record.getDynamodb();
    if (stream == null || !isHead(stream.getKeys()) || stream.getNewImage() == null) {
      return Optional.empty();
    }
    try {
      var head = Items.toHead(toSdk(stream.getNewImage()));
      Map<String, AttributeValue> old = stream.getOldImage();
      OptionalLong previous = old == null || old.get(Items.SERIAL) == null
          ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(old.get(Items.SERIAL).getN()));
      return Optional.of(new HeadChange(stream.getSequenceNumber(), head, previous));
    } catch (RuntimeException e) {
      throw new StoreException("unreadable zone head in stream record "
          + stream.getSequenceNumber() + ": " + e.getMessage(), e);
    }
  }

  private static boolean isHead(Map<String, AttributeValue> keys) {
    if (keys == null) {
      return false;
    }
    AttributeValue sk = keys.get(Keys.SK);
    return sk != null && Keys.HEAD.equals(sk.getS());
  }

  /** An image of the events library as the SDK's attribute values. */
  static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> toSdk(
      Map<String, AttributeValue> image) {
    Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> out =
        new HashMap<>();
    image.forEach((name, value) -> out.put(name, toSdk(value)));
    return out;
  }

  private static software.amazon.awssdk.services.dynamodb.model.AttributeValue toSdk(
      AttributeValue v) {
    var sdk = software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder();
    if (v.getS() != null) {
      sdk.s(v.getS());
    } else if (v.getN() != null) {
      sdk.n(v.getN());
    } else if (v.getB() != null) {
      sdk.b(SdkBytes.fromByteBuffer(v.getB()));
    } else if (v.getL() != null) {
      sdk.l(v.getL().stream().map(HeadChanges::toSdk).toList());
    } else if (v.getM() != null) {
      sdk.m(toSdk(v.getM()));
    } else if (v.getSS() != null) {
      sdk.ss(v.getSS());
    } else if (v.getNS() != null) {
      sdk.ns(v.getNS());
    } else if (v.getBS() != null) {
      sdk.bs(v.getBS().stream().map(SdkBytes::fromByteBuffer).toList());
    } else if (v.getBOOL() != null) {
      sdk.bool(v.getBOOL());
    } else {
      sdk.nul(Boolean.TRUE.equals(v.getNULL()));
    }
    return sdk.build();
  }
}
