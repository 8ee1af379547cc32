package dev.ddns.adapter.secrets;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * A stored secret's value as one flat JSON object of string fields, the form of both
 * {@link SecretJson} (keys) and {@link TokenJson} (tokens). Uses the SDK's own JSON code, already
 * in the Lambda jar.
 */
final class SecretFields {
  private final String what;
  private final Map<String, JsonNode> fields;

  private SecretFields(String what, Map<String, JsonNode> fields) {
    this.what = what;
    this.fields = fields;
  }

  /** The object of {@code fields}, in their order. */
  @SafeVarargs
  static String format(Map.Entry<String, String>... fields) {
    JsonWriter writer = JsonWriter.create();
    writer.writeStartObject();
    for (Map.Entry<String, String> field : fields) {
      writer.writeFieldName(field.getKey());
      writer.writeValue(field.getValue());
    }
    writer.writeEndObject();
    return new String(writer.getBytes(), StandardCharsets.UTF_8);
  }

  /**
   * The fields of {@code json}; {@code what} names the secret in messages and {@code shape} is
   * the object expected.
   *
   * @throws IllegalArgumentException when the text is not a JSON object
   */
  static SecretFields parse(String json, String what, String shape) {
    try {
      JsonNode node = JsonNode.parser().parse(json);
      if (!node.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      return new SecretFields(what, node.asObject());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(what + " is not JSON " + shape + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * The string field {@code field}.
   *
   * @throws IllegalArgumentException when there is none
   */
  String get(String field) {
    JsonNode value = fields.get(field);
    if (value == null || !value.isString()) {
      throw new IllegalArgumentException(what + " has no string field \"" + field + "\"");
    }
    return value.asString();
  }
}
