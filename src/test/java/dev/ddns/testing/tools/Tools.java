package dev.ddns.testing.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the external interop tools. A missing tool fails the test with the Debian package
 * to install: interop tests are never skipped silently.
 */
public final class Tools {
  private static final Path DEBIAN_PYTHON = Path.of("/usr/bin/python3");
  private static boolean checkedDnspython;

  private Tools() {}

  public static Path nsupdate() {
    return find("nsupdate", "bind9-dnsutils");
  }

  public static Path knsupdate() {
    return find("knsupdate", "knot-dnsutils");
  }

  public static Path dig() {
    return find("dig", "bind9-dnsutils");
  }

  public static Path delv() {
    return find("delv", "bind9-dnsutils");
  }

  public static Path dnssecVerify() {
    return find("dnssec-verify", "bind9-utils");
  }

  public static Path ldnsVerifyZone() {
    return find("ldns-verify-zone", "ldnsutils");
  }

  public static Path named() {
    return find("named", "bind9");
  }

  public static Path knotd() {
    return find("knotd", "knot");
  }

  public static Path nsd() {
    return find("nsd", "nsd");
  }

  public static Path pdnsServer() {
    return find("pdns_server", "pdns-server");
  }

  public static Path tsigKeygen() {
    return find("tsig-keygen", "bind9");
  }

  public static Path faketime() {
    return find("faketime", "faketime");
  }

  public static Path lego() {
    return find("lego", "lego");
  }

  public static Path pebble() {
    return find("pebble", "pebble");
  }

  public static Path certbot() {
    return find("certbot", "certbot");
  }

  public static Path keaDhcpDdns() {
    return find("kea-dhcp-ddns", "kea-dhcp-ddns-server");
  }

  public static Path dhcpd() {
    return find("dhcpd", "isc-dhcp-server");
  }

  public static Path dhclient() {
    return find("dhclient", "isc-dhcp-client");
  }

  public static Path ip() {
    return find("ip", "iproute2");
  }

  public static Path ddclient() {
    return find("ddclient", "ddclient");
  }

  public static Path inadyn() {
    return find("inadyn", "inadyn");
  }

  public static Path openssl() {
    return find("openssl", "openssl");
  }

  /**
   * Debian's python3 with dnspython: apt installs python3-dnspython (and certbot's plugin) for
   * /usr/bin/python3, not for a pyenv or virtualenv python3 that may come first on PATH.
   */
  public static synchronized Path dnspython() {
    if (checkedDnspython) {
      return DEBIAN_PYTHON;
    }
    Path python = DEBIAN_PYTHON;
    boolean usable = Files.isExecutable(python)
        && Exec.run(List.of(python.toString(), "-c", "import dns.version"), "")
            .exitCode() == 0;
    if (!usable) {
      throw new IllegalStateException(python + " cannot import dnspython: install it with"
          + " `apt-get install python3-dnspython` (bin/test does this for you)");
    }
    checkedDnspython = true;
    return python;
  }

  public static Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  public static Path find(String command, String aptPackage) {
    for (Path dir : searchPath()) {
      Path candidate = dir.resolve(command);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        command + " not found on PATH or in /usr/sbin: install it with"
            + " `apt-get install " + aptPackage + "` (bin/test does this for you)");
  }

  private static List<Path> searchPath() {
    List<Path> dirs = new ArrayList<>();
    for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!entry.isEmpty()) {
        dirs.add(Path.of(entry));
      }
    }
    dirs.add(Path.of("/usr/sbin"));
    dirs.add(Path.of("/usr/bin"));
    return dirs;
  }
}
