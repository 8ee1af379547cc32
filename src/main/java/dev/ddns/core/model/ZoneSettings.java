package dev.ddns.core.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What an operator sets for a zone, kept with its head.
 *
 * @param serialPolicy how the SOA serial moves on a change
 * @param notifyTargets secondaries to NOTIFY (RFC 1996), as {@code host}, {@code host:port} or
 *     {@code [v6]:port}
 * @param journalRetention how long journal entries are kept (the audit trail and IXFR source)
 * @param updatePolicy the zone's update-policy rules, one rule per entry, in order (first match
 *     wins); empty means any key that verifies may change anything in the zone
 * @param transferKeys names of the TSIG keys that may transfer the zone (AXFR, IXFR); empty
 *     means any key that verifies may
 * @param notifyKey name of the TSIG key that signs NOTIFY messages, which the secondaries hold;
 *     it never signs an update of the zone; empty for unsigned NOTIFY
 * @param maxRecords the most records the zone may hold, in the manner of BIND's {@code
 *     max-records}: an update that would grow it past this is refused; {@link #UNLIMITED} for
 *     no limit
 * @param catalogMember the owner name of the zone's member node in a catalog zone, {@code
 *     <unique-id>.zones.<catalog>} (RFC 9432 §4.1, docs/secondaries.md, "Catalog zones"): which
 *     catalog lists the zone, under which unique id; empty when no catalog lists it
 * @param dyndnsTtl the TTL, in seconds, of the address records a dyndns2 call writes
 *     (docs/clients.md, "dyndns2"); {@link #DEFAULT_DYNDNS_TTL} unless set
 */
public record ZoneSettings(SerialPolicy serialPolicy, List<String> notifyTargets,
    Duration journalRetention, List<String> updatePolicy, List<String> transferKeys,
    String notifyKey, long maxRecords, String catalogMember, long dyndnsTtl) {

  /** Journal entries are kept for 30 days unless a zone says otherwise. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
  /**
   * A zone holds at most a million records unless it says otherwise: the largest zone measured
   * (docs/BENCHMARKS.md, "Update latency against zone size"), so a zone under the default is one
   * the project has seen work, and a client adding records in a loop is stopped there.
   */
  public static final long DEFAULT_MAX_RECORDS = 1_000_000;
  /** {@link #maxRecords} of a zone without a record limit. */
  public static final long UNLIMITED = 0;
  /** A minute: a router's new address is seen within a minute of its call. */
  public static final long DEFAULT_DYNDNS_TTL = 60;
  /** The largest TTL (RFC 2181 §8: 2^31 - 1 seconds). */
  public static final long MAX_TTL = 0x7fff_ffffL;

  public ZoneSettings {
    Objects.requireNonNull(serialPolicy, "serialPolicy");
    notifyTargets = List.copyOf(notifyTargets);
    Objects.requireNonNull(journalRetention, "journalRetention");
    if (journalRetention.isNegative() || journalRetention.isZero()) {
      throw new IllegalArgumentException("journal retention must be positive: " + journalRetention);
    }
    updatePolicy = List.copyOf(updatePolicy);
    transferKeys = List.copyOf(transferKeys);
    notifyKey = Objects.requireNonNullElse(notifyKey, "");
    catalogMember = Objects.requireNonNullElse(catalogMember, "");
    if (dyndnsTtl < 0 || dyndnsTtl > MAX_TTL) {
      throw new IllegalArgumentException("the dyndns2 TTL must be within 0.." + MAX_TTL
          + " seconds (RFC 2181 §8): " + dyndnsTtl);
    }
    if (maxRecords < 0) {
      throw new IllegalArgumentException("max records must be 0 (no limit) or more: "
          + maxRecords);
    }
  }

  /** The defaults with the given serial policy. */
  public static ZoneSettings of(SerialPolicy serialPolicy) {
    return new ZoneSettings(serialPolicy, List.of(), DEFAULT_RETENTION, List.of(), List.of(), "",
        DEFAULT_MAX_RECORDS, "", DEFAULT_DYNDNS_TTL);
  }

  public ZoneSettings withSerialPolicy(SerialPolicy policy) {
    return new ZoneSettings(policy, notifyTargets, journalRetention, updatePolicy, transferKeys,
        notifyKey, maxRecords, catalogMember, dyndnsTtl);
  }

  public ZoneSettings withNotifyTargets(List<String> targets) {
    return new ZoneSettings(serialPolicy, targets, journalRetention, updatePolicy, transferKeys,
        notifyKey, maxRecords, catalogMember, dyndnsTtl);
  }

  public ZoneSettings withJournalRetention(Duration retention) {
    return new ZoneSettings(serialPolicy, notifyTargets, retention, updatePolicy, transferKeys,
        notifyKey, maxRecords, catalogMember, dyndnsTtl);
  }

  public ZoneSettings withUpdatePolicy(List<String> rules) {
    return new ZoneSettings(serialPolicy, notifyTargets, journalRetention, rules, transferKeys,
        notifyKey, maxRecords, catalogMember, dyndnsTtl);
  }

  public ZoneSettings withTransferKeys(List<String> keys) {
    return new ZoneSettings(serialPolicy, notifyTargets, journalRetention, updatePolicy, keys,
        notifyKey, maxRecords, catalogMember, dyndnsTtl);
  }

  public ZoneSettings withNotifyKey(String key) {
    return new ZoneSettings(serialPolicy, notifyTargets, journalRetention, updatePolicy,
        transferKeys, key, maxRecords, catalogMember, dyndnsTtl);
  }

  /** These settings with a record limit of {@code max} ({@link #UNLIMITED} for none). */
  public ZoneSettings withMaxRecords(long max) {
    return new ZoneSettings(serialPolicy, notifyTargets, journalRetention, updatePolicy,
        transferKeys, notifyKey, max, catalogMember, dyndnsTtl);
  }

  /** These settings with the member node {@code node} ({@code ""} for none). */
  public ZoneSettings withCatalogMember(String node) {
    return new ZoneSettings(serialPolicy, notifyTargets, journalRetention, updatePolicy,
        transferKeys, notifyKey, maxRecords, node, dyndnsTtl);
  }

  /** These settings with dyndns2 records written at TTL {@code seconds}. */
  public ZoneSettings withDyndnsTtl(long seconds) {
    return new ZoneSettings(serialPolicy, notifyTargets, journalRetention, updatePolicy,
        transferKeys, notifyKey, maxRecords, catalogMember, seconds);
  }

  /** True when {@code records} is more than this zone may hold. */
  public boolean exceedsMaxRecords(long records) {
    return maxRecords != UNLIMITED && records > maxRecords;
  }
}
