package dev.ddns.adapter.secrets;

import dev.ddns.core.tsig.TsigKey;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.xbill.DNS.Name;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * A TSIG key as a Secrets Manager secret string: {@code {"algorithm": "hmac-sha256", "secret":
 * "base64"}}, the algorithm by its BIND name. The key name is the secret's id, not part of the
 * value. Uses the SDK's own JSON code, already in the Lambda jar.
 */
public final class SecretJson {
  private SecretJson() {}

  public static String format(TsigKey key) {
    JsonWriter writer = JsonWriter.create();
    writer.writeStartObject();
    writer.writeFieldName("algorithm");
    writer.writeValue(key.algorithmName());
    writer.writeFieldName("secret");
    writer.writeValue(key.base64Secret());
    writer.writeEndObject();
    return new String(writer.getBytes(), StandardCharsets.UTF_8);
  }

  /**
   * The key {@code name} held in {@code json}.
   *
   * @throws IllegalArgumentException when the text is not such an object, naming what is wrong
   */
  public static TsigKey parse(Name name, String json) {
    Map<String, JsonNode> fields;
    try {
      JsonNode node = JsonNode.parser().parse(json);
      if (!node.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      fields = node.asObject();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("secret of key " + name + " is not JSON "
          + "{\"algorithm\": ..., \"secret\": ...}: " + e.getMessage(), e);
    }
    return TsigKey.of(name.toString(), field(fields, "algorithm", name),
        field(fields, "secret", name));
  }

  private static String field(Map<String, JsonNode> fields, String field, Name name) {
    JsonNode value = fields.get(field);
    if (value == null || !value.isString()) {
      throw new IllegalArgumentException("secret of key " + name + " has no string field \""
          + field + "\"");
    }
    return value.asString();
  }
}
