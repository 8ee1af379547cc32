package dev.ddns.cli;

import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.CatalogMembership;
import dev.ddns.core.service.CatalogZone;
import dev.ddns.core.update.Verdict;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.xbill.DNS.Name;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * {@code --catalog NAME} and {@code --no-catalog} of {@code ddns zone create}, {@code import} and
 * {@code set}: which catalog zone (RFC 9432) lists the zone, so that catalog consumers serve it
 * without a change of their configuration (docs/secondaries.md, "Catalog zones"). The zone keeps
 * its member node in its settings; the listing is an update of the catalog ({@link
 * CatalogMembership}).
 */
final class CatalogOptions {
  @ArgGroup(exclusive = true)
  Choice choice;

  static final class Choice {
    @Option(names = "--catalog", paramLabel = "NAME", required = true,
        description = "Catalog zone that lists the zone (RFC 9432), created on first use; "
            + "default for a new zone: catalog.invalid.")
    String name;

    @Option(names = "--no-catalog", required = true,
        description = "No catalog lists the zone.")
    boolean none;
  }

  /** True when {@code --catalog} or {@code --no-catalog} was given. */
  boolean given() {
    return choice != null;
  }

  /**
   * The catalog asked for, {@code fallback} when neither option was given; empty for {@code
   * --no-catalog}.
   */
  Optional<Name> catalog(Optional<Name> fallback) {
    if (choice == null) {
      return fallback;
    }
    return choice.none ? Optional.empty() : Optional.of(ZoneCommand.zoneName(choice.name));
  }

  /** The catalog of a new zone: {@code catalog.invalid.} unless an option says otherwise. */
  Optional<Name> forNewZone() {
    return catalog(Optional.of(CatalogZone.DEFAULT_NAME));
  }

  /**
   * A member node of {@code catalog} with a new unique id for {@code zone}, once {@code store}
   * says that the catalog may list the zone; checked before anything is written.
   */
  static Name newMemberNode(ZoneStore store, Name catalog, Name zone) {
    Verdict allowed = membership(store).check(catalog, zone);
    if (!allowed.ok()) {
      throw new CliException(allowed.reason());
    }
    return CatalogZone.newMemberNode(catalog, new SecureRandom());
  }

  /** The membership writer on {@code store}. */
  static CatalogMembership membership(ZoneStore store) {
    return new CatalogMembership(store, Clock.systemUTC());
  }

  /** Fails naming the zone and catalog when a catalog change failed. */
  static void require(Verdict verdict, Name zone, String what) {
    if (!verdict.ok()) {
      throw new CliException("zone " + zone + ": " + what + ": " + verdict.reason());
    }
  }

  /** {@code , catalog C as ID} when a catalog lists the zone; empty otherwise. */
  static String text(ZoneSettings settings) {
    return CatalogZone.memberNodeOf(settings)
        .map(node -> ", catalog " + CatalogZone.catalogOf(node).orElseThrow() + " as "
            + node.getLabelString(0))
        .orElse("");
  }
}
