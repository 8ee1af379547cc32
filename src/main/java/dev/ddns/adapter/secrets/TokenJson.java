package dev.ddns.adapter.secrets;

import dev.ddns.core.port.HashedToken;
import java.util.Base64;
import java.util.Map;

/**
 * A dyndns2 token as stored, in a Secrets Manager secret or a token file: {@code {"hash":
 * "hmac-sha256", "salt": "base64", "digest": "base64"}} (docs/keys.md, "Tokens"). The token's
 * name is the secret's id or the file's name, not part of the value. The same flat
 * object form as {@link SecretJson} ({@link SecretFields}).
 */
public final class TokenJson {
  private TokenJson() {}

  public static String format(HashedToken token) {
    return SecretFields.format(Map.entry("hash", HashedToken.ALGORITHM),
        Map.entry("salt", Base64.getEncoder().encodeToString(token.salt())),
        Map.entry("digest", Base64.getEncoder().encodeToString(token.digest())));
  }

  /**
   * The token {@code name} stored as {@code json}.
   *
   * @throws IllegalArgumentException when the text is not such an object, naming what is wrong
   */
  public static HashedToken parse(String name, String json) {
    SecretFields fields = SecretFields.parse(json, "token " + name,
        "{\"hash\": ..., \"salt\": ..., \"digest\": ...}");
    String hash = fields.get("hash");
    if (!hash.equals(HashedToken.ALGORITHM)) {
      throw new IllegalArgumentException("token " + name + " is hashed with " + hash
          + "; only " + HashedToken.ALGORITHM + " is known");
    }
    try {
      return new HashedToken(name, Base64.getDecoder().decode(fields.get("salt")),
          Base64.getDecoder().decode(fields.get("digest")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("token " + name + ": salt or digest is not base64", e);
    }
  }
}
