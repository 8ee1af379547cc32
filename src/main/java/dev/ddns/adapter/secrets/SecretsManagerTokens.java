package dev.ddns.adapter.secrets;

import dev.ddns.core.port.HashedToken;
import dev.ddns.core.port.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;

/**
 * Tokens as Secrets Manager secrets: id {@code prefix + name}, value {@link TokenJson}
 * (docs/keys.md, "Tokens"). Lookups, found or not, are cached for {@code ttl}, as keys are
 * ({@link SecretsManagerKeyStore}); a missing or deleted secret is an unknown token, any other
 * failure a {@link StoreException} (the call is answered {@code 911}) and not cached.
 */
public final class SecretsManagerTokens implements TokenVault {
  /** The default secret prefix of tokens, beside the keys' {@code ddns/tsig/}. */
  public static final String DEFAULT_PREFIX = "ddns/token/";
  private static final Logger LOG = LoggerFactory.getLogger(SecretsManagerTokens.class);

  private final PrefixedSecrets secrets;
  private final Clock clock;
  private final Duration ttl;
  private final KeyCache<Optional<HashedToken>> cache;

  /**
   * @param where names the endpoint or region, for messages
   * @param withoutRecovery delete at once instead of after Secrets Manager's recovery window
   * @param ttl how long a lookup is remembered
   */
  public SecretsManagerTokens(SecretsManagerClient client, String prefix, String where,
      boolean withoutRecovery, Clock clock, Duration ttl) {
    this.secrets = new PrefixedSecrets(client, prefix, where, withoutRecovery);
    this.clock = clock;
    this.ttl = ttl;
    this.cache = new KeyCache<>(clock, SecretsManagerKeyStore.Settings.DEFAULT_CAPACITY);
  }

  @Override
  public Optional<HashedToken> find(String name) {
    Name key = Name.fromConstantString(TokenVault.require(name) + ".");
    Optional<Optional<HashedToken>> cached = cache.get(key);
    if (cached.isPresent()) {
      return cached.get();
    }
    Optional<HashedToken> token = fetch(name);
    cache.put(key, token, clock.instant().plus(ttl));
    return token;
  }

  private Optional<HashedToken> fetch(String name) {
    String id = secrets.id(name);
    Optional<String> value;
    try {
      value = secrets.current(id).map(r -> r.secretString() == null ? "" : r.secretString());
    } catch (SdkException e) {
      throw new StoreException("Secrets Manager lookup of " + id + " failed: " + e.getMessage(),
          e);
    }
    try {
      return value.map(json -> TokenJson.parse(name, json));
    } catch (IllegalArgumentException e) {
      LOG.warn("ignoring secret {}: {}", id, e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public void create(HashedToken token) {
    String id = secrets.id(TokenVault.require(token.name()));
    try {
      secrets.create(id, TokenJson.format(token),
          "dyndns2 token " + token.name() + " for ddns (hashed)");
    } catch (ResourceExistsException e) {
      throw new IllegalStateException("token " + token.name() + " exists in " + describe()
          + " (secret " + id + "); delete it first for a new secret", e);
    }
  }

  @Override
  public List<Entry> list() {
    List<Entry> entries = new ArrayList<>();
    for (PrefixedSecrets.Listed secret : secrets.list()) {
      HashedToken.name(secret.name()).ifPresent(name ->
          entries.add(new Entry(name, secret.changed())));
    }
    entries.sort(Comparator.comparing(Entry::name));
    return entries;
  }

  @Override
  public boolean delete(String name) {
    return secrets.delete(secrets.id(TokenVault.require(name)));
  }

  @Override
  public String describe() {
    return secrets.describe();
  }
}
