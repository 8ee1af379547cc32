package dev.ddns.local;

import dev.ddns.adapter.dns.SocketAddresses;
import dev.ddns.core.service.ServiceLimits;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code ddns local} prints once everything listens: where the zone is served, the keys and
 * where they are, the store, and commands to try, ending with {@link LocalSystem#READY}.
 */
final class ReadyLines {
  private ReadyLines() {}

  static List<String> of(LocalSystem system) {
    LocalConfig config = system.config();
    Optional<String> vault = system.vaultDescription().map(v -> " and in " + v);
    String zone = system.zone().toString();
    String keyFile = system.keyFile().toString();
    List<String> served = system.dnsAddresses().stream().map(SocketAddresses::format).toList();
    List<String> lines = new ArrayList<>(List.of(
        "ddns local: zone " + zone + " served on " + String.join(" and ", served)
            + " (UDP, TCP); DoH endpoint " + system.endpoint() + describe(config.limits()),
        "ddns local: TSIG key " + system.key().name() + " (" + system.key().algorithmName()
            + ") in " + keyFile + vault.orElse("")));
    system.notifyKey().ifPresent(k -> lines.add("ddns local: NOTIFY to "
        + String.join(", ", config.notifyTargets()) + " on every change of " + zone
        + ", signed with TSIG key " + k.name() + " (" + k.algorithmName() + ") in "
        + config.notifyKeyFile() + vault.orElse("")
        + ": the secondaries accept NOTIFY with that key (docs/secondaries.md)"));
    lines.add("ddns local: the relay attests each client to the endpoint with relay key "
        + system.relayKey().name() + " in " + config.relayKeyFile() + vault.orElse("")
        + "; it signs no DNS message (docs/relay.md)");
    lines.addAll(storeLines(system));
    lines.addAll(examples(system));
    return List.copyOf(lines);
  }

  /** The lines about the zone store, before the update examples. */
  private static List<String> storeLines(LocalSystem system) {
    Optional<DynamoDbLocalServer> server = system.storage().server();
    if (server.isEmpty()) {
      return List.of("ddns local: zones in memory (--store memory): gone when ddns local stops");
    }
    String url = server.get().endpoint().toString();
    String table = system.config().table();
    String where = server.get().data().map(d -> "data in " + d).orElse("in memory");
    String tableOption = table.equals(LocalConfig.DEFAULT_TABLE) ? "" : " --table " + table;
    return List.of(
        "ddns local: zones in DynamoDB Local at " + url + " (table " + table + ", " + where + ")"
            + (system.zoneCreated() ? "" : "; zone " + system.zone() + " was already there"),
        "",
        "Manage zones, or look at the table:",
        "java -jar target/ddns.jar zone list --endpoint-url " + url + tableOption,
        "aws dynamodb scan --table-name " + table + " --endpoint-url " + url);
  }

  /** An update with nsupdate, a query and a transfer with dig, then the ready line. */
  private static List<String> examples(LocalSystem system) {
    String zone = system.zone().toString();
    String keyFile = system.keyFile().toString();
    String host = SocketAddresses.host(system.dnsAddresses().get(0).getAddress());
    int port = system.dnsPort();
    return List.of(
        "",
        "Update a record:",
        "nsupdate -k " + keyFile + " -p " + port + " <<'EOF'",
        "server " + host + " " + port,
        "zone " + zone,
        "update add www." + zone + " 300 A 192.0.2.10",
        "send",
        "EOF",
        "",
        "Query it, and transfer the zone with the key:",
        "dig @" + host + " -p " + port + " www." + zone + " A",
        "dig @" + host + " -p " + port + " -k " + keyFile + " " + zone + " AXFR",
        "",
        LocalSystem.READY);
  }

  /**
   * The endpoint's limits for the start line, e.g. {@code ; limits: 20 requests/s per key (burst
   * 10), 8 requests in flight}; empty when there are none, as by default.
   */
  static String describe(ServiceLimits limits) {
    List<String> parts = new ArrayList<>();
    if (limits.keyRate() != ServiceLimits.NONE.keyRate()) {
      parts.add(BigDecimal.valueOf(limits.keyRate()).stripTrailingZeros().toPlainString()
          + " requests/s per key (burst " + limits.keyBurst() + ")");
    }
    if (limits.maxInFlight() != ServiceLimits.NONE.maxInFlight()) {
      parts.add(limits.maxInFlight() + " requests in flight");
    }
    return parts.isEmpty() ? "" : "; limits: " + String.join(", ", parts);
  }
}
