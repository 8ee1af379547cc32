package dev.ddns.local;

import dev.ddns.adapter.dns.ZoneContent;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.CatalogMembership;
import dev.ddns.core.service.CatalogZone;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.core.update.Verdict;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/** The zone {@code ddns local} creates on first start: its records, policy and catalog entry. */
final class DemoZone {
  private static final Logger LOG = LoggerFactory.getLogger(DemoZone.class);
  private static final long ZONE_TTL = 3600;

  private DemoZone() {}

  /**
   * Creates {@code zone} with the demo policy for the demo key and every key loaded from files,
   * listed in {@code catalog.invalid.} as {@code ddns zone create} lists a new zone
   * (docs/secondaries.md, "Catalog zones"); unlisted, with a warning, when that catalog may not
   * list it.
   */
  static void create(ZoneStore store, Name zone, TsigKey demoKey, StaticKeyStore keys) {
    CatalogMembership membership = new CatalogMembership(store, Clock.systemUTC());
    Verdict listable = membership.check(CatalogZone.DEFAULT_NAME, zone);
    if (!listable.ok()) {
      LOG.warn("zone {} is in no catalog: {}", zone, listable.reason());
    }
    Optional<Name> member = Optional.of(listable).filter(Verdict::ok)
        .map(ok -> CatalogZone.newMemberNode(CatalogZone.DEFAULT_NAME, new SecureRandom()));
    ZoneContent demo = records(zone);
    ZoneHead head = demo.head();
    store.create(new ZoneHead(head.zone(), head.version(), head.serial(), head.settings()
        .withUpdatePolicy(policy(zone, keyNames(demoKey, keys)))
        .withCatalogMember(member.map(Name::toString).orElse(""))), demo.nodes());
    Verdict listed = member.map(node -> membership.add(node, zone)).orElse(Verdict.OK);
    if (!listed.ok()) {
      throw new IllegalStateException("zone " + zone + " was created, but not listed in "
          + CatalogZone.DEFAULT_NAME + ": " + listed.reason());
    }
  }

  /** The demo key (also when a key vault holds it) and every key loaded from files. */
  private static Collection<Name> keyNames(TsigKey demoKey, StaticKeyStore keys) {
    Set<Name> names = new LinkedHashSet<>(List.of(demoKey.name()));
    names.addAll(keys.names());
    return names;
  }

  /**
   * The demo zone's update policy (docs/policy.md): each key loaded at start may change
   * everything, and ACME challenge TXT records at the apex expire after an hour.
   */
  private static List<String> policy(Name zone, Collection<Name> keys) {
    List<String> rules = new ArrayList<>();
    keys.forEach(k -> rules.add("grant " + k + " zonesub ANY"));
    rules.add("expire 1h subdomain _acme-challenge." + zone + " TXT");
    return rules;
  }

  /** SOA, NS and the name server's A record for {@code zone}, serial 1. */
  private static ZoneContent records(Name zone) {
    try {
      Name ns = Name.concatenate(Name.fromConstantString("ns1"), zone);
      Name hostmaster = Name.concatenate(Name.fromConstantString("hostmaster"), zone);
      List<Record> records = List.of(
          new SOARecord(zone, DClass.IN, ZONE_TTL, ns, hostmaster, 1, 3600, 900, 604800, 300),
          new NSRecord(zone, DClass.IN, ZONE_TTL, ns),
          new ARecord(ns, DClass.IN, ZONE_TTL, LocalConfig.LOOPBACK_V4));
      return ZoneContent.of(records, SerialPolicy.INCREMENT);
    } catch (NameTooLongException e) {
      throw new IllegalArgumentException("zone name too long: " + zone, e);
    }
  }
}
