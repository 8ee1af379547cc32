package dev.ddns.testing.tools;

import java.nio.file.Path;
import java.util.List;

/** BIND 9 ({@code named -g}) as a secondary of the relay; its log is BIND's default category set. */
public class BindSecondary extends Secondary {

  public BindSecondary(Path dir, int port, int primaryPort, TestKey key, TestKey notifyKey) {
    super(dir, port, primaryPort, key, notifyKey);
  }

  @Override
  public String name() {
    return "named";
  }

  @Override
  protected List<String> command(Path configFile) {
    return command(configFile.toString());
  }

  /** named in the foreground, IPv6 on: the relay, its primary, is {@code ::1}. */
  public static List<String> command(String configFile) {
    return List.of(Tools.named().toString(), "-g", "-n", "1", "-c", configFile);
  }

  /**
   * BIND's log does not name the transfer type at info level, but a secondary writes a journal
   * ({@code .jnl}) only when it applies an incremental transfer (ixfr-from-differences is off).
   */
  @Override
  public boolean usedIncrementalTransfer() {
    return java.nio.file.Files.exists(dir.resolve("example.test.db.jnl"));
  }

  @Override
  public String transferMarker() {
    return "Transfer completed";
  }

  @Override
  protected String config() {
    return config(dir, port, primaryPort, key, notifyKey, DemoZone.NAME, "example.test.db");
  }

  /**
   * The named.conf of a BIND secondary on 127.0.0.1:{@code port} for {@code zone}, kept in {@code
   * file} in {@code dir}: test options (folder, port, no recursion, transfers to anyone so that
   * tests can compare its copy), then infra/secondaries/named.conf for the zone, transferring from
   * the relay on {@code primaryPort} with {@code key} and accepting NOTIFY signed with {@code
   * notifyKey} only.
   */
  public static String config(Path dir, int port, int primaryPort, TestKey key, TestKey notifyKey,
      String zone, String file) {
    return options(dir, port)
        + InfraSecondaries.bind(zone.replaceAll("\\.$", ""), dir.resolve(file), primaryPort,
            key, notifyKey);
  }

  /**
   * The test options of a BIND server on 127.0.0.1:{@code port} kept in {@code dir}: no control
   * channel, no recursion, no NOTIFY of its own, no validation, transfers to anyone.
   */
  public static String options(Path dir, int port) {
    return "controls { };\n"
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
        + "  masterfile-format text;\n"
        + "};\n";
  }
}
