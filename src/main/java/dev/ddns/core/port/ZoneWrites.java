package dev.ddns.core.port;

import dev.ddns.core.model.ReplayRecord;
import dev.ddns.core.model.ZoneCommit;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * The request path of an update: what one update may hold, the consistent read it is evaluated
 * on, the commit, and the replay records that make a signed request take effect at most once.
 * Part of {@link ZoneStore}; every method may throw {@link StoreException}.
 */
public interface ZoneWrites {

  /**
   * A consistent view of the head and of the nodes {@code names} for evaluating an update (the
   * apex is always included); empty when the zone is not served.
   *
   * @throws ConcurrentChange when a commit in progress keeps the store from giving a consistent
   *     view now; the caller reads again after its backoff
   */
  Optional<PinnedReader> readForUpdate(Name zone, Set<Name> names);

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
   * Stores several updates of one zone as one commit, all or nothing (docs/architecture.md, "Group
   * commit"): {@code group} in the order they were evaluated, each on the zone the ones before it
   * leave, so each expects the version of the head before it. Applied when the head still has the
   * first one's expected version and none of their replay records exists; {@link
   * CommitResult#REPLAYED} says that one exists, not which. The nodes stored are the last state of
   * each, the head the last one's, and every update keeps its own journal entry. {@link
   * CommitResult#TOO_LARGE}, with nothing stored, when the group is more than the store takes in
   * one commit.
   */
  CommitResult commitGroup(List<ZoneCommit> group);

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
}
