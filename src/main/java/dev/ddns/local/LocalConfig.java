package dev.ddns.local;

import dev.ddns.core.service.ServiceLimits;
import dev.ddns.relay.UnsignedLimit;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * What {@code ddns local} serves and where.
 *
 * @param zone the demo zone created at start
 * @param dnsAddresses addresses for DNS over UDP and TCP; those the host lacks are skipped
 * @param dnsPort DNS port on every address; 0 picks one free port
 * @param httpPort DoH port on 127.0.0.1; 0 picks a free one
 * @param keyFile where the TSIG key is written, or read from when it exists
 * @param keyName the key's name when a new key is made
 * @param extraKeyFiles further BIND key files whose keys are accepted too
 * @param store where zones live: DynamoDB Local (the default of {@code ddns local}) or memory
 * @param data DynamoDB Local's data folder, kept across restarts; empty: in memory
 * @param dynamodbPort DynamoDB Local's HTTP port on 127.0.0.1; 0 picks a free one
 * @param table the DynamoDB table, created when missing
 * @param notifyTargets secondaries ({@code host:port}) the demo zone sends NOTIFY to; needs the
 *     DynamoDB store, whose stream drives NOTIFY
 * @param unsignedLimit the relay's limit on unsigned UDP
 * @param limits the endpoint's per-key rate limit and bound on requests in flight; {@link
 *     ServiceLimits#NONE} unless set, unlike the Lambda's {@link ServiceLimits#DEFAULT}
 */
public record LocalConfig(
    Name zone,
    List<InetAddress> dnsAddresses,
    int dnsPort,
    int httpPort,
    Path keyFile,
    Name keyName,
    List<Path> extraKeyFiles,
    Store store,
    Optional<Path> data,
    int dynamodbPort,
    String table,
    List<String> notifyTargets,
    UnsignedLimit unsignedLimit,
    ServiceLimits limits) {

  /** Where {@code ddns local} keeps its zones. */
  public enum Store {
    /** AWS's DynamoDB Local in this JVM, served on loopback HTTP. */
    DYNAMODB,
    /** The in-memory reference store: fastest, gone at exit. */
    MEMORY
  }

  public static final Name DEFAULT_ZONE = Name.fromConstantString("example.test.");
  public static final Name DEFAULT_KEY_NAME = Name.fromConstantString("ddns-local-key.");
  public static final int DEFAULT_DNS_PORT = 5053;
  public static final int DEFAULT_HTTP_PORT = 8053;
  public static final Path DEFAULT_KEY_FILE = Path.of("ddns-local.key");
  public static final int DEFAULT_DYNAMODB_PORT = 8000;
  public static final String DEFAULT_TABLE = "ddns";
  public static final InetAddress LOOPBACK_V4 = loopback(new byte[] {127, 0, 0, 1});
  public static final InetAddress LOOPBACK_V6 =
      loopback(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

  public LocalConfig {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(keyName, "keyName");
    dnsAddresses = List.copyOf(dnsAddresses);
    extraKeyFiles = List.copyOf(extraKeyFiles);
    if (!zone.isAbsolute() || !keyName.isAbsolute()) {
      throw new IllegalArgumentException("zone and key names must be absolute");
    }
    if (dnsAddresses.isEmpty()) {
      throw new IllegalArgumentException("at least one DNS address is needed");
    }
    checkPort(dnsPort, "DNS");
    checkPort(httpPort, "HTTP");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(table, "table");
    checkPort(dynamodbPort, "DynamoDB");
    if (store == Store.MEMORY && data.isPresent()) {
      throw new IllegalArgumentException("--data keeps DynamoDB Local's files; "
          + "it does not go with --store memory");
    }
    if (table.isBlank()) {
      throw new IllegalArgumentException("the table name is empty");
    }
    notifyTargets = List.copyOf(notifyTargets);
    if (store == Store.MEMORY && !notifyTargets.isEmpty()) {
      throw new IllegalArgumentException("--notify needs --store dynamodb: NOTIFY is driven by "
          + "the table's stream, as in AWS");
    }
    Objects.requireNonNull(unsignedLimit, "unsignedLimit");
    Objects.requireNonNull(limits, "limits");
  }

  /**
   * Where the key that signs the zone's NOTIFY is kept, next to the key file: {@code
   * ddns-local.key} has {@code ddns-local-notify.key} beside it.
   */
  public Path notifyKeyFile() {
    String name = keyFile.getFileName().toString();
    String stem = name.endsWith(".key") ? name.substring(0, name.length() - 4) : name;
    return keyFile.resolveSibling(stem + "-notify.key");
  }

  /**
   * Where the relay key that attests clients to the endpoint is kept, next to the key file:
   * {@code ddns-local.key} has {@code ddns-local-relay.key} beside it (docs/relay.md).
   */
  public Path relayKeyFile() {
    String name = keyFile.getFileName().toString();
    String stem = name.endsWith(".key") ? name.substring(0, name.length() - 4) : name;
    return keyFile.resolveSibling(stem + "-relay.key");
  }

  /** The in-memory store, as before DynamoDB Local came in; ports and keys as given. */
  public LocalConfig(Name zone, List<InetAddress> dnsAddresses, int dnsPort, int httpPort,
      Path keyFile, Name keyName, List<Path> extraKeyFiles) {
    this(zone, dnsAddresses, dnsPort, httpPort, keyFile, keyName, extraKeyFiles, Store.MEMORY,
        Optional.empty(), DEFAULT_DYNAMODB_PORT, DEFAULT_TABLE, List.of(), UnsignedLimit.DEFAULT,
        ServiceLimits.NONE);
  }

  /** This configuration with zones in DynamoDB Local on {@code port}, in memory. */
  public LocalConfig withDynamoDb(int port) {
    return new LocalConfig(zone, dnsAddresses, dnsPort, httpPort, keyFile, keyName,
        extraKeyFiles, Store.DYNAMODB, Optional.empty(), port, table, notifyTargets,
        unsignedLimit, limits);
  }

  /** This configuration with zones in DynamoDB Local on {@code port}, kept in {@code dir}. */
  public LocalConfig withDynamoDb(int port, Path dir) {
    return new LocalConfig(zone, dnsAddresses, dnsPort, httpPort, keyFile, keyName,
        extraKeyFiles, Store.DYNAMODB, Optional.of(dir), port, table, notifyTargets,
        unsignedLimit, limits);
  }

  /** This configuration with another table name. */
  public LocalConfig withTable(String name) {
    return new LocalConfig(zone, dnsAddresses, dnsPort, httpPort, keyFile, keyName,
        extraKeyFiles, store, data, dynamodbPort, name, notifyTargets, unsignedLimit, limits);
  }

  /** This configuration with the demo zone notifying {@code targets}. */
  public LocalConfig withNotifyTargets(List<String> targets) {
    return new LocalConfig(zone, dnsAddresses, dnsPort, httpPort, keyFile, keyName,
        extraKeyFiles, store, data, dynamodbPort, table, targets, unsignedLimit, limits);
  }

  /** This configuration with another limit on the relay's unsigned UDP. */
  public LocalConfig withUnsignedLimit(UnsignedLimit limit) {
    return new LocalConfig(zone, dnsAddresses, dnsPort, httpPort, keyFile, keyName,
        extraKeyFiles, store, data, dynamodbPort, table, notifyTargets, limit, limits);
  }

  /** This configuration with other limits on the endpoint. */
  public LocalConfig withLimits(ServiceLimits serviceLimits) {
    return new LocalConfig(zone, dnsAddresses, dnsPort, httpPort, keyFile, keyName,
        extraKeyFiles, store, data, dynamodbPort, table, notifyTargets, unsignedLimit,
        serviceLimits);
  }

  /**
   * The defaults of {@code ddns local}: example.test. on 127.0.0.1 and ::1, ports 5053 and 8053,
   * zones in DynamoDB Local in memory on port 8000, table ddns.
   */
  public static LocalConfig defaults() {
    return new LocalConfig(DEFAULT_ZONE, List.of(LOOPBACK_V4, LOOPBACK_V6), DEFAULT_DNS_PORT,
        DEFAULT_HTTP_PORT, DEFAULT_KEY_FILE, DEFAULT_KEY_NAME, List.of())
        .withDynamoDb(DEFAULT_DYNAMODB_PORT);
  }

  private static InetAddress loopback(byte[] address) {
    try {
      return InetAddress.getByAddress(address);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError("a literal address always resolves", e);
    }
  }

  private static void checkPort(int port, String what) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(what + " port must be within 0..65535: " + port);
    }
  }
}
