package dev.ddns.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One update ready to be stored atomically: applied only when the zone head still has {@code
 * expectedVersion}, and, when it carries a replay record, only when no record of that key and MAC
 * exists yet.
 *
 * @param head the new head (version = expected + 1, new serial)
 * @param expectedVersion the head version the update was evaluated against
 * @param nodes every node the update touched, as it is after the update (empty = delete it)
 * @param changes the journal entry
 * @param keyName how the update was authorized ({@link JournalEntry#keyName})
 * @param client the client address, for the journal
 * @param time when the update was evaluated
 * @param replay the replay record of the signed request, written with the update
 * @param serialOnlyAtApex the apex, among {@code nodes}, differs from the one read only in its
 *     SOA serial, which {@code head} carries as well: a store that answers the apex SOA's serial
 *     from the head may leave the apex as stored (docs/architecture.md, "The serial in the head")
 */
public record ZoneCommit(ZoneHead head, long expectedVersion, List<Node> nodes, ChangeSet changes,
    String keyName, String client, Instant time, Optional<ReplayRecord> replay,
    boolean serialOnlyAtApex) {
  public ZoneCommit {
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(replay, "replay");
    nodes = List.copyOf(nodes);
  }

  /** A commit without a replay record that writes every node it changed, the apex too. */
  public ZoneCommit(ZoneHead head, long expectedVersion, List<Node> nodes, ChangeSet changes,
      String keyName, String client, Instant time) {
    this(head, expectedVersion, nodes, changes, keyName, client, time, Optional.empty(), false);
  }

  /** This commit, also writing {@code record}. */
  public ZoneCommit withReplay(ReplayRecord record) {
    return new ZoneCommit(head, expectedVersion, nodes, changes, keyName, client, time,
        Optional.of(record), serialOnlyAtApex);
  }

  /** This commit, saying whether its apex changed only in the SOA serial. */
  public ZoneCommit withSerialOnlyAtApex(boolean serialOnly) {
    return new ZoneCommit(head, expectedVersion, nodes, changes, keyName, client, time, replay,
        serialOnly);
  }
}
