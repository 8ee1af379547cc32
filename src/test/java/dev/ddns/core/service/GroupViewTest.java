package dev.ddns.core.service;

import static dev.ddns.testing.TestZone.rr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.core.model.ChangeSet;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneCommit;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.testing.TestZone;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** The zone a group's updates leave: the store's nodes with the earlier updates laid over. */
class GroupViewTest {
  static final Name ZONE = TestZone.ZONE;
  static final List<String> ZONE_LINES = List.of(
      "@ 3600 SOA ns h 1 7200 900 604800 300",
      "@ 3600 NS ns",
      "ns 3600 A 192.0.2.53",
      "a.sub 300 A 192.0.2.1",
      "b.sub 300 A 192.0.2.2",
      "c.sub 300 A 192.0.2.3");

  /** Every read of the view, against the names it should give, after the same earlier update. */
  static Stream<Arguments> reads() {
    return Stream.of(
        Arguments.of("nodesBelow skips an emptied name and takes an added one in order",
            (Read) v -> names(v.nodesBelow(name("sub"), 10)),
            List.of("aa.sub", "b.sub", "c.sub")),
        Arguments.of("nodesBelow with a limit still fills it past an emptied name",
            (Read) v -> names(v.nodesBelow(name("sub"), 2)), List.of("aa.sub", "b.sub")),
        Arguments.of("nodesFrom starts at a name and merges in canonical order",
            (Read) v -> names(v.nodesFrom(name("new"), 3)), List.of("new", "ns", "aa.sub")),
        Arguments.of("nodes lists the zone the update left, in canonical order",
            (Read) v -> names(v.nodes().toList()),
            List.of("", "new", "ns", "aa.sub", "b.sub", "c.sub")),
        Arguments.of("node of an emptied name is absent, an added one present",
            (Read) v -> Stream.of("a.sub", "aa.sub", "b.sub")
                .filter(n -> v.node(name(n)).isPresent()).toList(),
            List.of("aa.sub", "b.sub")),
        Arguments.of("hasDescendants sees through an emptied subtree",
            (Read) v -> v.hasDescendants(name("a.sub")) ? List.of("a.sub") : List.of(),
            List.of()));
  }

  @FunctionalInterface
  interface Read {
    List<String> of(ZoneReader view);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reads")
  void aViewReadsTheZoneTheEarlierUpdatesLeave(String description, Read read,
      List<String> expected) {
    InMemoryZoneStore store = TestZone.store(ZONE_LINES, SerialPolicy.INCREMENT);
    GroupView view = new GroupView(store.readForUpdate(ZONE, Set.of()).orElseThrow());
    long stored = view.head().version();
    view.apply(earlierUpdate(view.head()));
    assertEquals(expected, read.of(view), description);
    assertEquals(stored + 1, view.head().version(), "the earlier update's head");
    assertTrue(store.open(ZONE).orElseThrow().node(name("a.sub")).isPresent(), "store unchanged");
  }

  /** Empties a.sub, adds aa.sub and new. */
  static ZoneCommit earlierUpdate(ZoneHead read) {
    Record aa = rr("aa.sub 300 A 192.0.2.9");
    Record added = rr("new 300 A 192.0.2.10");
    ZoneHead head = new ZoneHead(ZONE, read.version() + 1, read.serial() + 1, read.settings(),
        read.records());
    return new ZoneCommit(head, read.version(), List.of(Node.empty(name("a.sub")),
        Node.of(aa.getName(), List.of(aa)), Node.of(added.getName(), List.of(added))),
        new ChangeSet(read.serial(), read.serial() + 1, List.of(), List.of(aa, added)), "k.",
        "c", ZoneWriterTest.CLOCK.instant());
  }

  static List<String> names(List<Node> nodes) {
    return nodes.stream().map(n -> n.name().equals(ZONE) ? ""
        : n.name().relativize(ZONE).toString()).toList();
  }

  static Name name(String relative) {
    return Name.fromConstantString(relative + "." + ZONE);
  }
}
