package dev.ddns.testing.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * PowerDNS Authoritative Server 4.7 ({@code pdns_server}, gsqlite3 backend) as a secondary, in
 * the foreground (no guardian, no setuid), logging to stderr at level 6 (info). Before its first
 * start, infra/secondaries/pdns-zone.sh creates the database in the folder and adds the zone with
 * the notify key as its transfer key (the {@code key} given here must be the notify key: PowerDNS
 * refuses a signed NOTIFY whose key is not the zone's transfer key).
 */
public final class PowerDnsSecondary extends Secondary {
  private static final Duration SETUP = Duration.ofSeconds(20);

  public PowerDnsSecondary(Path dir, int port, int primaryPort, TestKey notifyKey) {
    super(dir, port, primaryPort, notifyKey, notifyKey);
  }

  @Override
  public String name() {
    return "pdns_server";
  }

  @Override
  protected String configFileName() {
    return "pdns.conf";
  }

  @Override
  protected List<String> command(Path configFile) {
    return List.of(Tools.pdnsServer().toString(), "--config-dir=" + configFile.getParent());
  }

  private Path database() {
    return dir.resolve("pdns.sqlite3");
  }

  /** On the first start, the database and the zone, by the script the docs give users. */
  @Override
  protected void prepare(Path configFile) {
    if (Files.exists(database())) {
      return;
    }
    Tools.find("sqlite3", "sqlite3");
    Tools.find("pdnsutil", "pdns-server");
    Exec.run(List.of("sh", InfraSecondaries.PDNS_ZONE_SCRIPT.toString(), ZONE.toString(true),
            InfraSecondaries.pdnsPrimary(primaryPort), notifyKey.file().toString()),
        Map.of("PDNS_CONFIG_DIR", dir.toString(), "PDNS_DATABASE", database().toString()), "",
        SETUP).assertSuccess();
  }

  /** Adds {@code other} to the keys PowerDNS knows, without making it the zone's. */
  public void importKey(TestKey other) {
    Exec.run(List.of(Tools.find("pdnsutil", "pdns-server").toString(), "--config-dir=" + dir,
        "import-tsig-key", other.name(), other.algorithm(), other.secret()), "").assertSuccess();
  }

  /** PowerDNS logs "IXFR-in zone: 'example.test', ..., got 1 delta, zone committed". */
  @Override
  public boolean usedIncrementalTransfer() {
    return log().lines().anyMatch(l -> l.contains("IXFR-in zone") && l.contains("delta")
        && l.contains("zone committed"));
  }

  /** An IXFR that the relay answered with the whole zone, as RFC 1995 §4 allows. */
  public boolean turnedIxfrIntoAxfr() {
    return log().contains("IXFR turned into an AXFR");
  }

  /** Each transfer in, AXFR or IXFR, ends with "zone committed with serial N". */
  @Override
  public String transferMarker() {
    return "zone committed with serial";
  }

  /** Test settings (address, foreground, no syslog, no security poll), then pdns.conf. */
  @Override
  protected String config() {
    return "local-address=127.0.0.1:" + port + "\n"
        + "daemon=no\n"
        + "guardian=no\n"
        + "socket-dir=" + dir + "\n"
        + "write-pid=no\n"
        + "disable-syslog=yes\n"
        + "loglevel=6\n"
        + "security-poll-suffix=\n"
        + "webserver=no\n"
        + InfraSecondaries.pdns(database());
  }
}
