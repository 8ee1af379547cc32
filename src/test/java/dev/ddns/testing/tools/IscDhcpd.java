package dev.ddns.testing.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ISC dhcpd (Debian 12's isc-dhcp-server, 4.4.3) serving 10.199.0.0/24 on one interface of a
 * network namespace, in the foreground, updating forward names under {@link #DOMAIN} and their
 * PTR records with one TSIG key at 127.0.0.1 port 53 (dhcpd has no setting for another port).
 * The configuration is the one docs/clients.md shows.
 */
public final class IscDhcpd implements AutoCloseable {
  public static final String DOMAIN = "dhcp." + DemoZone.NAME;
  public static final String REVERSE_ZONE = "0.199.10.in-addr.arpa.";
  public static final String SERVER_ADDRESS = "10.199.0.1/24";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String READY_LINE = "Server starting service.";

  /** {@code ddns-update-style}: which record type holds the client's identity. */
  public enum Style {
    /** RFC 4701 DHCID records (RFC 4703 conflict resolution). */
    STANDARD("DHCID"),
    /** TXT records holding an MD5 of the client's identity, from the drafts before the RFCs. */
    INTERIM("TXT");

    private final String identityType;

    Style(String identityType) {
      this.identityType = identityType;
    }

    public String identityType() {
      return identityType;
    }
  }

  private final ToolProcess process;

  private IscDhcpd(ToolProcess process) {
    this.process = process;
  }

  /**
   * Starts dhcpd in {@code namespace} on {@code networkInterface} (which holds
   * {@link #SERVER_ADDRESS}), its configuration, leases and pid file in {@code dir}, leasing
   * {@code firstAddress} to {@code lastAddress} for {@code lease}.
   */
  public static IscDhcpd start(NetworkNamespace namespace, String networkInterface, Path dir,
      Style style, TestKey key, Duration lease, String firstAddress, String lastAddress) {
    try {
      Files.createDirectories(dir);
      Path config = dir.resolve("dhcpd.conf");
      Path leases = Files.writeString(dir.resolve("dhcpd.leases"), "");
      Files.writeString(config, configuration(style, key, lease, firstAddress, lastAddress));
      IscDhcpd dhcpd = new IscDhcpd(ToolProcess.start(namespace.wrap(List.of(
          Tools.dhcpd().toString(), "-4", "-d", "-cf", config.toString(), "-lf",
          leases.toString(), "-pf", dir.resolve("dhcpd.pid").toString(), networkInterface)),
          Map.of(), dir.resolve("dhcpd.log")));
      dhcpd.await(READY_LINE);
      return dhcpd;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The dhcpd.conf of docs/clients.md, for {@code key} and the test subnet. */
  private static String configuration(Style style, TestKey key, Duration lease, String firstAddress,
      String lastAddress) {
    return """
        authoritative;
        default-lease-time %1$d;
        max-lease-time %1$d;
        ddns-updates on;
        ddns-update-style %2$s;
        ddns-domainname "%3$s";
        ddns-rev-domainname "in-addr.arpa.";
        ddns-ttl 300;
        key "%4$s" {
          algorithm %5$s;
          secret "%6$s";
        };
        zone %7$s {
          primary 127.0.0.1;
          key "%4$s";
        }
        zone %8$s {
          primary 127.0.0.1;
          key "%4$s";
        }
        subnet 10.199.0.0 netmask 255.255.255.0 {
          range %9$s %10$s;
        }
        """.formatted(lease.toSeconds(), style.name().toLowerCase(Locale.ROOT), DOMAIN,
        key.name(), key.algorithm(), key.secret(), DemoZone.NAME, REVERSE_ZONE, firstAddress,
        lastAddress);
  }

  /** The first line dhcpd logged with {@code text}, waiting for it up to 20 s. */
  public String await(String text) {
    return await(text, TIMEOUT);
  }

  /** The first line dhcpd logged with {@code text}, waiting for it up to {@code timeout}. */
  public String await(String text, Duration timeout) {
    String upTo = process.awaitText(0, text, timeout);
    return upTo.substring(upTo.lastIndexOf('\n') + 1);
  }

  @Override
  public void close() {
    process.close();
  }
}
