package dev.ddns.adapter.secrets;

import dev.ddns.core.port.StoreException;
import dev.ddns.core.tsig.KeyStore;
import dev.ddns.core.tsig.TsigKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * TSIG keys in AWS Secrets Manager, one secret per key: secret id {@code prefix + name} (the key
 * name in lower case without its final dot, see {@link KeyNames}), value {@link SecretJson}.
 *
 * <p>Names that {@link KeyNames} rejects are unknown without a call. Found keys and misses are
 * cached for {@link Settings#ttl()}, at most {@link Settings#capacity()} names. After a rotation
 * ({@code PutSecretValue} moves the old value to the {@code AWSPREVIOUS} stage) the previous
 * secret verifies too, until {@link Settings#grace()} after the current version was created; it
 * is read only when a MAC does not verify with the current one, so a key costs one call per
 * cache miss.
 * A missing or deleted secret is an unknown key (BADKEY); any other failure (throttling,
 * timeouts, denied access) is a {@link StoreException}, so the request gets SERVFAIL and the
 * client retries, and nothing is cached.
 */
public final class SecretsManagerKeyStore implements KeyStore {
  private static final Logger LOG = LoggerFactory.getLogger(SecretsManagerKeyStore.class);
  private static final String CURRENT = "AWSCURRENT";
  private static final String PREVIOUS = "AWSPREVIOUS";

  /**
   * How the store reads and caches.
   *
   * @param prefix prepended to the key name to make the secret id, e.g. {@code ddns/tsig/}
   * @param ttl how long a found key or a miss is remembered
   * @param capacity how many names are remembered at most
   * @param grace how long after a rotation the previous secret still verifies
   */
  public record Settings(String prefix, Duration ttl, int capacity, Duration grace) {
    public static final String DEFAULT_PREFIX = "ddns/tsig/";
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
    public static final int DEFAULT_CAPACITY = 1000;
    public static final Duration DEFAULT_GRACE = Duration.ofHours(24);

    public Settings {
      checkPrefix(prefix);
      if (ttl.isNegative() || grace.isNegative()) {
        throw new IllegalArgumentException("cache TTL and grace must not be negative");
      }
    }

    /** {@code prefix}, when it holds only characters that secret names may hold. */
    public static String checkPrefix(String prefix) {
      if (prefix == null || !prefix.matches("[A-Za-z0-9/_+=.@-]*")) {
        throw new IllegalArgumentException("secret prefix '" + prefix + "' may hold only "
            + "letters, digits and /_+=.@-");
      }
      return prefix;
    }

    public static Settings defaults() {
      return new Settings(DEFAULT_PREFIX, DEFAULT_TTL, DEFAULT_CAPACITY, DEFAULT_GRACE);
    }

    public Settings withPrefix(String newPrefix) {
      return new Settings(newPrefix, ttl, capacity, grace);
    }

    /** The secret id of the key with name text {@code text} (see {@link KeyNames}). */
    public String secretId(String text) {
      return prefix + text;
    }
  }

  private final SecretsManagerClient client;
  private final Settings settings;
  private final Clock clock;
  private final KeyCache<Current> current;
  private final KeyCache<Optional<TsigKey>> previous;

  /**
   * What the {@code AWSCURRENT} version held, and until when its predecessor still verifies (the
   * time of the lookup when there is no grace window).
   */
  private record Current(Optional<TsigKey> key, Instant graceEnds) {}

  public SecretsManagerKeyStore(SecretsManagerClient client, Settings settings, Clock clock) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
    this.current = new KeyCache<>(clock, settings.capacity());
    this.previous = new KeyCache<>(clock, settings.capacity());
  }

  /** The current secret only: one call on a cache miss, even within a rotation's grace window. */
  @Override
  public Optional<TsigKey> find(Name keyName) {
    return KeyNames.text(keyName).flatMap(text -> current(keyName, text).key());
  }

  /**
   * The current secret, then within the grace window the previous one; the verifier asks for this
   * only when the current secret does not verify, so {@code AWSPREVIOUS} is read only then.
   */
  @Override
  public List<TsigKey> candidates(Name keyName) {
    Optional<String> text = KeyNames.text(keyName);
    if (text.isEmpty()) {
      return List.of();
    }
    Current now = current(keyName, text.get());
    if (now.key().isEmpty()) {
      return List.of();
    }
    List<TsigKey> keys = new ArrayList<>(List.of(now.key().get()));
    if (clock.instant().isBefore(now.graceEnds())) {
      previous(keyName, text.get(), now.graceEnds()).ifPresent(keys::add);
    }
    return List.copyOf(keys);
  }

  private Current current(Name keyName, String text) {
    Optional<Current> cached = current.get(keyName);
    if (cached.isPresent()) {
      return cached.get();
    }
    Instant now = clock.instant();
    String secretId = settings.secretId(text);
    Optional<GetSecretValueResponse> response = fetch(secretId, CURRENT);
    Optional<TsigKey> key = response.flatMap(r -> parse(keyName, secretId, r));
    Instant graceEnds = response.map(GetSecretValueResponse::createdDate)
        .map(created -> created.plus(settings.grace())).orElse(now);
    Current found = new Current(key, graceEnds);
    current.put(keyName, found, now.plus(settings.ttl()));
    return found;
  }

  // RFC 8945 leaves rollover to the operator: both secrets verify for a while.
  private Optional<TsigKey> previous(Name keyName, String text, Instant graceEnds) {
    Optional<Optional<TsigKey>> cached = previous.get(keyName);
    if (cached.isPresent()) {
      return cached.get();
    }
    Instant expires = clock.instant().plus(settings.ttl());
    String secretId = settings.secretId(text);
    Optional<TsigKey> key = fetch(secretId, PREVIOUS).flatMap(r -> parse(keyName, secretId, r));
    previous.put(keyName, key, graceEnds.isBefore(expires) ? graceEnds : expires);
    return key;
  }

  private Optional<GetSecretValueResponse> fetch(String secretId, String stage) {
    try {
      return Optional.of(client.getSecretValue(r -> r.secretId(secretId).versionStage(stage)));
    } catch (ResourceNotFoundException | InvalidRequestException e) {
      // No such secret or stage, or the secret is scheduled for deletion: no such key.
      return Optional.empty();
    } catch (SdkException e) {
      throw new StoreException("Secrets Manager lookup of " + secretId + " (" + stage
          + ") failed: " + e.getMessage(), e);
    }
  }

  private static Optional<TsigKey> parse(Name keyName, String secretId,
      GetSecretValueResponse response) {
    try {
      if (response.secretString() == null) {
        throw new IllegalArgumentException("it holds binary data, not a secret string");
      }
      return Optional.of(SecretJson.parse(keyName, response.secretString()));
    } catch (IllegalArgumentException e) {
      LOG.warn("ignoring secret {} ({}): {}", secretId, response.versionStages(), e.getMessage());
      return Optional.empty();
    }
  }
}
