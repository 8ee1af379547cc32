package dev.ddns.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One committed update as the journal keeps it: the audit trail, and later the source of IXFR
 * (RFC 1995).
 *
 * @param version the zone version the update produced
 * @param changes serials and the records removed and added
 * @param keyName how the update was authorized: the TSIG key that signed it, {@code unsigned} for
 *     an address grant (docs/policy.md), {@code expiry-sweep} for the sweep
 * @param client the client address
 * @param time when it was committed
 */
public record JournalEntry(long version, ChangeSet changes, String keyName, String client,
    Instant time) {
  public JournalEntry {
    Objects.requireNonNull(changes, "changes");
    Objects.requireNonNull(time, "time");
  }

  /** The entry a commit writes. */
  public static JournalEntry of(ZoneCommit commit) {
    return new JournalEntry(commit.head().version(), commit.changes(), commit.keyName(),
        commit.client(), commit.time());
  }
}
