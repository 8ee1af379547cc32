package dev.ddns.core.attest;

import dev.ddns.core.tsig.KeyStore;
import dev.ddns.core.tsig.TsigKey;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * The one rule that tells relay keys from TSIG keys (docs/relay.md): a relay key's name begins
 * with the label {@value #LABEL}, e.g. {@code _relay.site1.}. Both kinds share one namespace and
 * one storage (key files, key directories, Secrets Manager), so a stored key is one or the other,
 * never both; each side sees its own kind only, so a relay key never verifies a TSIG MAC and a TSIG
 * key never an attestation.
 */
public final class RelayKeyNames {
  /** The first label of every relay key name. */
  public static final String LABEL = "_relay";

  private RelayKeyNames() {}

  /** True for {@code _relay.X.}: the label {@value #LABEL} and at least one more below the root. */
  public static boolean isRelayKey(Name name) {
    return name.isAbsolute() && name.labels() >= 3
        && name.getLabelString(0).equalsIgnoreCase(LABEL);
  }

  /** {@code keys} without relay keys: what TSIG verification and signing may use. */
  public static KeyStore tsigKeys(KeyStore keys) {
    return filtered(keys, false);
  }

  /** Only the relay keys of {@code keys}: what attestations are verified with. */
  public static KeyStore relayKeys(KeyStore keys) {
    return filtered(keys, true);
  }

  private static KeyStore filtered(KeyStore keys, boolean relay) {
    return new KeyStore() {
      @Override
      public Optional<TsigKey> find(Name keyName) {
        return isRelayKey(keyName) == relay ? keys.find(keyName) : Optional.empty();
      }

      @Override
      public List<TsigKey> candidates(Name keyName) {
        return isRelayKey(keyName) == relay ? keys.candidates(keyName) : List.of();
      }
    };
  }
}
