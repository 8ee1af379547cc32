package dev.ddns.testing.tools;

import java.nio.file.Path;
import java.util.List;
import org.xbill.DNS.Type;

/**
 * NSD 4 ({@code nsd -d}) as a secondary, logging to stderr at verbosity 2, with no database
 * (the zone in memory), no privilege drop and no chroot, so it runs in a test's folder. Its
 * primary is a {@link TransferTap} in front of the relay: NSD's log does not say whether a
 * transfer was incremental, the tap sees it on the wire.
 */
public final class NsdSecondary extends Secondary {
  private final TransferTap tap;

  public NsdSecondary(Path dir, int port, TransferTap tap, TestKey key, TestKey notifyKey) {
    super(dir, port, tap.port(), key, notifyKey);
    this.tap = tap;
  }

  @Override
  public String name() {
    return "nsd";
  }

  @Override
  protected List<String> command(Path configFile) {
    return List.of(Tools.nsd().toString(), "-d", "-c", configFile.toString());
  }

  /** An IXFR that the relay answered in the incremental form (RFC 1995 §4) reached NSD. */
  @Override
  public boolean usedIncrementalTransfer() {
    return tap.exchanges().stream().anyMatch(e -> e.type() == Type.IXFR
        && e.form() == TransferTap.Form.INCREMENTAL);
  }

  /** NSD logs {@code xfrd: zone example.test committed "received update to serial ..."}. */
  @Override
  public String transferMarker() {
    return "xfrd: zone " + ZONE.toString(true) + " committed";
  }

  @Override
  protected String config() {
    return "server:\n"
        + "  ip-address: 127.0.0.1@" + port + "\n"
        + "  do-ip6: no\n"
        + "  username: \"\"\n"
        + "  chroot: \"\"\n"
        + "  zonesdir: \"" + dir + "\"\n"
        + "  database: \"\"\n"
        + "  pidfile: \"" + dir.resolve("nsd.pid") + "\"\n"
        + "  xfrdfile: \"" + dir.resolve("xfrd.state") + "\"\n"
        + "  xfrdir: \"" + dir + "\"\n"
        + "  zonelistfile: \"" + dir.resolve("zone.list") + "\"\n"
        + "  verbosity: 2\n"
        + "  server-count: 1\n"
        + "remote-control:\n"
        + "  control-enable: no\n"
        + InfraSecondaries.nsd(ZONE.toString(true), dir.resolve("example.test.zone"),
            primaryPort, key, notifyKey);
  }
}
