package dev.ddns.it;

import java.nio.file.Path;
import java.util.List;

/** Knot DNS ({@code knotd}) as a secondary of the relay, logging to stderr at info level. */
final class KnotSecondary extends Secondary {

  KnotSecondary(Path dir, int port, int primaryPort, TestKey key) {
    super(dir, port, primaryPort, key);
  }

  @Override
  String name() {
    return "knotd";
  }

  @Override
  protected List<String> command(Path configFile) {
    return List.of(Tools.knotd().toString(), "-c", configFile.toString());
  }

  /** Knot logs "[zone.] IXFR, incoming, remote ..., finished" for an incremental transfer. */
  @Override
  boolean usedIncrementalTransfer() {
    return log().lines().anyMatch(l -> l.contains("IXFR, incoming") && l.contains("finished"));
  }

  @Override
  String transferMarker() {
    return "XFR, incoming";
  }

  @Override
  protected String config() {
    String keyId = key.name().replaceAll("\\.$", "");
    return "server:\n"
        + "  rundir: \"" + dir + "\"\n"
        + "  listen: 127.0.0.1@" + port + "\n"
        + "log:\n"
        + "  - target: stderr\n"
        + "    any: info\n"
        + "database:\n"
        + "  storage: \"" + dir + "\"\n"
        + "key:\n"
        + "  - id: " + keyId + "\n"
        + "    algorithm: " + key.algorithm() + "\n"
        + "    secret: " + key.secret() + "\n"
        + "remote:\n"
        + "  - id: relay\n"
        + "    address: 127.0.0.1@" + primaryPort + "\n"
        + "    key: " + keyId + "\n"
        + "acl:\n"
        + "  - id: notify-from-relay\n"
        + "    address: 127.0.0.1\n"
        + "    action: notify\n"
        + "template:\n"
        + "  - id: default\n"
        + "    storage: \"" + dir + "\"\n"
        + "    zonefile-sync: -1\n"
        + "    journal-content: all\n"
        + "zone:\n"
        + "  - domain: " + DemoZone.NAME + "\n"
        + "    master: relay\n"
        + "    acl: notify-from-relay\n";
  }
}
