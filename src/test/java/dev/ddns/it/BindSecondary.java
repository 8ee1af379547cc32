package dev.ddns.it;

import java.nio.file.Path;
import java.util.List;

/** BIND 9 ({@code named -g}) as a secondary of the relay; its log is BIND's default category set. */
final class BindSecondary extends Secondary {

  BindSecondary(Path dir, int port, int primaryPort, TestKey key) {
    super(dir, port, primaryPort, key);
  }

  @Override
  String name() {
    return "named";
  }

  @Override
  protected List<String> command(Path configFile) {
    return List.of(Tools.named().toString(), "-g", "-n", "1", "-4", "-c", configFile.toString());
  }

  /**
   * BIND's log does not name the transfer type at info level, but a secondary writes a journal
   * ({@code .jnl}) only when it applies an incremental transfer (ixfr-from-differences is off).
   */
  @Override
  boolean usedIncrementalTransfer() {
    return java.nio.file.Files.exists(dir.resolve("example.test.db.jnl"));
  }

  @Override
  String transferMarker() {
    return "Transfer completed";
  }

  @Override
  protected String config() {
    return config(dir, port, primaryPort, key, DemoZone.NAME, "example.test.db");
  }

  /**
   * The named.conf of a BIND secondary for {@code zone} on 127.0.0.1:{@code port}, kept in
   * {@code file} in {@code dir}, transferring from 127.0.0.1:{@code primaryPort} with {@code key};
   * it takes NOTIFY from loopback and serves transfers to anyone (tests compare its copy).
   */
  static String config(Path dir, int port, int primaryPort, TestKey key, String zone,
      String file) {
    return key.bindStatement()
        + "controls { };\n"
        + "options {\n"
        + "  directory \"" + dir + "\";\n"
        + "  pid-file \"" + dir.resolve("named.pid") + "\";\n"
        + "  session-keyfile \"" + dir.resolve("session.key") + "\";\n"
        + "  listen-on port " + port + " { 127.0.0.1; };\n"
        + "  listen-on-v6 { none; };\n"
        + "  recursion no;\n"
        + "  notify no;\n"
        + "  dnssec-validation no;\n"
        + "  check-names secondary ignore;\n"
        + "  allow-transfer { any; };\n"
        + "};\n"
        + "zone \"" + zone + "\" {\n"
        + "  type secondary;\n"
        + "  file \"" + dir.resolve(file) + "\";\n"
        + "  masterfile-format text;\n"
        + "  primaries { 127.0.0.1 port " + primaryPort + " key \"" + key.name() + "\"; };\n"
        + "  allow-notify { 127.0.0.1; };\n"
        + "};\n";
  }
}
