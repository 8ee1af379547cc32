package dev.ddns.core.service;

import static dev.ddns.testing.TestZone.rr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.model.ReplayRecord;
import dev.ddns.core.model.ZoneCommit;
import dev.ddns.core.policy.Requester;
import dev.ddns.core.port.CommitResult;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.update.UpdateProcessor;
import dev.ddns.core.update.UpdateRequest;
import dev.ddns.testing.ForwardingZoneStore;
import dev.ddns.testing.TestZone;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Group commit (docs/architecture.md, "Group commit"): changes of one zone that wait in one writer
 * while another commits go into one commit, each evaluated on the zone the ones before it leave.
 */
class GroupCommitTest {
  static final Name ZONE = TestZone.ZONE;

  /** A store whose first commit waits until the test lets it go, and which counts groups. */
  static final class GatedStore extends ForwardingZoneStore {
    final CountDownLatch committing = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<Integer> groups = new ArrayList<>();
    int commits;
    /** The commit (counted from 0) that loses a race, as if another process committed first. */
    int conflictAt = -1;
    CommitResult nextGroup;

    GatedStore() {
      super(TestZone.store());
    }

    @Override
    public CommitResult commit(ZoneCommit commit) {
      int n = commits++;
      if (n == conflictAt) {
        return CommitResult.CONFLICT;
      }
      if (n == 0) {
        committing.countDown();
        try {
          assertTrue(release.await(10, TimeUnit.SECONDS), "released");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return delegate.commit(commit);
    }

    @Override
    public synchronized CommitResult commitGroup(List<ZoneCommit> group) {
      groups.add(group.size());
      if (nextGroup != null) {
        CommitResult result = nextGroup;
        nextGroup = null;
        return result;
      }
      return delegate.commitGroup(group);
    }
  }

  final GatedStore store = new GatedStore();
  final ZoneWriter writer = new ZoneWriter(store, ZoneWriterTest.CLOCK, ZoneWriterTest.NO_JITTER);
  final List<Thread> threads = new ArrayList<>();

  /**
   * While a first update commits, four wait: the second adds a name, the third requires it (RFC
   * 2136 §2.4.4, name in use) and so sees the second's change, the fourth requires a name nobody
   * added and fails, the fifth adds another name. The three that change the zone commit as one
   * group, each with its own serial step and journal entry; the failed one changes nothing.
   */
  @Test
  void waitingUpdatesCommitAsOneGroupEachOnTheZoneTheOnesBeforeLeave() throws Exception {
    CompletableFuture<ZoneWriter.Written> first = firstCommitting();
    CompletableFuture<ZoneWriter.Written> adds = start(update(List.of(), "b 300 A 192.0.2.2"));
    CompletableFuture<ZoneWriter.Written> requires = start(update(List.of(inUse("b")),
        "c 300 A 192.0.2.3"));
    CompletableFuture<ZoneWriter.Written> fails = start(update(List.of(inUse("nobody")),
        "d 300 A 192.0.2.4"));
    CompletableFuture<ZoneWriter.Written> another = start(update(List.of(), "e 300 A 192.0.2.5"));
    store.release.countDown();

    assertInstanceOf(ZoneWriter.Written.Committed.class, first.get(10, TimeUnit.SECONDS));
    assertInstanceOf(ZoneWriter.Written.Committed.class, adds.get(10, TimeUnit.SECONDS));
    assertInstanceOf(ZoneWriter.Written.Committed.class, requires.get(10, TimeUnit.SECONDS));
    assertEquals(Rcode.NXDOMAIN, fails.get(10, TimeUnit.SECONDS).verdict().rcode());
    assertInstanceOf(ZoneWriter.Written.Committed.class, another.get(10, TimeUnit.SECONDS));
    assertEquals(List.of(3), store.groups, "one group of the three that change the zone");

    ZoneReader zone = store.open(ZONE).orElseThrow();
    for (String name : List.of("a", "b", "c", "e")) {
      assertTrue(zone.node(name(name)).isPresent(), name);
    }
    assertTrue(zone.node(name("d")).isEmpty(), "the failed update changed nothing");
    List<JournalEntry> journal = store.journal(ZONE, 0, 10);
    assertEquals(List.of(1L, 2L, 3L, 4L), journal.stream().map(JournalEntry::version).toList());
    for (int i = 1; i < journal.size(); i++) {
      assertEquals(journal.get(i - 1).changes().toSerial(), journal.get(i).changes().fromSerial(),
          "each entry starts at the serial the one before ended at");
    }
    assertEquals(journal.get(3).changes().toSerial(), zone.head().serial());
  }

  /**
   * A group that loses the race to another process is read and evaluated again, whole; a group
   * with a request answered before (not its oldest, whose record the read carries) is answered as
   * that request's record says, and the others commit.
   */
  @Test
  void aGroupThatLostIsTriedAgainAndACopyAnsweredBeforeGetsItsFirstAnswer() throws Exception {
    ReplayRecord answered = answered(7, Rcode.NXRRSET);
    CompletableFuture<ZoneWriter.Written> first = firstCommitting();
    store.nextGroup = CommitResult.CONFLICT;
    CompletableFuture<ZoneWriter.Written> other = start(update(List.of(), "c 300 A 192.0.2.3"));
    CompletableFuture<ZoneWriter.Written> copy = start(update(List.of(), "b 300 A 192.0.2.2"),
        Optional.of(answered));
    assertTrue(store.recordAnswer(answered, ZoneWriterTest.CLOCK.instant()).isEmpty());
    store.release.countDown();

    assertFirstAnswerAndOtherCommitted(first, copy, Rcode.NXRRSET, other);
    assertEquals(List.of(2, 2), store.groups, "lost once, then replayed");
    ZoneReader zone = store.open(ZONE).orElseThrow();
    assertTrue(zone.node(name("b")).isEmpty(), "the copy changed nothing");
    assertTrue(zone.node(name("c")).isPresent());
    assertEquals(2, store.journal(ZONE, 0, 10).size(), "a, then c alone");
  }

  /**
   * The read of a group carries its oldest change's replay record: a copy of a request answered
   * before gets that answer without a commit, and the others commit on the same read.
   */
  @Test
  void theOldestChangeAnsweredBeforeIsAnsweredFromTheReadAndTheOthersCommit() throws Exception {
    ReplayRecord answered = answered(8, Rcode.REFUSED);
    CompletableFuture<ZoneWriter.Written> first = firstCommitting();
    CompletableFuture<ZoneWriter.Written> copy = start(update(List.of(), "b 300 A 192.0.2.2"),
        Optional.of(answered));
    CompletableFuture<ZoneWriter.Written> other = start(update(List.of(), "c 300 A 192.0.2.3"));
    assertTrue(store.recordAnswer(answered, ZoneWriterTest.CLOCK.instant()).isEmpty());
    store.release.countDown();

    assertFirstAnswerAndOtherCommitted(first, copy, Rcode.REFUSED, other);
    assertEquals(List.of(), store.groups, "the other change committed alone, at once");
    assertTrue(store.open(ZONE).orElseThrow().node(name("b")).isEmpty(), "the copy changed nothing");
    assertEquals(2, store.journal(ZONE, 0, 10).size(), "a, then c");
  }

  /**
   * A group the store cannot take in one commit is committed one change at a time, in the order
   * evaluated, a prerequisite on an earlier change's name included; when one of those commits
   * loses, the changes after it are read and evaluated again.
   */
  @ParameterizedTest(name = "commit {0} loses")
  @ValueSource(ints = {-1, 2})
  void aGroupTooLargeForOneCommitIsCommittedOneChangeAtATime(int conflictAt) throws Exception {
    CompletableFuture<ZoneWriter.Written> first = firstCommitting();
    store.nextGroup = CommitResult.TOO_LARGE;
    store.conflictAt = conflictAt;
    List<CompletableFuture<ZoneWriter.Written>> group = List.of(
        start(update(List.of(), "b 300 A 192.0.2.2")),
        start(update(List.of(inUse("b")), "c 300 A 192.0.2.3")),
        start(update(List.of(), "d 300 A 192.0.2.4")));
    store.release.countDown();

    assertInstanceOf(ZoneWriter.Written.Committed.class, first.get(10, TimeUnit.SECONDS));
    for (CompletableFuture<ZoneWriter.Written> change : group) {
      assertInstanceOf(ZoneWriter.Written.Committed.class, change.get(10, TimeUnit.SECONDS));
    }
    assertEquals(conflictAt < 0 ? List.of(3) : List.of(3, 2), store.groups);
    List<JournalEntry> journal = store.journal(ZONE, 0, 10);
    assertEquals(List.of(1L, 2L, 3L, 4L), journal.stream().map(JournalEntry::version).toList());
    for (int i = 1; i < journal.size(); i++) {
      assertEquals(journal.get(i - 1).changes().toSerial(), journal.get(i).changes().fromSerial());
    }
  }

  /** A waiting change that is interrupted still waits for its result, and keeps the interrupt. */
  @Test
  void anInterruptedWaitingChangeGetsItsResultAndKeepsTheInterrupt() throws Exception {
    CompletableFuture<ZoneWriter.Written> first = firstCommitting();
    UpdateRequest request = update(List.of(), "b 300 A 192.0.2.2");
    CompletableFuture<Boolean> keptInterrupt = new CompletableFuture<>();
    CompletableFuture<ZoneWriter.Written> second = new CompletableFuture<>();
    Thread waiting = new Thread(() -> {
      second.complete(writer.write(ZONE, request.touchedNames(), Optional.empty(),
          zone -> new UpdateProcessor(ZoneWriterTest.CLOCK).evaluateOwn(request, zone)));
      keptInterrupt.complete(Thread.currentThread().isInterrupted());
    });
    waiting.start();
    while (waiting.getState() != Thread.State.TIMED_WAITING) {
      Thread.onSpinWait();
    }
    waiting.interrupt();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuBefore = threads.getThreadCpuTime(waiting.getId());
    Thread.sleep(300);
    long cpuMillis = (threads.getThreadCpuTime(waiting.getId()) - cpuBefore) / 1_000_000;
    assertTrue(waiting.isAlive() && !second.isDone(), "still waiting for its turn");
    assertTrue(cpuMillis < 100, "it sleeps while it waits, not spins: " + cpuMillis + " ms of CPU"
        + " in 300 ms");
    store.release.countDown();
    assertInstanceOf(ZoneWriter.Written.Committed.class, first.get(10, TimeUnit.SECONDS));
    assertInstanceOf(ZoneWriter.Written.Committed.class, second.get(10, TimeUnit.SECONDS));
    assertTrue(keptInterrupt.get(10, TimeUnit.SECONDS), "the interrupt is kept");
  }

  /** Starts the first change, adding a, and returns once its commit has begun (and waits). */
  private CompletableFuture<ZoneWriter.Written> firstCommitting() throws Exception {
    CompletableFuture<ZoneWriter.Written> first = start(update(List.of(), "a 300 A 192.0.2.1"));
    assertTrue(store.committing.await(10, TimeUnit.SECONDS), "the first commit began");
    return first;
  }

  /** The replay record of a request (MAC {@code mac}, twice) that was answered {@code rcode}. */
  private static ReplayRecord answered(int mac, int rcode) {
    return new ReplayRecord(TestZone.KEY.name(), new byte[] {(byte) mac, (byte) mac}, rcode,
        ZoneWriterTest.CLOCK.instant().plusSeconds(300));
  }

  /** The first change committed, the copy got its first answer {@code rcode}, the other committed. */
  private static void assertFirstAnswerAndOtherCommitted(
      CompletableFuture<ZoneWriter.Written> first, CompletableFuture<ZoneWriter.Written> copy,
      int rcode, CompletableFuture<ZoneWriter.Written> other) throws Exception {
    assertInstanceOf(ZoneWriter.Written.Committed.class, first.get(10, TimeUnit.SECONDS));
    ZoneWriter.Written copied = copy.get(10, TimeUnit.SECONDS);
    assertInstanceOf(ZoneWriter.Written.Answered.class, copied);
    assertEquals(rcode, copied.verdict().rcode(), "the first answer");
    assertInstanceOf(ZoneWriter.Written.Committed.class, other.get(10, TimeUnit.SECONDS));
  }

  private CompletableFuture<ZoneWriter.Written> start(UpdateRequest request) throws Exception {
    return start(request, Optional.empty());
  }

  /** Starts a writer and returns once it waits for its turn, so that the order is the test's. */
  private CompletableFuture<ZoneWriter.Written> start(UpdateRequest request,
      Optional<ReplayRecord> replay) throws Exception {
    CompletableFuture<ZoneWriter.Written> result = new CompletableFuture<>();
    AtomicReference<Thread> thread = new AtomicReference<>();
    thread.set(new Thread(() -> {
      try {
        result.complete(writer.write(ZONE, request.touchedNames(), replay,
            zone -> new UpdateProcessor(ZoneWriterTest.CLOCK).evaluateOwn(request, zone)));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    }));
    thread.get().start();
    threads.add(thread.get());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (threads.size() > 1 && thread.get().getState() != Thread.State.TIMED_WAITING) {
      assertTrue(System.nanoTime() < deadline, "writer did not wait for its turn");
      Thread.onSpinWait();
    }
    return result;
  }

  static UpdateRequest update(List<Record> prerequisites, String addition) {
    return new UpdateRequest(ZONE, prerequisites, List.of(rr(addition)),
        new Requester.Server("test"), "test");
  }

  /** RFC 2136 §2.4.4: the name owns at least one RR. */
  static Record inUse(String relative) {
    return Record.newRecord(name(relative), Type.ANY, DClass.ANY, 0);
  }

  static Name name(String relative) {
    return Name.fromConstantString(relative + "." + ZONE);
  }
}
