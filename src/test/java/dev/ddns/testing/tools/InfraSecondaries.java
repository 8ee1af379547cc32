package dev.ddns.testing.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secondary configurations that the docs give users, {@code infra/secondaries/named.conf},
 * {@code knot.conf}, {@code nsd.conf} and {@code pdns.conf} (with {@code pdns-zone.sh}), and the
 * signing secondaries' {@code named-signer.conf} and {@code knot-signer.conf}, with
 * their placeholders filled in for a test: the tests' secondaries run exactly these settings
 * (NOTIFY only signed with the notify key, transfers with the transfer key), so the files cannot
 * drift from what works. Every placeholder must occur: a file that no longer has one fails here
 * rather than running with the sample value.
 *
 * <p>The relay (the primary) is {@code ::1}, while NOTIFY comes from {@code 127.0.0.1}: BIND
 * (and PowerDNS, without a trusted-notification-proxy) accepts NOTIFY from its primaries'
 * addresses, and in AWS the NotifyFunction never sends from the relay's, so the NOTIFY must come
 * from elsewhere for the test to mean anything.
 */
public final class InfraSecondaries {
  public static final Path NAMED_CONF = Path.of("infra/secondaries/named.conf");
  public static final Path KNOT_CONF = Path.of("infra/secondaries/knot.conf");
  /** BIND as a signing secondary (docs/dnssec.md). */
  public static final Path NAMED_SIGNER_CONF = Path.of("infra/secondaries/named-signer.conf");
  /** Knot as a signing secondary (docs/dnssec.md). */
  public static final Path KNOT_SIGNER_CONF = Path.of("infra/secondaries/knot-signer.conf");
  /** The sample addresses that the signers' configurations allow to transfer the signed zone. */
  private static final String PUBLIC_SECONDARIES = "198.51.100.0/24";
  /** BIND as a catalog consumer (docs/secondaries.md, "Catalog zones"). */
  public static final Path NAMED_CATALOG_CONF = Path.of("infra/secondaries/named-catalog.conf");
  /** Knot as a catalog consumer (docs/secondaries.md, "Catalog zones"). */
  public static final Path KNOT_CATALOG_CONF = Path.of("infra/secondaries/knot-catalog.conf");
  /** The lines of named-catalog.conf around what goes into the options block. */
  private static final String OPTIONS_START = "// options {\n";
  private static final String OPTIONS_END = "// };\n";
  public static final Path NSD_CONF = Path.of("infra/secondaries/nsd.conf");
  public static final Path PDNS_CONF = Path.of("infra/secondaries/pdns.conf");
  /** Adds a zone to PowerDNS: ZONE PRIMARY NOTIFY_KEY_FILE, with PDNS_CONFIG_DIR, PDNS_DATABASE. */
  public static final Path PDNS_ZONE_SCRIPT = Path.of("infra/secondaries/pdns-zone.sh");
  /** The relay's address in the tests' secondary configurations. */
  public static final String PRIMARY = "::1";
  private static final String ALGORITHM = "hmac-sha256";

  private InfraSecondaries() {}

  /**
   * The zone statement and key includes of infra/secondaries/named.conf for {@code zone} (no
   * final dot), kept in {@code zoneFile}, from the relay on {@code primaryPort}.
   */
  public static String bind(String zone, Path zoneFile, int primaryPort, TestKey transferKey,
      TestKey notifyKey) {
    return fill(NAMED_CONF, bindValues(zone, zoneFile, primaryPort, transferKey, notifyKey));
  }

  /**
   * The policy and zone statement of infra/secondaries/named-signer.conf for {@code zone} (no
   * final dot): the unsigned copy in {@code zoneFile}, the DNSSEC keys in {@code keyDirectory},
   * the signed zone transferable from 127.0.0.1.
   */
  public static String bindSigner(String zone, Path zoneFile, Path keyDirectory, int primaryPort,
      TestKey transferKey, TestKey notifyKey) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("/var/lib/bind/keys", keyDirectory.toString());
    values.put(PUBLIC_SECONDARIES, "127.0.0.1");
    values.putAll(bindValues(zone, zoneFile, primaryPort, transferKey, notifyKey));
    return fill(NAMED_SIGNER_CONF, values);
  }

  private static Map<String, String> bindValues(String zone, Path zoneFile, int primaryPort,
      TestKey transferKey, TestKey notifyKey) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("/etc/bind/ddns/notify.example.com.key", notifyKey.file().toAbsolutePath()
        .toString());
    values.put("/etc/bind/ddns/transfer.example.com.key", transferKey.file().toAbsolutePath()
        .toString());
    values.put("\"transfer.example.com\"", quoted(transferKey));
    values.put("\"notify.example.com\"", quoted(notifyKey));
    values.put("/var/cache/bind/example.com.db", zoneFile.toString());
    values.put("192.0.2.53 port 53", PRIMARY + " port " + primaryPort);
    values.put("example.com", zone);
    return values;
  }

  /**
   * The key, remote, acl and zone sections of infra/secondaries/knot.conf for {@code zone} (no
   * final dot), from the relay on {@code primaryPort}.
   */
  public static String knot(String zone, int primaryPort, TestKey transferKey, TestKey notifyKey) {
    return fill(KNOT_CONF, knotValues(KNOT_CONF, zone, primaryPort, transferKey, notifyKey));
  }

  /**
   * The key, remote, acl, policy and zone sections of infra/secondaries/knot-signer.conf for
   * {@code zone} (no final dot), the signed zone transferable from 127.0.0.1.
   */
  public static String knotSigner(String zone, int primaryPort, TestKey transferKey,
      TestKey notifyKey) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(PUBLIC_SECONDARIES, "127.0.0.1");
    values.putAll(knotValues(KNOT_SIGNER_CONF, zone, primaryPort, transferKey, notifyKey));
    return fill(KNOT_SIGNER_CONF, values);
  }

  private static Map<String, String> knotValues(Path file, String zone, int primaryPort,
      TestKey transferKey, TestKey notifyKey) {
    requireAlgorithm(file, transferKey);
    requireAlgorithm(file, notifyKey);
    Map<String, String> values = new LinkedHashMap<>();
    values.put("NOTIFY-KEY-SECRET", notifyKey.secret());
    values.put("TRANSFER-KEY-SECRET", transferKey.secret());
    values.put("id: transfer.example.com", "id: " + keyId(transferKey));
    values.put("key: transfer.example.com", "key: " + keyId(transferKey));
    values.put("id: notify.example.com", "id: " + keyId(notifyKey));
    values.put("key: notify.example.com", "key: " + keyId(notifyKey));
    values.put("192.0.2.53@53", PRIMARY + "@" + primaryPort);
    values.put("example.com", zone);
    return values;
  }

  /**
   * infra/secondaries/named-catalog.conf for the catalog {@code catalog} (no final dot), filled
   * in: what goes into the options block, and the rest, at the top level.
   *
   * @param options the catalog-zones statement
   * @param statements the key includes and the catalog's zone statement
   */
  public record BindCatalog(String options, String statements) {}

  /**
   * infra/secondaries/named-catalog.conf for {@code catalog}, kept in {@code catalogFile}, its
   * members in {@code memberDirectory} (which must exist), all from the relay on {@code
   * primaryPort} with {@code transferKey}, NOTIFY of the catalog signed with {@code notifyKey}.
   */
  public static BindCatalog bindCatalog(String catalog, Path catalogFile, Path memberDirectory,
      int primaryPort, TestKey transferKey, TestKey notifyKey) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("/etc/bind/ddns/notify.catalog.invalid.key", notifyKey.file().toAbsolutePath()
        .toString());
    values.put("/etc/bind/ddns/transfer.example.com.key", transferKey.file().toAbsolutePath()
        .toString());
    values.put("\"transfer.example.com\"", quoted(transferKey));
    values.put("\"notify.catalog.invalid\"", quoted(notifyKey));
    values.put("/var/cache/bind/catalog.invalid.db", catalogFile.toString());
    values.put("/var/cache/bind/catalog", memberDirectory.toString());
    values.put("192.0.2.53 port 53", PRIMARY + " port " + primaryPort);
    values.put("catalog.invalid", catalog);
    String text = fill(NAMED_CATALOG_CONF, values);
    int start = text.indexOf(OPTIONS_START);
    int end = text.indexOf(OPTIONS_END, start);
    if (start < 0 || end < 0) {
      throw new IllegalStateException(NAMED_CATALOG_CONF + " no longer marks its options part "
          + "with '" + OPTIONS_START.strip() + "' and '" + OPTIONS_END.strip() + "'");
    }
    return new BindCatalog(text.substring(start + OPTIONS_START.length(), end),
        text.substring(0, start) + text.substring(end + OPTIONS_END.length()));
  }

  /**
   * infra/secondaries/knot-catalog.conf for {@code catalog} (no final dot), its members kept in
   * {@code dir}, from the relay on {@code primaryPort}.
   */
  public static String knotCatalog(String catalog, Path dir, int primaryPort, TestKey transferKey,
      TestKey notifyKey) {
    requireAlgorithm(KNOT_CATALOG_CONF, transferKey);
    requireAlgorithm(KNOT_CATALOG_CONF, notifyKey);
    Map<String, String> values = new LinkedHashMap<>();
    values.put("NOTIFY-KEY-SECRET", notifyKey.secret());
    values.put("TRANSFER-KEY-SECRET", transferKey.secret());
    values.put("id: transfer.example.com", "id: " + keyId(transferKey));
    values.put("key: transfer.example.com", "key: " + keyId(transferKey));
    values.put("id: notify.catalog.invalid", "id: " + keyId(notifyKey));
    values.put("key: notify.catalog.invalid", "key: " + keyId(notifyKey));
    values.put("192.0.2.53@53", PRIMARY + "@" + primaryPort);
    values.put("/var/lib/knot", dir.toString());
    values.put("catalog.invalid", catalog);
    return fill(KNOT_CATALOG_CONF, values);
  }

  /**
   * The key and zone sections of infra/secondaries/nsd.conf for {@code zone} (no final dot), kept
   * in {@code zoneFile}, from the relay on {@code primaryPort}.
   */
  public static String nsd(String zone, Path zoneFile, int primaryPort, TestKey transferKey,
      TestKey notifyKey) {
    requireAlgorithm(NSD_CONF, transferKey);
    requireAlgorithm(NSD_CONF, notifyKey);
    Map<String, String> values = new LinkedHashMap<>();
    values.put("NOTIFY-KEY-SECRET", notifyKey.secret());
    values.put("TRANSFER-KEY-SECRET", transferKey.secret());
    values.put("name: transfer.example.com", "name: " + keyId(transferKey));
    values.put("@53 transfer.example.com", "@" + primaryPort + " " + keyId(transferKey));
    values.put("name: notify.example.com", "name: " + keyId(notifyKey));
    values.put("::/0 notify.example.com", "::/0 " + keyId(notifyKey));
    values.put("0.0.0.0/0 notify.example.com", "0.0.0.0/0 " + keyId(notifyKey));
    values.put("/var/lib/nsd/example.com.zone", zoneFile.toString());
    values.put("192.0.2.53@", PRIMARY + "@");
    values.put("example.com", zone);
    return fill(NSD_CONF, values);
  }

  /** infra/secondaries/pdns.conf with its database in {@code database}. */
  public static String pdns(Path database) {
    return fill(PDNS_CONF, Map.of("/var/lib/powerdns/pdns.sqlite3", database.toString()));
  }

  /** The PowerDNS primary argument of pdns-zone.sh: the relay on {@code primaryPort}. */
  public static String pdnsPrimary(int primaryPort) {
    return "[" + PRIMARY + "]:" + primaryPort;
  }

  private static String quoted(TestKey key) {
    return "\"" + keyId(key) + "\"";
  }

  /** The key name without its final dot, as both configurations write key names. */
  public static String keyId(TestKey key) {
    return key.name().replaceAll("\\.$", "");
  }

  private static void requireAlgorithm(Path file, TestKey key) {
    if (!key.algorithm().equals(ALGORITHM)) {
      throw new IllegalArgumentException(file + " has keys of " + ALGORITHM + ", not "
          + key.algorithm() + " (" + key.name() + ")");
    }
  }

  /** {@code file} with each placeholder replaced, in order; fails naming one that is missing. */
  private static String fill(Path file, Map<String, String> values) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (!text.contains(e.getKey())) {
        throw new IllegalStateException(file + " no longer contains the placeholder '"
            + e.getKey() + "' that the tests fill in");
      }
      text = text.replace(e.getKey(), e.getValue());
    }
    return text;
  }
}
