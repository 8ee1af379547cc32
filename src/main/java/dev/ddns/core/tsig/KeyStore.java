package dev.ddns.core.tsig;

import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;

/** Where TSIG keys come from (a port: docs/architecture.md). Names compare case-insensitively, as DNS names do. */
public interface KeyStore {
  Optional<TsigKey> find(Name keyName);

  /**
   * Every secret that may verify a message signed under {@code keyName}, the current one first:
   * during a key rotation's grace window the previous secret verifies too. Stores without
   * rotation hold one secret per name.
   *
   * @throws dev.ddns.core.port.StoreException when the store cannot be read (the request gets SERVFAIL)
   */
  default List<TsigKey> candidates(Name keyName) {
    return find(keyName).stream().toList();
  }
}
