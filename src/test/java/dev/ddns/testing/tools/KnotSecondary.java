package dev.ddns.testing.tools;

import java.nio.file.Path;
import java.util.List;

/** Knot DNS ({@code knotd}) as a secondary of the relay, logging to stderr at info level. */
public class KnotSecondary extends Secondary {

  public KnotSecondary(Path dir, int port, int primaryPort, TestKey key, TestKey notifyKey) {
    super(dir, port, primaryPort, key, notifyKey);
  }

  @Override
  public String name() {
    return "knotd";
  }

  @Override
  protected List<String> command(Path configFile) {
    return List.of(Tools.knotd().toString(), "-c", configFile.toString());
  }

  /** Knot logs "[zone.] IXFR, incoming, remote ..., finished" for an incremental transfer. */
  @Override
  public boolean usedIncrementalTransfer() {
    return log().lines().anyMatch(l -> l.contains("IXFR, incoming") && l.contains("finished"));
  }

  @Override
  public String transferMarker() {
    return "XFR, incoming";
  }

  /** {@link #settings}, then infra/secondaries/knot.conf for the demo zone. */
  @Override
  protected String config() {
    return settings(dir, port)
        + InfraSecondaries.knot(DemoZone.NAME.replaceAll("\\.$", ""), primaryPort, key,
            notifyKey);
  }

  /** The test settings of a Knot server on 127.0.0.1:{@code port} kept in {@code dir}. */
  public static String settings(Path dir, int port) {
    return "server:\n"
        + "  rundir: \"" + dir + "\"\n"
        + "  listen: 127.0.0.1@" + port + "\n"
        + "log:\n"
        + "  - target: stderr\n"
        + "    any: info\n"
        + "database:\n"
        + "  storage: \"" + dir + "\"\n"
        + "template:\n"
        + "  - id: default\n"
        + "    storage: \"" + dir + "\"\n"
        + "    zonefile-sync: -1\n"
        + "    journal-content: all\n";
  }
}
