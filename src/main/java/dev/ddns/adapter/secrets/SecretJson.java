package dev.ddns.adapter.secrets;

import dev.ddns.core.tsig.TsigKey;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * A TSIG key as a Secrets Manager secret string: {@code {"algorithm": "hmac-sha256", "secret":
 * "base64"}}, the algorithm by its BIND name. The key name is the secret's id, not part of the
 * value. Read and written as {@link SecretFields}.
 */
public final class SecretJson {
  private SecretJson() {}

  public static String format(TsigKey key) {
    return SecretFields.format(Map.entry("algorithm", key.algorithmName()),
        Map.entry("secret", key.base64Secret()));
  }

  /**
   * The key {@code name} held in {@code json}.
   *
   * @throws IllegalArgumentException when the text is not such an object, naming what is wrong
   */
  public static TsigKey parse(Name name, String json) {
    SecretFields fields = SecretFields.parse(json, "secret of key " + name,
        "{\"algorithm\": ..., \"secret\": ...}");
    return TsigKey.of(name.toString(), fields.get("algorithm"), fields.get("secret"));
  }
}
