package dev.ddns.adapter.secrets;

import dev.ddns.core.tsig.KeyStore;
import dev.ddns.core.tsig.TsigKey;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;

/** Several key stores asked in order; the first that knows a name answers for it. */
public final class ChainedKeyStore implements KeyStore {
  private final List<KeyStore> stores;

  public ChainedKeyStore(List<KeyStore> stores) {
    this.stores = List.copyOf(stores);
  }

  @Override
  public Optional<TsigKey> find(Name keyName) {
    for (KeyStore store : stores) {
      Optional<TsigKey> key = store.find(keyName);
      if (key.isPresent()) {
        return key;
      }
    }
    return Optional.empty();
  }

  @Override
  public List<TsigKey> candidates(Name keyName) {
    for (KeyStore store : stores) {
      List<TsigKey> keys = store.candidates(keyName);
      if (!keys.isEmpty()) {
        return keys;
      }
    }
    return List.of();
  }
}
