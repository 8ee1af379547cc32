package dev.ddns.adapter.secrets;

import dev.ddns.core.port.HashedToken;
import dev.ddns.core.port.TokenStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where {@code ddns token} keeps dyndns2 tokens, hashed: Secrets Manager, or a key directory for
 * {@code ddns local} (docs/keys.md, "Tokens").
 */
public interface TokenVault extends TokenStore {
  /**
   * A stored token, without its hash.
   *
   * @param name the token's name
   * @param changed when it was stored, when known
   */
  record Entry(String name, Optional<Instant> changed) {}

  /** Stores a new token; fails when one of that name exists. */
  void create(HashedToken token);

  /** Every token, by name. */
  List<Entry> list();

  /** Deletes the token; false when there was none. */
  boolean delete(String name);

  /** Where the tokens are, for messages. */
  String describe();

  /** {@code name} as {@link HashedToken#name} accepts it, or an exception naming the rule. */
  static String require(String name) {
    return HashedToken.name(name).orElseThrow(() -> new IllegalArgumentException("token name "
        + name + " is not usable: use up to 63 letters, digits, '-', '_' and inner dots, a letter "
        + "or digit first"));
  }
}
