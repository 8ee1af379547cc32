package dev.ddns.local;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
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
 */
public record LocalConfig(
    Name zone,
    List<InetAddress> dnsAddresses,
    int dnsPort,
    int httpPort,
    Path keyFile,
    Name keyName,
    List<Path> extraKeyFiles) {

  public static final Name DEFAULT_ZONE = Name.fromConstantString("example.test.");
  public static final Name DEFAULT_KEY_NAME = Name.fromConstantString("ddns-local-key.");
  public static final int DEFAULT_DNS_PORT = 5053;
  public static final int DEFAULT_HTTP_PORT = 8053;
  public static final Path DEFAULT_KEY_FILE = Path.of("ddns-local.key");
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
  }

  /** The defaults of {@code ddns local}: example.test. on 127.0.0.1 and ::1, ports 5053 and 8053. */
  public static LocalConfig defaults() {
    return new LocalConfig(DEFAULT_ZONE, List.of(LOOPBACK_V4, LOOPBACK_V6), DEFAULT_DNS_PORT,
        DEFAULT_HTTP_PORT, DEFAULT_KEY_FILE, DEFAULT_KEY_NAME, List.of());
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
