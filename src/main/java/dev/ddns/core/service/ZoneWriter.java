package dev.ddns.core.service;

import dev.ddns.core.model.ReplayRecord;
import dev.ddns.core.model.ZoneCommit;
import dev.ddns.core.port.CommitResult;
import dev.ddns.core.port.ConcurrentChange;
import dev.ddns.core.port.UpdateRead;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.port.ZoneWrites;
import dev.ddns.core.update.UpdateOutcome;
import dev.ddns.core.update.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * The one way a zone changes (docs/architecture.md, "The commit protocol"), whoever changes it: a
 * client's UPDATE, the expiry sweep, catalog maintenance. It owns what every writer needs the
 * same: one change of a zone at a time in this writer ({@link ZoneLocks}), read–evaluate–commit,
 * and after a lost race ({@link ConcurrentChange}, {@link dev.ddns.core.port.CommitResult#CONFLICT})
 * the same again on a fresh read, with jittered backoff until a deadline ({@link Backoff}); and
 * for a request with a replay record (RFC 2136 §7.8), the answer it got before, and the record of
 * an answer that commits nothing. What to change is the caller's {@link Change}.
 */
final class ZoneWriter {
  /** What a writer makes of one consistent read of its zone: a commit, or an answer alone. */
  @FunctionalInterface
  interface Change {
    /**
     * Evaluates against {@code zone}.
     *
     * @throws ConcurrentChange when the read turned out not to be consistent; read again
     */
    UpdateOutcome evaluate(ZoneReader zone);
  }

  /** How a write ended; {@link #verdict} is the answer for the one who asked. */
  sealed interface Written {
    Verdict verdict();

    /** Stored as {@code commit}. */
    record Committed(ZoneCommit commit) implements Written {
      @Override
      public Verdict verdict() {
        return Verdict.OK;
      }
    }

    /** Nothing stored: the evaluation failed or changed nothing, or a copy was answered before. */
    record Answered(Verdict verdict) implements Written {}

    /** The zone is not served (NOTAUTH). */
    record NoZone(Verdict verdict) implements Written {}

    /** Other writers won every race until the deadline (SERVFAIL). */
    record Busy(Verdict verdict) implements Written {}
  }

  /**
   * How long a waiting change sleeps before it looks again whether its turn came, should a wake-up
   * ({@link #wakeNext}) have gone to a change that left meanwhile.
   */
  private static final Duration TURN_CHECK = Duration.ofMillis(5);

  private final ZoneWrites store;
  private final Clock clock;
  private final Backoff backoff;
  private final ZoneLocks locks = new ZoneLocks();

  /** A writer drawing its retry jitter from a fresh random source. */
  ZoneWriter(ZoneWrites store, Clock clock) {
    this(store, clock, Backoff.freshJitter());
  }

  ZoneWriter(ZoneWrites store, Clock clock, RandomGenerator random) {
    this.store = store;
    this.clock = clock;
    this.backoff = new Backoff(clock, random);
  }

  /**
   * Changes {@code zone} as {@code change} says, reading the nodes {@code names}: in a group with
   * the other changes of {@code zone} waiting in this writer when its turn comes ({@link Group}).
   */
  Written write(Name zone, Set<Name> names, Optional<ReplayRecord> replay, Change change) {
    ZoneLocks.Stripe stripe = locks.of(zone);
    Pending mine = new Pending(zone, names, replay, change);
    stripe.waiting().add(mine);
    boolean interrupted = false;
    while (!mine.done()) {
      if (stripe.lock().tryLock()) {
        try {
          if (!mine.done()) {
            writeTaken(Group.take(stripe.waiting(), zone));
          }
        } finally {
          stripe.lock().unlock();
          wakeNext(stripe);
        }
      } else {
        LockSupport.parkNanos(this, TURN_CHECK.toNanos());
        interrupted |= Thread.interrupted();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
    return mine.written;
  }

  /**
   * Wakes the oldest change still waiting for the stripe, whose turn it is now; every change of
   * a group is woken as soon as it has its result, so none waits for the lock to learn that.
   */
  private static void wakeNext(ZoneLocks.Stripe stripe) {
    Pending next = stripe.waiting().peek();
    if (next != null) {
      LockSupport.unpark(next.thread);
    }
  }

  /** Writes {@code group}; a failure of the store is every open change's failure. */
  private void writeTaken(List<Pending> group) {
    try {
      write(group);
    } catch (RuntimeException e) {
      open(group).forEach(p -> p.fail(e));
    }
  }

  /**
   * One write waiting for its turn; done once {@link #written} (or, when the store failed, {@link
   * #failure}) is set.
   */
  static final class Pending {
    final Name zone;
    final Set<Name> names;
    final Optional<ReplayRecord> replay;
    final Change change;
    final Thread thread = Thread.currentThread();
    volatile Written written;
    volatile RuntimeException failure;

    Pending(Name zone, Set<Name> names, Optional<ReplayRecord> replay, Change change) {
      this.zone = zone;
      this.names = names;
      this.replay = replay;
      this.change = change;
    }

    boolean done() {
      return written != null || failure != null;
    }

    void finish(Written result) {
      written = result;
      LockSupport.unpark(thread);
    }

    void fail(RuntimeException e) {
      failure = e;
      LockSupport.unpark(thread);
    }
  }

  /**
   * Read–evaluate–commit of {@code group}, again on a fresh read after each lost race, with
   * jittered backoff until the deadline; what is still open then is {@link Written.Busy}.
   */
  private void write(List<Pending> group) {
    Instant deadline = backoff.deadline();
    for (int attempt = 0; attempt == 0 || backoff.pause(attempt, deadline); attempt++) {
      List<Pending> open = open(group);
      if (open.isEmpty() || attempt(open)) {
        return;
      }
    }
    open(group).forEach(p -> p.finish(new Written.Busy(firstAnswer(p.replay, busy(p.zone)))));
  }

  private static List<Pending> open(List<Pending> group) {
    return group.stream().filter(p -> p.written == null).toList();
  }

  private static Verdict busy(Name zone) {
    return Verdict.fail(Rcode.SERVFAIL, "zone " + zone + " is changing too fast; try again");
  }

  /**
   * One read–evaluate–commit of a group: one read of every name its changes touch (and of the
   * oldest change's replay record: a lone change learns there that a copy was answered before),
   * each change evaluated on the zone the ones before it leave ({@link GroupView}), and one commit
   * of those that change the zone; false when another writer got there first, with the changes
   * left open read and evaluated again.
   */
  private boolean attempt(List<Pending> group) {
    Name zone = group.get(0).zone;
    Map<Pending, ZoneCommit> commits = new LinkedHashMap<>();
    Map<Pending, Verdict> answers = new LinkedHashMap<>();
    try {
      Optional<UpdateRead> read = read(zone, Group.names(group), group.get(0).replay);
      if (read.isEmpty()) {
        group.forEach(p -> p.finish(new Written.NoZone(firstAnswer(p.replay,
            notAuthoritative(zone)))));
        return true;
      }
      List<Pending> evaluated = group;
      if (read.get().replayed().isPresent()) {
        group.get(0).finish(new Written.Answered(original(read.get().replayed().get())));
        evaluated = group.subList(1, group.size());
      }
      GroupView view = new GroupView(read.get().zone());
      for (Pending p : evaluated) {
        UpdateOutcome outcome = p.change.evaluate(view);
        if (outcome.commit().isEmpty()) {
          answers.put(p, outcome.verdict());
        } else {
          ZoneCommit commit = p.replay.map(outcome.commit().get()::withReplay)
              .orElse(outcome.commit().get());
          view.apply(commit);
          commits.put(p, commit);
        }
      }
    } catch (ConcurrentChange e) {
      return false;
    }
    return finish(zone, commits, answers);
  }

  private Optional<UpdateRead> read(Name zone, Set<Name> names, Optional<ReplayRecord> replay) {
    return replay.isPresent()
        ? store.readForUpdate(zone, names, replay.get())
        : store.readForUpdate(zone, names).map(reader -> new UpdateRead(reader, Optional.empty()));
  }

  /**
   * Commits a group's changes ({@link ZoneWrites#commit} for one, {@link ZoneWrites#commitGroup}
   * for more) and gives each its result; false when they are to be tried again. After a commit
   * that met a replay record, each change that has one gets the answer recorded there.
   */
  private boolean finish(Name zone, Map<Pending, ZoneCommit> commits,
      Map<Pending, Verdict> answers) {
    List<ZoneCommit> chain = List.copyOf(commits.values());
    CommitResult result = chain.isEmpty() ? CommitResult.COMMITTED
        : chain.size() == 1 ? store.commit(chain.get(0)) : store.commitGroup(chain);
    if (result == CommitResult.TOO_LARGE) {
      result = commitOneByOne(commits);
    }
    switch (result) {
      case COMMITTED -> {
        commits.forEach((p, commit) -> p.finish(new Written.Committed(commit)));
        answers.forEach((p, verdict) -> p.finish(new Written.Answered(firstAnswer(p.replay,
            verdict))));
        return true;
      }
      case NO_ZONE -> {
        Stream.concat(commits.keySet().stream(), answers.keySet().stream()).forEach(p ->
            p.finish(new Written.NoZone(firstAnswer(p.replay, notAuthoritative(zone)))));
        return true;
      }
      case REPLAYED -> {
        commits.keySet().stream().filter(p -> p.replay.isPresent()).forEach(p ->
            store.findReplay(p.replay.get().key(), p.replay.get().mac())
                .ifPresent(r -> p.finish(new Written.Answered(original(r)))));
        return false;
      }
      case CONFLICT, TOO_LARGE -> {
        return false;
      }
    }
    throw new IllegalStateException("commit result " + result);
  }

  /**
   * Commits a group the store cannot take at once one change at a time, in the order evaluated
   * (each expects the version the one before it leaves); the changes committed get their result
   * at once. The first that does not commit ends it, with its result: the ones after it were
   * evaluated on a zone that did not come to be, so they are read and evaluated again.
   */
  private CommitResult commitOneByOne(Map<Pending, ZoneCommit> commits) {
    for (Iterator<Map.Entry<Pending, ZoneCommit>> it = commits.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<Pending, ZoneCommit> next = it.next();
      CommitResult result = store.commit(next.getValue());
      if (result != CommitResult.COMMITTED) {
        return result;
      }
      next.getKey().finish(new Written.Committed(next.getValue()));
      it.remove();
    }
    return CommitResult.COMMITTED;
  }

  static Verdict notAuthoritative(Name zone) {
    return Verdict.fail(Rcode.NOTAUTH, "not authoritative for zone " + zone);
  }

  /**
   * {@code verdict} for a request that commits nothing (it failed, or changed nothing), recorded
   * (when it has a replay record) so that every copy gets the same answer and none takes effect
   * later (RFC 2136 §7.8, docs/tsig.md, "Replays"); when a copy was answered first, that answer
   * instead.
   */
  private Verdict firstAnswer(Optional<ReplayRecord> replay, Verdict verdict) {
    return replay.flatMap(r -> store.recordAnswer(r.answered(verdict.rcode(), verdict.reason()),
        clock.instant())).map(ZoneWriter::original).orElse(verdict);
  }

  /** The answer a request got before, from its replay record (same key and MAC, same request). */
  private static Verdict original(ReplayRecord record) {
    return new Verdict(record.rcode(), record.reason());
  }
}
