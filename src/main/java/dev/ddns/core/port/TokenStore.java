package dev.ddns.core.port;

import java.util.Optional;

/**
 * Where dyndns2 tokens come from (a port: docs/architecture.md): each token by its name, hashed
 * (docs/keys.md, "Tokens"). Names are looked up only when {@link HashedToken#name} accepts them.
 */
public interface TokenStore {
  /**
   * The token called {@code name}, a name {@link HashedToken#name} returned.
   *
   * @throws StoreException when the store cannot be read (the call is answered {@code 911})
   */
  Optional<HashedToken> find(String name);
}
