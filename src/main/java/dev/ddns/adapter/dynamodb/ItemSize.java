package dev.ddns.adapter.dynamodb;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB item size per AWS's rules (attribute names plus values: strings UTF-8 bytes, numbers
 * about one byte per two significant digits plus one, binary its bytes, lists and maps 3 bytes
 * plus one per element plus the elements). An estimate (for the model of capacity units in the tests, and to keep a transaction under its 4 MB), not billing.
 */
public final class ItemSize {
  private ItemSize() {}

  public static long of(Map<String, AttributeValue> item) {
    long size = 0;
    for (var e : item.entrySet()) {
      size += utf8(e.getKey()) + value(e.getValue());
    }
    return size;
  }

  private static long utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static long number(String n) {
    String digits = new BigDecimal(n).unscaledValue().abs().toString();
    return (digits.length() + 1) / 2 + 1;
  }

  public static long value(AttributeValue v) {
    if (v.s() != null) {
      return utf8(v.s());
    }
    if (v.n() != null) {
      return number(v.n());
    }
    if (v.b() != null) {
      return v.b().asByteArray().length;
    }
    if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
      return 1;
    }
    if (v.hasSs()) {
      return v.ss().stream().mapToLong(ItemSize::utf8).sum();
    }
    if (v.hasNs()) {
      return v.ns().stream().mapToLong(ItemSize::number).sum();
    }
    if (v.hasBs()) {
      return v.bs().stream().mapToLong(b -> b.asByteArray().length).sum();
    }
    if (v.hasL()) {
      return 3 + v.l().stream().mapToLong(x -> 1 + value(x)).sum();
    }
    if (v.hasM()) {
      return 3 + v.m().entrySet().stream().mapToLong(e -> 1 + utf8(e.getKey()) + value(e.getValue())).sum();
    }
    return 0;
  }
}
