package dev.ddns.core.tsig;

import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * A TSIG shared secret (RFC 8945 §4): key name, HMAC algorithm and secret bytes.
 *
 * @param name key name
 * @param algorithm algorithm name as sent on the wire, e.g. {@code hmac-sha256.}
 * @param secret the secret bytes
 */
public record TsigKey(Name name, Name algorithm, byte[] secret) {

  /** The HMAC algorithms served, by their BIND names, with their wire names (RFC 8945 §6). */
  private static final Map<String, Name> WIRE_NAMES = Map.of(
      "hmac-md5", TSIG.HMAC_MD5,
      "hmac-sha1", TSIG.HMAC_SHA1,
      "hmac-sha224", TSIG.HMAC_SHA224,
      "hmac-sha256", TSIG.HMAC_SHA256,
      "hmac-sha384", TSIG.HMAC_SHA384,
      "hmac-sha512", TSIG.HMAC_SHA512);

  /** The HMAC algorithms served, by their BIND names. */
  public static final List<String> ALGORITHMS =
      List.of("hmac-md5", "hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512");

  public TsigKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(algorithm, "algorithm");
    if (!WIRE_NAMES.containsValue(algorithm)) {
      throw new IllegalArgumentException("unsupported TSIG algorithm " + algorithm);
    }
    if (secret == null || secret.length == 0) {
      throw new IllegalArgumentException("TSIG key " + name + " has an empty secret");
    }
    secret = secret.clone();
  }

  /** A key from its BIND-style algorithm name ({@code hmac-sha256}) and base64 secret. */
  public static TsigKey of(String name, String algorithm, String base64Secret) {
    String alg = algorithm.toLowerCase(java.util.Locale.ROOT);
    if (!ALGORITHMS.contains(alg)) {
      throw new IllegalArgumentException("unsupported TSIG algorithm '" + algorithm
          + "' for key " + name + "; use one of " + ALGORITHMS);
    }
    byte[] secret;
    try {
      secret = Base64.getDecoder().decode(base64Secret.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("TSIG key " + name + ": secret is not valid base64", e);
    }
    return new TsigKey(Name.fromConstantString(absolute(name)), WIRE_NAMES.get(alg), secret);
  }

  private static String absolute(String name) {
    return name.endsWith(".") ? name : name + ".";
  }

  /** BIND's short algorithm name, e.g. {@code hmac-sha256}, as key files and nsupdate use it. */
  public String algorithmName() {
    return WIRE_NAMES.entrySet().stream()
        .filter(e -> e.getValue().equals(algorithm))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow();
  }

  public String base64Secret() {
    return Base64.getEncoder().encodeToString(secret);
  }

  /**
   * A dnsjava signer for this key, reading time from {@code clock}. dnsjava's TSIG objects are
   * immutable and make a fresh MAC per use, so callers may keep and share the one they get.
   */
  public TSIG signer(Clock clock) {
    return new TSIG(algorithm, name, new SecretKeySpec(secret, TSIG.nameToAlgorithm(algorithm)),
        clock);
  }

  @Override
  public byte[] secret() {
    return secret.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TsigKey k && k.name.equals(name) && k.algorithm.equals(algorithm)
        && java.util.Arrays.equals(k.secret, secret);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return "TsigKey[" + name + " " + algorithmName() + "]";
  }
}
