package dev.ddns.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secondary configurations that the docs give users, {@code infra/secondaries/named.conf}
 * and {@code knot.conf}, with their placeholders filled in for a test: the tests' BIND and Knot
 * secondaries run exactly these settings (NOTIFY only signed with the notify key, transfers with
 * the transfer key), so the files cannot drift from what works. Every placeholder must occur: a
 * file that no longer has one fails here rather than running with the sample value.
 *
 * <p>The relay (the primary) is {@code ::1}, while NOTIFY comes from {@code 127.0.0.1}: BIND
 * always accepts NOTIFY from its primaries' addresses, and in AWS the NotifyFunction never sends
 * from the relay's, so the NOTIFY must come from elsewhere for the test to mean anything.
 */
final class InfraSecondaries {
  static final Path NAMED_CONF = Path.of("infra/secondaries/named.conf");
  static final Path KNOT_CONF = Path.of("infra/secondaries/knot.conf");
  /** The relay's address in the tests' secondary configurations. */
  static final String PRIMARY = "::1";
  private static final String ALGORITHM = "hmac-sha256";

  private InfraSecondaries() {}

  /**
   * The zone statement and key includes of infra/secondaries/named.conf for {@code zone} (no
   * final dot), kept in {@code zoneFile}, from the relay on {@code primaryPort}.
   */
  static String bind(String zone, Path zoneFile, int primaryPort, TestKey transferKey,
      TestKey notifyKey) {
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
    return fill(NAMED_CONF, values);
  }

  /**
   * The key, remote, acl and zone sections of infra/secondaries/knot.conf for {@code zone} (no
   * final dot), from the relay on {@code primaryPort}.
   */
  static String knot(String zone, int primaryPort, TestKey transferKey, TestKey notifyKey) {
    requireAlgorithm(transferKey);
    requireAlgorithm(notifyKey);
    Map<String, String> values = new LinkedHashMap<>();
    values.put("NOTIFY-KEY-SECRET", notifyKey.secret());
    values.put("TRANSFER-KEY-SECRET", transferKey.secret());
    values.put("id: transfer.example.com", "id: " + keyId(transferKey));
    values.put("key: transfer.example.com", "key: " + keyId(transferKey));
    values.put("id: notify.example.com", "id: " + keyId(notifyKey));
    values.put("key: notify.example.com", "key: " + keyId(notifyKey));
    values.put("192.0.2.53@53", PRIMARY + "@" + primaryPort);
    values.put("example.com", zone);
    return fill(KNOT_CONF, values);
  }

  private static String quoted(TestKey key) {
    return "\"" + keyId(key) + "\"";
  }

  /** The key name without its final dot, as both configurations write key names. */
  static String keyId(TestKey key) {
    return key.name().replaceAll("\\.$", "");
  }

  private static void requireAlgorithm(TestKey key) {
    if (!key.algorithm().equals(ALGORITHM)) {
      throw new IllegalArgumentException(KNOT_CONF + " has keys of " + ALGORITHM + ", not "
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
