package dev.ddns.core.port;

import dev.ddns.core.model.Node;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.model.ZoneSettings;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongConsumer;
import org.xbill.DNS.Name;

/**
 * Administration and maintenance: creating, listing and deleting zones, their settings and record
 * count, what the expiry sweep reads, and the outcomes of NOTIFY. Part of {@link ZoneStore}; every
 * method may throw {@link StoreException}.
 */
public interface ZoneAdmin {

  /**
   * Creates a zone with its head and nodes; fails when it exists. The head is stored with the
   * records of {@code nodes} as its count, whatever count it carries. Large zones are written in
   * batches; {@code progress} hears the number of nodes written so far after each.
   */
  void create(ZoneHead head, Collection<Node> nodes, LongConsumer progress);

  /** Creates a zone with its head and nodes; fails when it exists. */
  default void create(ZoneHead head, Collection<Node> nodes) {
    create(head, nodes, written -> { });
  }

  /**
   * Replaces the zone's settings and moves its version on, so that an update evaluated against
   * the old head cannot write the old settings back; false when the zone does not exist.
   */
  boolean updateSettings(Name zone, ZoneSettings settings);

  /**
   * Counts the zone's records at one version and stores the count in its head, moving the version
   * on, so that an update evaluated against the old head cannot write an old count back: for a
   * head written before the count existed, or to check one. Empty when the zone does not exist.
   */
  OptionalLong recount(Name zone);

  /**
   * The served zones, in canonical order. May lag a zone created or deleted a moment ago: the
   * DynamoDB store reads them from an eventually consistent index instead of scanning the table.
   */
  List<Name> zones();

  /**
   * The zones whose update policy has {@code expire} rules, in canonical order, each with its
   * policy lines; for the expiry sweep. May lag recent changes (eventually consistent): the sweep
   * evaluates every deletion on a consistent read.
   */
  List<ExpiringZone> expiringZones();

  /**
   * Up to {@code limit} names of {@code zone} that have a stamped RRset (a last addition time,
   * {@link Node#lastAdded()}) at or before {@code until}, in order of their earliest stamp; with
   * {@code after}, the ones that follow that candidate of an earlier call in this order. Only
   * nodes with a stamp count: the reads do not grow with the names that carry none. May lag
   * recent commits (eventually consistent), like {@link #expiringZones()}.
   */
  List<ExpiryCandidate> expiryCandidates(Name zone, Instant until, Optional<ExpiryCandidate> after,
      int limit);

  /**
   * Records how the last NOTIFY to each of {@code outcomes}' targets went, replacing what was
   * recorded for those targets; nothing when the zone does not exist. Kept beside the zone's
   * content, not in it: no version move, no journal entry, no stream event that calls for a
   * NOTIFY (docs/secondaries.md, "Propagation status").
   */
  void recordNotifyOutcomes(Name zone, List<NotifyOutcome> outcomes);

  /** The NOTIFY outcomes recorded for the zone, one per target, ordered by target. */
  List<NotifyOutcome> notifyOutcomes(Name zone);

  /** Removes a zone and all its data; false when it did not exist. */
  boolean delete(Name zone);
}
