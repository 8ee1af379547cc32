package dev.ddns.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddns.core.model.ReplayRecord;
import dev.ddns.core.update.UpdateOutcome;
import dev.ddns.core.update.Verdict;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/** Which waiting changes form a group: the oldest, then the others that fit, in order. */
class GroupTest {
  static final Name ZONE = Name.fromConstantString("example.test.");
  static final Name OTHER = Name.fromConstantString("other.test.");

  /** A waiting change: its zone, how many names it touches, and the MAC it was signed with. */
  record Waiting(String label, Name zone, int names, Optional<Integer> mac) {
    ZoneWriter.Pending pending() {
      Set<Name> touched = new HashSet<>();
      IntStream.range(0, names).forEach(i ->
          touched.add(Name.fromConstantString("n" + i + "-" + label + "." + zone)));
      Optional<ReplayRecord> replay = mac.map(m -> new ReplayRecord(
          Name.fromConstantString("key."), new byte[] {m.byteValue()}, Rcode.NOERROR,
          Instant.EPOCH));
      return new ZoneWriter.Pending(zone, touched, replay,
          zone -> new UpdateOutcome(Verdict.OK, Optional.empty()));
    }
  }

  static Waiting change(String label, int names) {
    return new Waiting(label, ZONE, names, Optional.empty());
  }

  static Waiting signed(String label, int mac) {
    return new Waiting(label, ZONE, 1, Optional.of(mac));
  }

  static Stream<Arguments> queues() {
    return Stream.of(
        Arguments.of("every waiting change of the zone, in order",
            List.of(change("a", 1), change("b", 2), change("c", 1)), List.of("a", "b", "c")),
        Arguments.of("other zones' changes stay",
            List.of(change("a", 1), new Waiting("x", OTHER, 1, Optional.empty()),
                change("b", 1)), List.of("a", "b")),
        Arguments.of("up to the items of one transaction: names, journal entry, replay record",
            List.of(change("a", 48), change("b", 48), change("c", 1), change("d", 1)),
            List.of("a", "b")),
        Arguments.of("a change too big to share goes alone",
            List.of(change("a", 200), change("b", 1)), List.of("a")),
        Arguments.of("a smaller change behind one that does not fit still joins",
            List.of(change("a", 90), change("b", 10), change("c", 2)), List.of("a", "c")),
        Arguments.of("two copies of one signed request never share a group",
            List.of(signed("a", 1), signed("b", 2), signed("c", 1)), List.of("a", "b")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queues")
  void theGroupIsTheOldestAndWhatFitsBehindIt(String description, List<Waiting> waiting,
      List<String> expected) {
    Queue<ZoneWriter.Pending> queue = new ArrayDeque<>();
    List<ZoneWriter.Pending> pending = waiting.stream().map(Waiting::pending).toList();
    queue.addAll(pending);
    List<ZoneWriter.Pending> group = Group.take(queue, ZONE);
    List<String> labels = group.stream().map(p -> waiting.get(pending.indexOf(p)).label())
        .toList();
    assertEquals(expected, labels, description);
    assertEquals(waiting.size() - group.size(), queue.size(), "the rest wait");
  }
}
