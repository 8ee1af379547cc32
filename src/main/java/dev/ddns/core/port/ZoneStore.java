package dev.ddns.core.port;

import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.ReplayRecord;
import dev.ddns.core.model.ZoneCommit;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.model.ZoneSettings;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongConsumer;
import org.xbill.DNS.Name;

/**
 * Where zones live. Implementations: the in-memory reference store and the DynamoDB store. Every
 * method may throw {@link StoreException} for an infrastructure failure; the service turns that
 * into SERVFAIL with nothing applied.
 */
public interface ZoneStore {

  /**
   * The most one update may read and change, with ({@code withReplay}) or without a replay record
   * read and written beside it; a larger update is refused before it reaches the store.
   */
  StoreCapacity capacity(boolean withReplay);

  /** The served zone that is {@code name} itself or its closest enclosing zone, if any. */
  Optional<Name> findZone(Name name);

  /** A read view of the zone for queries and transfers, or empty when it is not served. */
  Optional<ZoneReader> open(Name zone);

  /**
   * A consistent view of the head and of the nodes {@code names} for evaluating an update (the
   * apex is always included); empty when the zone is not served.
   *
   * @throws ConcurrentChange when a commit in progress keeps the store from giving a consistent
   *     view now; the caller reads again after its backoff
   */
  Optional<ZoneReader> readForUpdate(Name zone, Set<Name> names);

  /**
   * {@link #readForUpdate} for a signed update, together with the replay record of {@code
   * request}'s key and MAC if one was stored; empty when the zone is not served. A store that
   * reads both in one consistent call saves a round trip per update; this default looks the record
   * up first and then reads the zone.
   */
  default Optional<UpdateRead> readForUpdate(Name zone, Set<Name> names, ReplayRecord request) {
    Optional<ReplayRecord> replayed = findReplay(request.key(), request.mac());
    return readForUpdate(zone, names).map(reader -> new UpdateRead(reader, replayed));
  }

  /**
   * Stores the update, its nodes, new head, journal entry and replay record, all or nothing, when
   * the head still has the expected version and no replay record of the same key and MAC exists
   * ({@link CommitResult#REPLAYED} otherwise, which wins over a version conflict). The head's
   * record count is stored as the core computed it; a head without one leaves the count unknown.
   */
  CommitResult commit(ZoneCommit commit);

  /**
   * Stores the replay record of a signed update that committed nothing (it failed, or changed
   * nothing) unless a record of the same key and MAC exists: the first copy of a request to be
   * answered wins (RFC 2136 §7.8; docs/architecture.md, "The commit protocol"). Empty when {@code
   * record} was stored; otherwise the record that was there, whose answer every copy gets. {@code
   * now} is the time of the answer, as a commit's time, for a store that drops expired records
   * itself.
   */
  Optional<ReplayRecord> recordAnswer(ReplayRecord record, Instant now);

  /**
   * The replay record of a signed update by {@code key} with {@code mac}, if one was stored; a
   * record past its expiry may or may not be found (see {@link ReplayRecord}).
   */
  Optional<ReplayRecord> findReplay(Name key, byte[] mac);

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
   * Journal entries of the zone with a version above {@code afterVersion}, oldest first, at most
   * {@code limit}; entries past their retention may be gone.
   */
  List<JournalEntry> journal(Name zone, long afterVersion, int limit);

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
