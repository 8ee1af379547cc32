package dev.ddns.adapter.secrets;

import dev.ddns.core.tsig.TsigKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * Where {@code ddns key} keeps TSIG keys: Secrets Manager, or a key directory for
 * {@code ddns local}. Rotation keeps the previous secret, so clients can move over while both
 * verify.
 */
public interface KeyVault {

  /**
   * A stored key, without its secret.
   *
   * @param name the key name
   * @param algorithm BIND's algorithm name, e.g. {@code hmac-sha256}
   * @param changed when the current secret was stored, when known
   */
  record Entry(Name name, String algorithm, Optional<Instant> changed) {}

  /** Stores a new key; fails when one of that name exists. */
  void create(TsigKey key);

  /** Makes {@code key} the current secret of its name, keeping the old one as previous. */
  void rotate(TsigKey key);

  /** The current secret of {@code name}. */
  Optional<TsigKey> current(Name name);

  /** Every key, by name. */
  List<Entry> list();

  /** Deletes the key and its previous secret; false when there was none. */
  boolean delete(Name name);

  /** Where the keys are, for messages: e.g. {@code Secrets Manager (prefix ddns/tsig/)}. */
  String describe();
}
