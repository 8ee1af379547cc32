package dev.ddns.core.port;

/** Outcome of {@link ZoneStore#commit}. */
public enum CommitResult {
  /** Stored. */
  COMMITTED,
  /**
   * Nothing was stored because of another writer (the head moved since it was read, or the store
   * was busy with another commit) or because the store asked to slow down: re-read and evaluate
   * again after a backoff.
   */
  CONFLICT,
  /** The zone is gone. */
  NO_ZONE,
  /**
   * The commit's replay record exists already: the same signed request was answered before
   * (another copy of it won the race, committed or not). Nothing was applied; answer as the record
   * says.
   */
  REPLAYED,
  /**
   * A group ({@link ZoneWrites#commitGroup}) is more than the store takes in one commit. Nothing
   * was stored; commit its changes one at a time.
   */
  TOO_LARGE
}
