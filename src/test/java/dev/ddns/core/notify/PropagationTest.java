package dev.ddns.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddns.core.model.ChangeSet;
import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.notify.Propagation.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Serial distance (RFC 1982) and lag from the journal, as {@code ddns status} shows them: each row
 * a journal given as the serial steps it made, one minute apart, the primary's and the
 * secondary's serial, and what comes out.
 */
class PropagationTest {
  static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
  static final Instant NOW = START.plus(Duration.ofHours(1));

  record Case(String rule, long[] steps, long primary, OptionalLong secondary, State state,
      long serials, Optional<Duration> lag) {
    @Override
    public String toString() {
      return rule;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        row("the same serial is current", steps(1, 2, 3), 3, 3, State.CURRENT, 0, null),
        row("one behind: lagging since the commit that left its serial", steps(1, 2, 3), 3, 2,
            State.BEHIND, 1, minutes(58)),
        row("two behind: since the first commit after its serial", steps(1, 2, 3), 3, 1,
            State.BEHIND, 2, minutes(59)),
        row("serials that jumped (unixtime) count serials, not updates",
            steps(1_764_547_200L, 1_764_550_800L, 1_764_554_400L), 1_764_554_400L,
            1_764_547_200L, State.BEHIND, 7200, minutes(59)),
        row("across the wrap: 2^32-1 is 2 behind 1", steps(4_294_967_295L, 1), 1,
            4_294_967_295L, State.BEHIND, 2, minutes(59)),
        row("a serial older than the journal: behind, lag unknown", steps(10, 11), 11, 5,
            State.BEHIND, 6, null),
        row("a serial used twice: the newest departure counts", steps(7, 8, 7, 9), 9, 7,
            State.BEHIND, 2, minutes(57)),
        row("a newer serial is ahead", steps(1, 2), 2, 5, State.AHEAD, 3, null),
        row("ahead across the wrap", steps(4_294_967_294L, 4_294_967_295L), 4_294_967_295L, 3,
            State.AHEAD, 4, null),
        row("exactly 2^31 apart is undefined (RFC 1982 §3.2)", steps(1, 2), 2, 2_147_483_650L,
            State.UNDEFINED, 0, null),
        new Case("no answer is unreachable", steps(1, 2), 2, OptionalLong.empty(),
            State.UNREACHABLE, 0, Optional.empty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void propagation(Case c) {
    Propagation p = Propagation.of(c.primary(), c.secondary(), journal(c.steps()), NOW);
    assertEquals(c.state(), p.state(), "state");
    assertEquals(c.serials(), p.serials(), "serials apart");
    assertEquals(c.lag(), p.lag(), "lag");
    assertEquals(c.state() == State.CURRENT, p.current());
  }

  static Case row(String rule, long[] steps, long primary, long secondary, State state,
      long serials, Duration lag) {
    return new Case(rule, steps, primary, OptionalLong.of(secondary), state, serials,
        Optional.ofNullable(lag));
  }

  static long[] steps(long... serials) {
    return serials;
  }

  static Duration minutes(long n) {
    return Duration.ofMinutes(n);
  }

  /** One entry per step, from steps[i] to steps[i+1], committed i+1 minutes after START. */
  static List<JournalEntry> journal(long[] steps) {
    List<JournalEntry> entries = new ArrayList<>();
    for (int i = 0; i + 1 < steps.length; i++) {
      entries.add(new JournalEntry(i + 1,
          new ChangeSet(steps[i], steps[i + 1], List.of(), List.of()), "k.", "c",
          START.plus(Duration.ofMinutes(i + 1))));
    }
    return entries;
  }
}
