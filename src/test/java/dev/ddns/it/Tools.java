package dev.ddns.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the external interop tools. A missing tool fails the test with the Debian package
 * to install: interop tests are never skipped silently.
 */
final class Tools {
  private Tools() {}

  static Path nsupdate() {
    return find("nsupdate", "bind9-dnsutils");
  }

  static Path knsupdate() {
    return find("knsupdate", "knot-dnsutils");
  }

  static Path dig() {
    return find("dig", "bind9-dnsutils");
  }

  static Path named() {
    return find("named", "bind9");
  }

  static Path knotd() {
    return find("knotd", "knot");
  }

  static Path tsigKeygen() {
    return find("tsig-keygen", "bind9");
  }

  static Path faketime() {
    return find("faketime", "faketime");
  }

  static Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  static Path find(String command, String aptPackage) {
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
