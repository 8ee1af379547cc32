package dev.ddns.core.port;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A dyndns2 token as it is stored: never the secret itself, only HMAC-SHA256 of it keyed with a
 * random salt of its own (docs/keys.md, "Tokens"). The secrets are random and long, so a guess is
 * hopeless whatever the hash costs; the salt keeps equal secrets from looking equal.
 *
 * @param name the token's name, the HTTP Basic user name of its calls
 * @param salt the random HMAC key
 * @param digest HMAC-SHA256 of the secret under {@code salt}
 */
public record HashedToken(String name, byte[] salt, byte[] digest) {
  /** The hash, as the stored form names it. */
  public static final String ALGORITHM = "hmac-sha256";
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9](?:[a-z0-9_-]|\\.(?![.]|$)){0,62}");

  public HashedToken {
    salt = salt.clone();
    digest = digest.clone();
  }

  /** The stored form of {@code secret} under {@code salt}. */
  public static HashedToken of(String name, String secret, byte[] salt) {
    return new HashedToken(name, salt, hmac(salt, secret));
  }

  /**
   * The token name in {@code text}, lower-cased, when it is one: up to 63 letters, digits, {@code
   * -}, {@code _} and single inner dots, a letter or digit first, as the update policy's {@code
   * token:NAME} allows (docs/policy.md). Anything else is never looked up, so random user names
   * cost no store call and name no file.
   */
  public static Optional<String> name(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    return NAME.matcher(lower).matches() ? Optional.of(lower) : Optional.empty();
  }

  /** True when {@code secret} is this token's secret; the comparison takes the same time whatever differs. */
  public boolean matches(String secret) {
    return MessageDigest.isEqual(digest, hmac(salt, secret));
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public byte[] digest() {
    return digest.clone();
  }

  private static byte[] hmac(byte[] salt, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt, "HmacSHA256"));
      return mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
