package dev.ddns.core.tsig;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.TSIG;

/**
 * dnsjava signers by key, made once: building one looks up the MAC provider, which costs more
 * than a whole HMAC of a small message. Bounded, since keys come and go with rotation.
 */
final class Signers {
  private static final int MAX_KEYS = 4096;

  private final Clock clock;
  private final Map<TsigKey, TSIG> signers = new ConcurrentHashMap<>();

  Signers(Clock clock) {
    this.clock = clock;
  }

  TSIG of(TsigKey key) {
    if (signers.size() >= MAX_KEYS) {
      signers.clear();
    }
    return signers.computeIfAbsent(key, k -> k.signer(clock));
  }
}
