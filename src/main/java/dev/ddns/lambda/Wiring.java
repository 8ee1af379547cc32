package dev.ddns.lambda;

import dev.ddns.adapter.dns.ZoneContent;
import dev.ddns.adapter.dynamodb.DynamoClients;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.adapter.http.DohCodec;
import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.DnsService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the Lambda's {@link DnsService} from environment variables:
 *
 * <ul>
 *   <li>{@value #STORE}: the zone store, {@code dynamodb} (production) or {@code memory}
 *   <li>{@value #TABLE}: the DynamoDB table (default {@code ddns}); {@value #DYNAMODB_ENDPOINT}
 *       overrides the endpoint (DynamoDB Local); the region and credentials come from the
 *       Lambda environment
 *   <li>{@value #KEY_FILE}: a BIND key file with the TSIG keys (optional: without it no update is
 *       accepted)
 *   <li>{@value #ZONE_FILE}: a master file loaded into the memory store (optional)
 *   <li>{@value DohCodec#PAGE_LIMIT_ENV}: the page size of paged zone transfers in bytes (default
 *       {@value DohCodec#LAMBDA_PAGE_LIMIT}, within Lambda's 6 MB response limit)
 * </ul>
 */
public final class Wiring {
  public static final String STORE = "DDNS_STORE";
  public static final String KEY_FILE = "DDNS_KEY_FILE";
  public static final String ZONE_FILE = "DDNS_ZONE_FILE";
  public static final String TABLE = "DDNS_TABLE";
  public static final String DYNAMODB_ENDPOINT = "DDNS_DYNAMODB_ENDPOINT";

  private Wiring() {}

  /** The service for {@code env}; fails with the name of the variable that is wrong. */
  public static DnsService service(Map<String, String> env, Clock clock) {
    StaticKeyStore keys = StaticKeyStore.fromFiles(optional(env, KEY_FILE).map(Path::of)
        .map(List::of).orElse(List.of()));
    return new DnsService(store(env, clock), keys, clock);
  }

  /** The DoH codec over {@link #service} with the system clock. */
  public static DohCodec codec(Map<String, String> env) {
    return new DohCodec(service(env, Clock.systemUTC())::handle, DohCodec.pageLimit(env));
  }

  private static ZoneStore store(Map<String, String> env, Clock clock) {
    String kind = optional(env, STORE).orElseThrow(() ->
        new IllegalStateException(STORE + " is not set; supported values: dynamodb, memory"));
    return switch (kind) {
      case "dynamodb" -> new DynamoZoneStore(DynamoClients.create(
          optional(env, DYNAMODB_ENDPOINT).map(URI::create), Optional.empty()),
          optional(env, TABLE).orElse("ddns"), clock);
      case "memory" -> memoryStore(env);
      default -> throw new IllegalStateException(STORE + "=" + kind
          + " is not supported; use dynamodb or memory");
    };
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
