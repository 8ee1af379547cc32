package dev.ddns.cli;

import dev.ddns.adapter.dns.ZoneContent;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.model.ZoneSettings;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ddns zone create}. */
@Command(name = "create", mixinStandardHelpOptions = true,
    description = {"Creates a zone with its SOA and NS records.",
        "Name servers inside the zone need an address: --ns-address NAME=IP."},
    sortOptions = false)
final class ZoneCreateCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "ZONE", description = "The zone, e.g. example.com.")
  String zone;

  @Option(names = "--ns", required = true, arity = "1..*", paramLabel = "NAME",
      description = "Name server (repeatable); a name without a final dot is inside the zone.")
  List<String> nameServers;

  @Option(names = "--ns-address", paramLabel = "NAME=IP", arity = "1..*",
      description = "Address of an in-zone name server, A or AAAA (repeatable).")
  List<String> nsAddresses = new ArrayList<>();

  @Option(names = "--mname", paramLabel = "NAME",
      description = "SOA primary server; default: the first --ns.")
  String mname;

  @Option(names = "--rname", paramLabel = "NAME",
      description = "SOA mailbox, e.g. hostmaster.example.com.; default: hostmaster.ZONE")
  String rname;

  @Option(names = "--serial", paramLabel = "N",
      description = "SOA serial; default: 1 for increment, now for unixtime and date.")
  Long serial;

  @Option(names = "--serial-policy", paramLabel = "POLICY", defaultValue = "increment",
      description = "increment, unixtime or date (YYYYMMDDnn); default: ${DEFAULT-VALUE}.")
  SerialPolicy serialPolicy;

  @Option(names = "--ttl", paramLabel = "SECONDS", defaultValue = "3600",
      description = "TTL of the SOA, NS and address records; default: ${DEFAULT-VALUE}.")
  long ttl;

  @Option(names = "--refresh", paramLabel = "SECONDS", defaultValue = "3600",
      description = "SOA refresh; default: ${DEFAULT-VALUE}.")
  long refresh;

  @Option(names = "--retry", paramLabel = "SECONDS", defaultValue = "900",
      description = "SOA retry; default: ${DEFAULT-VALUE}.")
  long retry;

  @Option(names = "--expire", paramLabel = "SECONDS", defaultValue = "604800",
      description = "SOA expire; default: ${DEFAULT-VALUE}.")
  long expire;

  @Option(names = "--minimum", paramLabel = "SECONDS", defaultValue = "300",
      description = "SOA minimum (negative caching TTL); default: ${DEFAULT-VALUE}.")
  long minimum;

  @Option(names = "--max-records", paramLabel = "N",
      description = "Most records the zone may hold; 0: no limit; default: 1,000,000.")
  Long maxRecords;

  @Option(names = "--create-table",
      description = "Create the table first when it is missing (DynamoDB Local, tests).")
  boolean createTable;

  @Mixin NotifyKeyOptions notifyKey;

  @Mixin CatalogOptions catalog;

  @Override
  public Integer call() {
    ZoneContent content = content(Clock.systemUTC());
    notifyKey.checked();
    Name apex = content.head().zone();
    ZoneHead head = content.head();
    try (StoreOptions.Connection c = createTable ? store.openCreatingTable() : store.open()) {
      if (c.store().open(head.zone()).isPresent()) {
        throw new CliException("zone " + head.zone() + " exists in table "
            + store.table + "; 'ddns zone delete' it first, or 'ddns zone import --replace'");
      }
      Optional<Name> member = catalog.forNewZone()
          .map(name -> CatalogOptions.newMemberNode(c.store(), name, apex));
      head = new ZoneHead(apex, head.version(), head.serial(), head.settings()
          .withCatalogMember(member.map(Name::toString).orElse("")));
      if (notifyKey.given()) {
        head = new ZoneHead(head.zone(), head.version(), head.serial(), head.settings()
            .withNotifyKey(notifyKey.resolve(head.zone(), store.region, out(), err())));
      }
      c.store().create(head, content.nodes());
      if (member.isPresent()) {
        CatalogOptions.require(CatalogOptions.membership(c.store()).add(member.get(), apex), apex,
            "created, but not listed in its catalog");
      }
    }
    int records = content.nodes().stream().mapToInt(Node::recordCount).sum();
    out().println("created zone " + head.zone() + ": serial " + head.serial()
        + ", " + records + " records, serial policy "
        + head.serialPolicy().name().toLowerCase(Locale.ROOT)
        + ZoneCommand.notifyKeyText(head.settings()) + CatalogOptions.text(head.settings()));
    return 0;
  }

  ZoneContent content(Clock clock) {
    Name apex = ZoneCommand.zoneName(zone);
    List<Name> servers = nameServers.stream().map(n -> ZoneCommand.nameIn(n, apex)).distinct()
        .toList();
    Map<Name, List<InetAddress>> addresses = addresses(apex);
    long soaSerial = serial != null ? serial : serialPolicy.next(0, clock);
    if (soaSerial < 0 || soaSerial > 0xFFFF_FFFFL) {
      throw new CliException("--serial must be within 0..4294967295: " + soaSerial);
    }
    Name primary = mname != null ? ZoneCommand.nameIn(mname, apex) : servers.get(0);
    Name mailbox = ZoneCommand.nameIn(rname != null ? rname : "hostmaster", apex);
    List<Record> records = new ArrayList<>();
    try {
      records.add(new SOARecord(apex, DClass.IN, ttl, primary, mailbox, soaSerial, refresh,
          retry, expire, minimum));
      for (Name ns : servers) {
        records.add(new NSRecord(apex, DClass.IN, ttl, ns));
      }
      for (Map.Entry<Name, List<InetAddress>> e : addresses.entrySet()) {
        for (InetAddress a : e.getValue()) {
          records.add(a.getAddress().length == 4
              ? new ARecord(e.getKey(), DClass.IN, ttl, a)
              : new AAAARecord(e.getKey(), DClass.IN, ttl, a));
        }
      }
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
    // The core refuses updates that leave an in-zone apex NS target without an address
    // (RFC 1034 §4.2.1 glue); a zone must not start in that state.
    for (Name ns : servers) {
      if (ns.subdomain(apex) && !addresses.containsKey(ns)) {
        throw new CliException("name server " + ns + " is inside " + apex
            + ": give its address with --ns-address " + ns + "=IP");
      }
    }
    ZoneContent content = ZoneContent.of(records, serialPolicy);
    ZoneHead head = content.head();
    ZoneSettings settings = ZoneCommand.withMaxRecords(head.settings(), maxRecords);
    ZoneCommand.checkSize(apex, records.size(), settings);
    return new ZoneContent(new ZoneHead(apex, head.version(), head.serial(), settings),
        content.nodes());
  }

  private Map<Name, List<InetAddress>> addresses(Name apex) {
    Map<Name, List<InetAddress>> result = new LinkedHashMap<>();
    for (String pair : nsAddresses) {
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        throw new CliException("--ns-address " + pair + ": expected NAME=IP, "
            + "e.g. ns1." + apex + "=192.0.2.1");
      }
      Name name = ZoneCommand.nameIn(pair.substring(0, eq), apex);
      if (!name.subdomain(apex)) {
        throw new CliException("--ns-address " + pair + ": " + name + " is outside " + apex
            + "; only in-zone name servers need an address here");
      }
      String ip = pair.substring(eq + 1).trim();
      InetAddress address;
      try {
        address = Address.getByAddress(ip);
      } catch (java.net.UnknownHostException e) {
        throw new CliException("--ns-address " + pair + ": '" + ip + "' is not an IP address");
      }
      result.computeIfAbsent(name, n -> new ArrayList<>()).add(address);
    }
    return result;
  }
}
