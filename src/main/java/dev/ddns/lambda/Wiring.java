package dev.ddns.lambda;

import dev.ddns.adapter.dns.ZoneContent;
import dev.ddns.adapter.dynamodb.DynamoClients;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.adapter.http.DohCodec;
import dev.ddns.adapter.http.DynDnsCodec;
import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.adapter.secrets.SecretsManagerClients;
import dev.ddns.adapter.secrets.SecretsManagerKeyStore;
import dev.ddns.adapter.secrets.SecretsManagerTokens;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.attest.RelayAttestation;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.port.TokenStore;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.DynDnsLimits;
import dev.ddns.core.service.ProtocolLimits;
import dev.ddns.core.service.ServiceLimits;
import dev.ddns.core.tsig.KeyStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds the Lambda's {@link DnsService} from environment variables:
 *
 * <ul>
 *   <li>{@value #STORE}: the zone store, {@code dynamodb} (production) or {@code memory}
 *   <li>{@value #TABLE}: the DynamoDB table (default {@code ddns}); {@value #DYNAMODB_ENDPOINT}
 *       overrides the endpoint (DynamoDB Local); the region and credentials come from the
 *       Lambda environment
 *   <li>{@value #KEYS}: where TSIG keys and relay keys (named {@code _relay.NAME.}) come from, {@code secretsmanager} (the default unless
 *       {@value #KEY_FILE} is set) or {@code file}
 *   <li>{@value #KEY_FILE}: a BIND key file with the TSIG keys, for {@code DDNS_KEYS=file}
 *   <li>{@value #SECRET_PREFIX}: the secret name prefix (default {@code ddns/tsig/});
 *       {@value #KEY_CACHE_TTL} and {@value #KEY_GRACE} (ISO-8601 durations, default PT60S and
 *       PT24H) set how long lookups are cached and how long after a rotation the previous secret
 *       verifies; {@value #SECRETS_ENDPOINT} overrides the endpoint (tests); the region is
 *       {@code AWS_REGION}, which Lambda sets
 *   <li>{@value #TOKEN_PREFIX}: the secret name prefix of dyndns2 tokens (default {@code
 *       ddns/token/}), read from Secrets Manager as the keys are
 *   <li>{@value #ZONE_FILE}: a master file loaded into the memory store (optional)
 *   <li>{@value #KEY_RATE}, {@value #KEY_BURST}, {@value #MAX_IN_FLIGHT}: the {@link
 *       ServiceLimits} (optional; defaults {@link ServiceLimits#DEFAULT})
 *   <li>{@value #UNSIGNED_UDP_LIMIT}, {@value #TSIG_MAX_FUDGE}: the {@link ProtocolLimits}, the
 *       largest UDP answer to an unsigned request in bytes (default 1232) and the server's
 *       maximum TSIG fudge in seconds (default 300); {@code ddns local} reads them too
 *   <li>{@value DohCodec#PAGE_LIMIT_ENV}: the page size of paged zone transfers in bytes (default
 *       {@value DohCodec#LAMBDA_PAGE_LIMIT}, within Lambda's 6 MB response limit), and {@value
 *       DohCodec#PAGE_TIME_ENV}, how long one page may take to build in milliseconds
 * </ul>
 */
public final class Wiring {
  public static final String STORE = "DDNS_STORE";
  public static final String KEY_FILE = "DDNS_KEY_FILE";
  public static final String ZONE_FILE = "DDNS_ZONE_FILE";
  public static final String TABLE = "DDNS_TABLE";
  public static final String DYNAMODB_ENDPOINT = "DDNS_DYNAMODB_ENDPOINT";
  public static final String KEYS = "DDNS_KEYS";
  public static final String SECRET_PREFIX = "DDNS_SECRET_PREFIX";
  public static final String SECRETS_ENDPOINT = "DDNS_SECRETS_ENDPOINT";
  public static final String KEY_CACHE_TTL = "DDNS_KEY_CACHE_TTL";
  public static final String KEY_GRACE = "DDNS_KEY_GRACE";
  public static final String TOKEN_PREFIX = "DDNS_TOKEN_PREFIX";
  public static final String REGION = "AWS_REGION";
  public static final String KEY_RATE = "DDNS_KEY_RATE";
  public static final String KEY_BURST = "DDNS_KEY_BURST";
  public static final String MAX_IN_FLIGHT = "DDNS_MAX_IN_FLIGHT";
  public static final String UNSIGNED_UDP_LIMIT = "DDNS_UNSIGNED_UDP_LIMIT";
  public static final String TSIG_MAX_FUDGE = "DDNS_TSIG_MAX_FUDGE";

  private Wiring() {}

  /** The service for {@code env}; fails with the name of the variable that is wrong. */
  public static DnsService service(Map<String, String> env, Clock clock) {
    ZoneStore store = store(env, clock);
    return service(env, store, keys(env, clock), clock);
  }

  private static DnsService service(Map<String, String> env, ZoneStore store, KeyStore keys,
      Clock clock) {
    // SecureRandom reads the OS's entropy on every draw, so SnapStart clones of one snapshot do
    // not share a retry-jitter sequence.
    return new DnsService(store, keys, clock, new SecureRandom(), limits(env),
        protocolLimits(env));
  }

  /** The protocol limits for {@code env}: each variable overrides its part of the defaults. */
  public static ProtocolLimits protocolLimits(Map<String, String> env) {
    ProtocolLimits defaults = ProtocolLimits.DEFAULT;
    try {
      return new ProtocolLimits(
          optional(env, UNSIGNED_UDP_LIMIT).map(String::trim).map(Integer::parseInt)
              .orElse(defaults.unsignedUdpLimit()),
          optional(env, TSIG_MAX_FUDGE).map(String::trim).map(Long::parseLong)
              .map(Duration::ofSeconds).orElse(defaults.maxFudge()));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(UNSIGNED_UDP_LIMIT + " must be 512..65535 bytes and "
          + TSIG_MAX_FUDGE + " 0..65535 seconds: " + e.getMessage(), e);
    }
  }

  /** The limits for {@code env}: each variable overrides its part of the defaults. */
  static ServiceLimits limits(Map<String, String> env) {
    ServiceLimits defaults = ServiceLimits.DEFAULT;
    try {
      return new ServiceLimits(
          optional(env, KEY_RATE).map(Double::parseDouble).orElse(defaults.keyRate()),
          optional(env, KEY_BURST).map(Integer::parseInt).orElse(defaults.keyBurst()),
          optional(env, MAX_IN_FLIGHT).map(Integer::parseInt).orElse(defaults.maxInFlight()));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(KEY_RATE + ", " + KEY_BURST + " and " + MAX_IN_FLIGHT
          + " must be positive numbers: " + e.getMessage(), e);
    }
  }

  /**
   * The DoH codec over {@link #service} with the system clock, logging each request. It believes
   * the relay hints attested with a relay key from the same key store as the TSIG keys (the keys
   * named {@code _relay.NAME.}, docs/relay.md).
   */
  public static DohCodec codec(Map<String, String> env) {
    Clock clock = Clock.systemUTC();
    ZoneStore store = store(env, clock);
    Optional<SecretsManagerClient> secrets = secretsManager(env);
    KeyStore keys = keys(env, secrets, clock);
    DnsService service = service(env, store, keys, clock);
    return new DohCodec(ObservedHandler.of(service::handle),
        DohCodec.pageLimit(env), DohCodec.pageTime(env), new RelayAttestation(keys, clock))
        .withDynDns(new DynDnsCodec(service.dynDns(tokens(env, secrets, clock),
            DynDnsLimits.DEFAULT)));
  }

  /**
   * The dyndns2 tokens of {@code env}: Secrets Manager secrets under {@value #TOKEN_PREFIX}
   * (default {@code ddns/token/}) beside the keys, cached as keys are; with {@code DDNS_KEYS=file}
   * there are none, and every call is {@code badauth} (docs/clients.md). They are read with the
   * keys' Secrets Manager client: one client to build at a cold start, not two.
   */
  private static TokenStore tokens(Map<String, String> env,
      Optional<SecretsManagerClient> secrets, Clock clock) {
    return secrets.<TokenStore>map(client -> new SecretsManagerTokens(client,
        optional(env, TOKEN_PREFIX).orElse(SecretsManagerTokens.DEFAULT_PREFIX),
        "of the function", false, clock,
        duration(env, KEY_CACHE_TTL, SecretsManagerKeyStore.Settings.DEFAULT_TTL)))
        .orElse(name -> Optional.empty());
  }

  /** The zone store of {@code env}. */
  static ZoneStore store(Map<String, String> env, Clock clock) {
    String kind = optional(env, STORE).orElseThrow(() ->
        new IllegalStateException(STORE + " is not set; supported values: dynamodb, memory"));
    return switch (kind) {
      case "dynamodb" -> new DynamoZoneStore(DynamoClients.create(
          optional(env, DYNAMODB_ENDPOINT).map(URI::create), Optional.empty(),
          List.of(new DynamoUsage())),
          optional(env, TABLE).orElse("ddns"), clock);
      case "memory" -> memoryStore(env);
      default -> throw new IllegalStateException(STORE + "=" + kind
          + " is not supported; use dynamodb or memory");
    };
  }

  /** The TSIG keys of {@code env}: those that verify updates also sign NOTIFY. */
  static KeyStore keys(Map<String, String> env, Clock clock) {
    return keys(env, secretsManager(env), clock);
  }

  private static KeyStore keys(Map<String, String> env, Optional<SecretsManagerClient> secrets,
      Clock clock) {
    String kind = keyKind(env);
    return switch (kind) {
      case "file" -> StaticKeyStore.fromFiles(List.of(Path.of(optional(env, KEY_FILE)
          .orElseThrow(() -> new IllegalStateException(KEYS + "=file needs " + KEY_FILE)))));
      case "secretsmanager" -> secretsManagerKeys(env, secrets.orElseThrow(), clock);
      default -> throw new IllegalStateException(KEYS + "=" + kind
          + " is not supported; use secretsmanager or file");
    };
  }

  private static String keyKind(Map<String, String> env) {
    return optional(env, KEYS).orElse(
        optional(env, KEY_FILE).isPresent() ? "file" : "secretsmanager");
  }

  /** The Secrets Manager client of {@code env}, when keys come from Secrets Manager. */
  private static Optional<SecretsManagerClient> secretsManager(Map<String, String> env) {
    if (!keyKind(env).equals("secretsmanager")) {
      return Optional.empty();
    }
    Optional<URI> endpoint = optional(env, SECRETS_ENDPOINT).map(URI::create);
    Optional<String> region = optional(env, REGION);
    if (region.isEmpty() && endpoint.filter(DynamoClients::isLoopback).isEmpty()) {
      throw new IllegalStateException(KEYS + "=secretsmanager needs " + REGION);
    }
    return Optional.of(SecretsManagerClients.create(endpoint, region));
  }

  private static KeyStore secretsManagerKeys(Map<String, String> env,
      SecretsManagerClient client, Clock clock) {
    SecretsManagerKeyStore.Settings defaults = SecretsManagerKeyStore.Settings.defaults();
    SecretsManagerKeyStore.Settings settings = new SecretsManagerKeyStore.Settings(
        optional(env, SECRET_PREFIX).orElse(defaults.prefix()),
        duration(env, KEY_CACHE_TTL, defaults.ttl()), defaults.capacity(),
        duration(env, KEY_GRACE, defaults.grace()));
    return new SecretsManagerKeyStore(client, settings, clock);
  }

  private static Duration duration(Map<String, String> env, String name, Duration otherwise) {
    try {
      return optional(env, name).map(Duration::parse).orElse(otherwise);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalStateException(name + "=" + env.get(name)
          + " is not an ISO-8601 duration such as PT60S or PT24H", e);
    }
  }

  private static ZoneStore memoryStore(Map<String, String> env) {
    InMemoryZoneStore store = new InMemoryZoneStore();
    optional(env, ZONE_FILE).ifPresent(file -> {
      try {
        ZoneContent zone = ZoneContent.read(Path.of(file), SerialPolicy.INCREMENT);
        store.create(zone.head(), zone.nodes());
      } catch (IOException e) {
        throw new UncheckedIOException(ZONE_FILE + ": " + e.getMessage(), e);
      }
    });
    return store;
  }

  private static Optional<String> optional(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty()
        : Optional.of(value.trim());
  }
}
