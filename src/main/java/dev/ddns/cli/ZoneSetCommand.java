package dev.ddns.cli;

import dev.ddns.adapter.dns.NotifyTargets;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.service.CatalogZone;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.Name;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ddns zone set}. */
@Command(name = "set", mixinStandardHelpOptions = true,
    description = {"Changes a zone's settings: notify targets and key, serial policy, journal "
        + "retention, record limit, catalog zone.",
        "--notify-key finds or makes the key where 'ddns key' keeps keys (Secrets Manager "
            + "under --prefix, or --key-dir)."},
    sortOptions = false)
final class ZoneSetCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "ZONE")
  String zone;

  @ArgGroup(exclusive = true)
  Notify notify;

  static final class Notify {
    @Option(names = "--notify", arity = "1..*", paramLabel = "TARGET", required = true,
        description = "Secondaries to NOTIFY: host, host:port or [v6]:port (repeatable; "
            + "replaces the list).")
    List<String> targets;

    @Option(names = "--no-notify", required = true, description = "Notify nobody.")
    boolean none;
  }

  @Option(names = "--serial-policy", paramLabel = "POLICY",
      description = "increment, unixtime or date.")
  SerialPolicy serialPolicy;

  @Option(names = "--journal-retention", paramLabel = "DURATION",
      description = "How long journal entries are kept, e.g. 7d, 12h or P30D.")
  Duration journalRetention;

  @Option(names = "--max-records", paramLabel = "N",
      description = "Most records the zone may hold (updates that would grow it past this "
          + "are refused); 0: no limit.")
  Long maxRecords;

  @Option(names = "--dyndns-ttl", paramLabel = "SECONDS",
      description = "TTL of the address records dyndns2 calls write (default 60).")
  Long dyndnsTtl;

  @Mixin NotifyKeyOptions notifyKey;

  @Option(names = "--no-notify-key", description = "Sign NOTIFY with no key (as "
      + "--notify-key '').")
  boolean noNotifyKey;

  @ArgGroup(exclusive = true)
  TransferKeys transferKeys;

  static final class TransferKeys {
    @Option(names = "--transfer-key", arity = "1..*", paramLabel = "KEY", required = true,
        description = "The only keys that may AXFR/IXFR the zone (repeatable; replaces the "
            + "list). Without any: the notify key and the keys the update policy grants.")
    List<String> names;

    @Option(names = "--no-transfer-keys", required = true, description = "Back to the "
        + "default: the notify key and the keys the update policy grants may transfer.")
    boolean none;
  }

  @Mixin CatalogOptions catalog;

  @Override
  public Integer call() {
    if (notify == null && serialPolicy == null && journalRetention == null
        && maxRecords == null && !notifyKey.given() && !noNotifyKey && transferKeys == null
        && !catalog.given() && dyndnsTtl == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "nothing to set: give "
          + "--notify, --no-notify, --notify-key, --no-notify-key, --transfer-key, "
          + "--no-transfer-keys, --serial-policy, --journal-retention, --max-records, "
          + "--dyndns-ttl, --catalog or --no-catalog");
    }
    if (notifyKey.given() && noNotifyKey) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--notify-key and --no-notify-key exclude each other");
    }
    Name apex = ZoneCommand.zoneName(zone);
    List<String> targets = notify == null || notify.none ? List.of() : checked(notify.targets);
    notifyKey.checked();
    try (StoreOptions.Connection c = store.open()) {
      ZoneHead head = c.zone(apex, store).head();
      ZoneSettings settings = ZoneCommand.withMaxRecords(head.settings(), maxRecords);
      if (notify != null) {
        settings = settings.withNotifyTargets(targets);
      }
      if (noNotifyKey) {
        settings = settings.withNotifyKey("");
      } else if (notifyKey.given()) {
        settings = settings.withNotifyKey(notifyKey.resolve(apex, store.region, out(), err()));
      }
      if (transferKeys != null) {
        settings = settings.withTransferKeys(transferKeys.none ? List.of()
            : transferKeys.names.stream().map(k -> ZoneCommand.zoneName(k).toString()).toList());
      }
      if (serialPolicy != null) {
        settings = settings.withSerialPolicy(serialPolicy);
      }
      if (journalRetention != null) {
        settings = settings.withJournalRetention(journalRetention);
      }
      if (dyndnsTtl != null) {
        settings = settings.withDyndnsTtl(checkedTtl(dyndnsTtl));
      }
      Optional<Name> joined = Optional.empty();
      if (catalog.given()) {
        Optional<Name> member = CatalogZone.memberNodeOf(settings);
        Optional<Name> wanted = catalog.catalog(Optional.empty());
        if (!wanted.equals(member.flatMap(CatalogZone::catalogOf))) {
          joined = wanted.map(name -> CatalogOptions.newMemberNode(c.store(), name, apex));
          if (member.isPresent()) {
            CatalogOptions.require(CatalogOptions.membership(c.store()).remove(member.get()),
                apex, "not changed: its catalog did not let it go");
          }
          settings = settings.withCatalogMember(joined.map(Name::toString).orElse(""));
        }
      }
      if (!c.store().updateSettings(apex, settings)) {
        throw new CliException("zone " + apex + " is gone");
      }
      if (joined.isPresent()) {
        CatalogOptions.require(CatalogOptions.membership(c.store()).add(joined.get(), apex), apex,
            "not listed in its catalog");
      }
      out().println("zone " + apex + ": serial policy "
          + settings.serialPolicy().name().toLowerCase(Locale.ROOT)
          + ", journal retention " + Durations.format(settings.journalRetention())
          + ", max records " + ZoneCommand.limit(settings)
          + ", notify " + (settings.notifyTargets().isEmpty() ? "none"
              : String.join(" ", settings.notifyTargets())) + ZoneCommand.notifyKeyText(settings)
          + ZoneCommand.transferKeysText(settings) + dyndnsTtlText(settings)
          + CatalogOptions.text(settings));
      ZoneCommand.warnIfOver(err(), new ZoneHead(apex, head.version(), head.serial(), settings,
          head.records()));
      ZoneCommand.warnIfUnsigned(err(), apex, settings);
      return 0;
    }
  }

  private static long checkedTtl(long seconds) {
    if (seconds < 0 || seconds > ZoneSettings.MAX_TTL) {
      throw new CliException("--dyndns-ttl must be within 0.." + ZoneSettings.MAX_TTL
          + " seconds (RFC 2181 §8): " + seconds);
    }
    return seconds;
  }

  /** The dyndns2 TTL when it is not the default. */
  private static String dyndnsTtlText(ZoneSettings settings) {
    return settings.dyndnsTtl() == ZoneSettings.DEFAULT_DYNDNS_TTL ? ""
        : ", dyndns2 TTL " + settings.dyndnsTtl() + " s";
  }

  private static List<String> checked(List<String> targets) {
    for (String t : targets) {
      try {
        NotifyTargets.check(t);
      } catch (IllegalArgumentException e) {
        throw new CliException("--notify " + t + ": expected host, host:port or [v6]:port ("
            + e.getMessage() + ")");
      }
    }
    return List.copyOf(targets);
  }
}
