package dev.ddns.core.tsig;

import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.xbill.DNS.TSIG;

/**
 * Keyed HMAC instances, one per use: an initialised instance per key is kept and cloned, since
 * looking up the provider costs more than the HMAC of a small message. Bounded, as keys rotate.
 */
final class Macs {
  private static final int MAX_KEYS = 4096;

  private final Map<TsigKey, Mac> prototypes = new ConcurrentHashMap<>();

  /** A fresh HMAC keyed with {@code key}'s secret. */
  Mac of(TsigKey key) {
    if (prototypes.size() >= MAX_KEYS) {
      prototypes.clear();
    }
    Mac prototype = prototypes.computeIfAbsent(key, Macs::init);
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      return init(key);
    }
  }

  private static Mac init(TsigKey key) {
    String algorithm = TSIG.nameToAlgorithm(key.algorithm());
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key.secret(), algorithm));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no HMAC for " + key, e);
    }
  }
}
