package dev.ddns.core.service;

import static dev.ddns.testing.TestZone.rr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.model.ReplayRecord;
import dev.ddns.core.model.ZoneCommit;
import dev.ddns.core.policy.Requester;
import dev.ddns.core.port.CommitResult;
import dev.ddns.core.port.ConcurrentChange;
import dev.ddns.core.port.PinnedReader;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.update.UpdateOutcome;
import dev.ddns.core.update.UpdateProcessor;
import dev.ddns.core.update.UpdateRequest;
import dev.ddns.core.update.Verdict;
import dev.ddns.testing.ForwardingZoneStore;
import dev.ddns.testing.TestZone;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/** The one writer: how reads, evaluations and commits that fail or lose become results. */
class ZoneWriterTest {
  static final Clock CLOCK = DnsServiceTest.CLOCK;
  /** No waiting between attempts: the backoff's jitter always draws zero. */
  static final RandomGenerator NO_JITTER = () -> 0L;
  static final Name WWW = Name.fromConstantString("www.example.test.");
  static final Name OTHER_ZONE = Name.fromConstantString("other.test.");

  /** What the store or the evaluation does at one attempt, in order; then it behaves. */
  enum Step { READ_CHANGED, EVALUATION_CHANGED, COMMIT_CONFLICT, COMMIT_NO_ZONE }

  /** A real store whose next reads and commits are scripted. */
  static final class ScriptedStore extends ForwardingZoneStore {
    final Deque<Step> steps;
    int reads;
    int commits;

    ScriptedStore(List<Step> steps) {
      super(TestZone.store());
      this.steps = new ArrayDeque<>(steps);
    }

    @Override
    public Optional<PinnedReader> readForUpdate(Name zone, Set<Name> names) {
      reads++;
      if (steps.peek() == Step.READ_CHANGED) {
        steps.pop();
        throw new ConcurrentChange("scripted");
      }
      return delegate.readForUpdate(zone, names);
    }

    @Override
    public CommitResult commit(ZoneCommit commit) {
      commits++;
      Step step = steps.peek();
      if (step == Step.COMMIT_CONFLICT || step == Step.COMMIT_NO_ZONE) {
        steps.pop();
        return step == Step.COMMIT_CONFLICT ? CommitResult.CONFLICT : CommitResult.NO_ZONE;
      }
      return delegate.commit(commit);
    }

    /** An evaluation that fails first when the script says so. */
    UpdateOutcome evaluate(UpdateRequest request, ZoneReader zone) {
      if (steps.peek() == Step.EVALUATION_CHANGED) {
        steps.pop();
        throw new ConcurrentChange("scripted");
      }
      return new UpdateProcessor(CLOCK).evaluateOwn(request, zone);
    }
  }

  static UpdateRequest addition(Name zone) {
    return new UpdateRequest(zone, List.of(), List.of(rr("www 300 A 192.0.2.99")),
        new Requester.Server("test"), "test");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("committed at once", List.of(), ZoneWriter.Written.Committed.class,
            Rcode.NOERROR, 1, 1),
        Arguments.of("two lost commits, then committed",
            List.of(Step.COMMIT_CONFLICT, Step.COMMIT_CONFLICT),
            ZoneWriter.Written.Committed.class, Rcode.NOERROR, 3, 3),
        Arguments.of("a read met a commit in progress", List.of(Step.READ_CHANGED),
            ZoneWriter.Written.Committed.class, Rcode.NOERROR, 2, 1),
        Arguments.of("an evaluation found the read inconsistent",
            List.of(Step.EVALUATION_CHANGED), ZoneWriter.Written.Committed.class,
            Rcode.NOERROR, 2, 1),
        Arguments.of("the zone went away before the commit", List.of(Step.COMMIT_NO_ZONE),
            ZoneWriter.Written.NoZone.class, Rcode.NOTAUTH, 1, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachWayAnAttemptEndsBecomesItsResult(String description, List<Step> script,
      Class<?> expected, int rcode, int reads, int commits) {
    ScriptedStore store = new ScriptedStore(script);
    UpdateRequest request = addition(TestZone.ZONE);
    ZoneWriter.Written written = new ZoneWriter(store, CLOCK, NO_JITTER).write(TestZone.ZONE,
        request.touchedNames(), Optional.empty(), zone -> store.evaluate(request, zone));
    assertInstanceOf(expected, written, description);
    assertEquals(rcode, written.verdict().rcode(), written.verdict().reason());
    assertEquals(reads, store.reads, "reads");
    assertEquals(commits, store.commits, "commits");
    int journaled = written instanceof ZoneWriter.Written.Committed ? 1 : 0;
    assertEquals(journaled, store.journal(TestZone.ZONE, 0, 10).size(), "journal entries");
  }

  @Test
  void aWriterThatLosesEveryRaceIsBusyAfterTheAttemptBound() {
    ScriptedStore store = new ScriptedStore(
        Collections.nCopies(Backoff.MAX_ATTEMPTS + 1, Step.COMMIT_CONFLICT));
    UpdateRequest request = addition(TestZone.ZONE);
    ZoneWriter.Written written = new ZoneWriter(store, CLOCK, NO_JITTER).write(TestZone.ZONE,
        request.touchedNames(), Optional.empty(), zone -> store.evaluate(request, zone));
    assertInstanceOf(ZoneWriter.Written.Busy.class, written);
    assertEquals(Rcode.SERVFAIL, written.verdict().rcode());
    assertEquals(Backoff.MAX_ATTEMPTS, store.commits);
    assertTrue(store.journal(TestZone.ZONE, 0, 10).isEmpty());
  }

  @Test
  void aZoneNotServedIsNotAuthoritativeWithoutEvaluating() {
    ScriptedStore store = new ScriptedStore(List.of());
    ZoneWriter.Written written = new ZoneWriter(store, CLOCK, NO_JITTER).write(OTHER_ZONE,
        Set.of(), Optional.empty(), zone -> {
          throw new AssertionError("evaluated a zone that is not served");
        });
    assertInstanceOf(ZoneWriter.Written.NoZone.class, written);
    assertEquals(Rcode.NOTAUTH, written.verdict().rcode());
  }

  @Test
  void aFailedEvaluationOfASignedRequestIsRecordedAndItsCopyGetsThatAnswer() {
    ScriptedStore store = new ScriptedStore(List.of());
    ZoneWriter writer = new ZoneWriter(store, CLOCK, NO_JITTER);
    ReplayRecord replay = new ReplayRecord(TestZone.KEY.name(), new byte[] {1, 2, 3},
        Rcode.NOERROR, CLOCK.instant().plusSeconds(300));
    Verdict refusal = Verdict.fail(Rcode.NXRRSET, "scripted refusal");
    ZoneWriter.Written first = writer.write(TestZone.ZONE, Set.of(WWW), Optional.of(replay),
        zone -> new UpdateOutcome(refusal, Optional.empty()));
    assertEquals(Rcode.NXRRSET, first.verdict().rcode());
    ReplayRecord recorded = store.findReplay(replay.key(), replay.mac()).orElseThrow();
    assertEquals(Rcode.NXRRSET, recorded.rcode());
    assertArrayEquals(replay.mac(), recorded.mac());

    UpdateRequest request = addition(TestZone.ZONE);
    ZoneWriter.Written copy = writer.write(TestZone.ZONE, request.touchedNames(),
        Optional.of(replay), zone -> store.evaluate(request, zone));
    assertInstanceOf(ZoneWriter.Written.Answered.class, copy);
    assertEquals(Rcode.NXRRSET, copy.verdict().rcode(), "the copy gets the first answer");
    assertEquals(0, store.commits, "and changes nothing");
  }
}
