package dev.ddns.core.tsig;

import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * A TSIG shared secret (RFC 8945 §4): key name, HMAC algorithm and secret bytes.
 *
 * @param name key name
 * @param algorithm algorithm name, e.g. {@code hmac-sha256.}
 * @param secret the secret bytes
 */
public record TsigKey(Name name, Name algorithm, byte[] secret) {

  /** The HMAC algorithms served, by their BIND names (RFC 8945 §6). */
  public static final List<String> ALGORITHMS =
      List.of("hmac-md5", "hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512");

  public TsigKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(algorithm, "algorithm");
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
    return new TsigKey(Name.fromConstantString(absolute(name)), TSIG.algorithmToName(alg), secret);
  }

  private static String absolute(String name) {
    return name.endsWith(".") ? name : name + ".";
  }

  /** BIND's short algorithm name, e.g. {@code hmac-sha256}. */
  public String algorithmName() {
    return TSIG.nameToAlgorithm(algorithm);
  }

  public String base64Secret() {
    return Base64.getEncoder().encodeToString(secret);
  }

  /** A dnsjava signer for this key, reading time from {@code clock}. */
  public TSIG signer(java.time.Clock clock) {
    return new TSIG(algorithm, name,
        new javax.crypto.spec.SecretKeySpec(secret, TSIG.nameToAlgorithm(algorithm)), clock);
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
