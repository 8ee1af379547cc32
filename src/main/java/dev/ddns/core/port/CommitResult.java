package dev.ddns.core.port;

/** Outcome of {@link ZoneStore#commit}. */
public enum CommitResult {
  /** Stored. */
  COMMITTED,
  /** The head moved since it was read: re-read and evaluate again. */
  CONFLICT,
  /** The zone is gone. */
  NO_ZONE,
  /**
   * The commit's replay record exists already: the same signed request was answered before
   * (another copy of it won the race, committed or not). Nothing was applied; answer as the record
   * says.
   */
  REPLAYED
}
