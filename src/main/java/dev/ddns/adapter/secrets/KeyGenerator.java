package dev.ddns.adapter.secrets;

import dev.ddns.core.tsig.TsigKey;
import java.util.Base64;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.xbill.DNS.Name;

/**
 * New TSIG secrets as long as the algorithm's hash output, as {@code tsig-keygen} makes them
 * (RFC 8945 §6 asks for at least that much entropy). The random source is injected: give it a
 * {@link java.security.SecureRandom}.
 */
public final class KeyGenerator {
  private static final Map<String, Integer> HASH_BYTES = Map.of(
      "hmac-md5", 16, "hmac-sha1", 20, "hmac-sha224", 28,
      "hmac-sha256", 32, "hmac-sha384", 48, "hmac-sha512", 64);

  private final RandomGenerator random;

  public KeyGenerator(RandomGenerator random) {
    this.random = random;
  }

  /** A key {@code name} with a fresh secret for {@code algorithm} (BIND's name for it). */
  public TsigKey generate(Name name, String algorithm) {
    Integer length = HASH_BYTES.get(algorithm);
    if (length == null) {
      throw new IllegalArgumentException("unsupported TSIG algorithm '" + algorithm
          + "'; use one of " + TsigKey.ALGORITHMS);
    }
    byte[] secret = new byte[length];
    random.nextBytes(secret);
    return TsigKey.of(name.toString(), algorithm, Base64.getEncoder().encodeToString(secret));
  }
}
