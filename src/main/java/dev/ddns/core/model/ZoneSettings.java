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
 */
public record ZoneSettings(SerialPolicy serialPolicy, List<String> notifyTargets,
    Duration journalRetention) {

  /** Journal entries are kept for 30 days unless a zone says otherwise. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

  public ZoneSettings {
    Objects.requireNonNull(serialPolicy, "serialPolicy");
    notifyTargets = List.copyOf(notifyTargets);
    Objects.requireNonNull(journalRetention, "journalRetention");
    if (journalRetention.isNegative() || journalRetention.isZero()) {
      throw new IllegalArgumentException("journal retention must be positive: " + journalRetention);
    }
  }

  /** The defaults with the given serial policy. */
  public static ZoneSettings of(SerialPolicy serialPolicy) {
    return new ZoneSettings(serialPolicy, List.of(), DEFAULT_RETENTION);
  }

  public ZoneSettings withSerialPolicy(SerialPolicy policy) {
    return new ZoneSettings(policy, notifyTargets, journalRetention);
  }

  public ZoneSettings withNotifyTargets(List<String> targets) {
    return new ZoneSettings(serialPolicy, targets, journalRetention);
  }

  public ZoneSettings withJournalRetention(Duration retention) {
    return new ZoneSettings(serialPolicy, notifyTargets, retention);
  }
}
