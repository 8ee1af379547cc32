package dev.ddns.adapter.secrets;

import dev.ddns.core.port.HashedToken;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * A dyndns2 token as stored, in a Secrets Manager secret or a token file: {@code {"hash":
 * "hmac-sha256", "salt": "base64", "digest": "base64"}} (docs/keys.md, "Tokens"). The token's
 * name is the secret's id or the file's name, not part of the value. The SDK's own JSON code, as
 * {@link SecretJson} uses.
 */
public final class TokenJson {
  private TokenJson() {}

  public static String format(HashedToken token) {
    JsonWriter writer = JsonWriter.create();
    writer.writeStartObject();
    writer.writeFieldName("hash");
    writer.writeValue(HashedToken.ALGORITHM);
    writer.writeFieldName("salt");
    writer.writeValue(Base64.getEncoder().encodeToString(token.salt()));
    writer.writeFieldName("digest");
    writer.writeValue(Base64.getEncoder().encodeToString(token.digest()));
    writer.writeEndObject();
    return new String(writer.getBytes(), StandardCharsets.UTF_8);
  }

  /**
   * The token {@code name} stored as {@code json}.
   *
   * @throws IllegalArgumentException when the text is not such an object, naming what is wrong
   */
  public static HashedToken parse(String name, String json) {
    Map<String, JsonNode> fields;
    try {
      JsonNode node = JsonNode.parser().parse(json);
      if (!node.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      fields = node.asObject();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("token " + name + " is not JSON {\"hash\": ..., "
          + "\"salt\": ..., \"digest\": ...}: " + e.getMessage(), e);
    }
    String hash = field(fields, "hash", name);
    if (!hash.equals(HashedToken.ALGORITHM)) {
      throw new IllegalArgumentException("token " + name + " is hashed with " + hash
          + "; only " + HashedToken.ALGORITHM + " is known");
    }
    try {
      return new HashedToken(name, Base64.getDecoder().decode(field(fields, "salt", name)),
          Base64.getDecoder().decode(field(fields, "digest", name)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("token " + name + ": salt or digest is not base64", e);
    }
  }

  private static String field(Map<String, JsonNode> fields, String field, String name) {
    JsonNode value = fields.get(field);
    if (value == null || !value.isString()) {
      throw new IllegalArgumentException("token " + name + " has no string field \"" + field
          + "\"");
    }
    return value.asString();
  }
}
