package dev.ddns.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One update ready to be stored atomically: applied only when the zone head still has {@code
 * expectedVersion}.
 *
 * @param head the new head (version = expected + 1, new serial)
 * @param expectedVersion the head version the update was evaluated against
 * @param nodes every node the update touched, as it is after the update (empty = delete it)
 * @param changes the journal entry
 * @param keyName the TSIG key that signed the update
 * @param client the client address, for the journal
 * @param time when the update was evaluated
 */
public record ZoneCommit(ZoneHead head, long expectedVersion, List<Node> nodes, ChangeSet changes,
    String keyName, String client, Instant time) {
  public ZoneCommit {
    Objects.requireNonNull(head, "head");
    nodes = List.copyOf(nodes);
  }
}
