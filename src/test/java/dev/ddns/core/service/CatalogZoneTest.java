package dev.ddns.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.update.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** The content rules of a catalog zone (RFC 9432, schema version 2), as tables. */
class CatalogZoneTest {
  private static final Name CATALOG = CatalogZone.DEFAULT_NAME;

  private static Name name(String text) {
    return Name.fromConstantString(text);
  }

  static Stream<Arguments> memberNodes() {
    return Stream.of(
        Arguments.of("0123456789abcdef.zones.catalog.invalid.", Optional.of(CATALOG)),
        Arguments.of("x.zones.catalog.example.net.", Optional.of(name("catalog.example.net."))),
        Arguments.of("zones.catalog.invalid.", Optional.empty()),
        Arguments.of("version.catalog.invalid.", Optional.empty()),
        Arguments.of("a.b.zones.catalog.invalid.", Optional.empty()),
        Arguments.of("a.other.catalog.invalid.", Optional.empty()),
        Arguments.of("a.zones.", Optional.empty()),
        Arguments.of("invalid.", Optional.empty()));
  }

  /** §4.1: a member node is one label under {@code zones.<catalog>}. */
  @ParameterizedTest
  @MethodSource("memberNodes")
  void theCatalogOfAMemberNode(String node, Optional<Name> catalog) {
    assertEquals(catalog, CatalogZone.catalogOf(name(node)));
  }

  @Test
  void aMemberNodeIsItsUniqueIdUnderZones() {
    assertEquals(name("m1.zones.catalog.invalid."), CatalogZone.memberNode(CATALOG, "m1"));
    for (String notOneLabel : List.of("a.b", "")) {
      org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> CatalogZone.memberNode(CATALOG, notOneLabel), notOneLabel);
    }
  }

  /** A zone made again gets another unique id, so consumers reset it (§5.4, §5.6). */
  @Test
  void newMemberNodesHaveRandomSixteenHexDigitIds() {
    Random random = new Random(7);
    Name first = CatalogZone.newMemberNode(CATALOG, random);
    Name second = CatalogZone.newMemberNode(CATALOG, random);
    assertNotEquals(first, second);
    for (Name node : List.of(first, second)) {
      assertTrue(node.getLabelString(0).matches("[0-9a-f]{16}"), node.toString());
      assertEquals(Optional.of(CATALOG), CatalogZone.catalogOf(node));
    }
  }

  static Stream<Arguments> members() {
    return Stream.of(
        Arguments.of("new.test.", Rcode.NOERROR),
        Arguments.of("invalid.", Rcode.NOERROR),
        Arguments.of("catalog.invalid.", Rcode.REFUSED),
        Arguments.of("x.zones.catalog.invalid.", Rcode.REFUSED),
        Arguments.of("sub.catalog.invalid.", Rcode.REFUSED));
  }

  /** The catalog cannot list itself, nor a zone inside it, where the member would be its data. */
  @ParameterizedTest
  @MethodSource("members")
  void whichZonesACatalogMayList(String member, int rcode) {
    Verdict verdict = CatalogZone.checkMember(CATALOG, name(member));
    assertEquals(rcode, verdict.rcode(), verdict.reason());
  }

  /** §4: the SOA and one NS {@code invalid.}, §4.2.1 {@code version TXT "2"}, and nothing else. */
  @Test
  void aNewCatalogHasItsSoaTheNsInvalidAndVersionTwo() {
    List<Record> records = new ArrayList<>();
    CatalogZone.initialNodes(CATALOG).forEach(n -> n.rrsets()
        .forEach(set -> records.addAll(set.records())));
    assertEquals(3, records.size(), records.toString());
    SOARecord soa = (SOARecord) records.stream().filter(r -> r.getType() == Type.SOA).findFirst()
        .orElseThrow();
    assertEquals(CATALOG, soa.getName());
    assertEquals(1, soa.getSerial());
    assertTrue(records.contains(new NSRecord(CATALOG, DClass.IN, 3600, name("invalid."))));
    assertTrue(records.contains(new TXTRecord(name("version.catalog.invalid."), DClass.IN, 0,
        "2")));
    ZoneHead head = CatalogZone.initialHead(CATALOG);
    assertEquals(1, head.serial());
    assertEquals(List.of("deny * zonesub ANY"), head.settings().updatePolicy());
  }

  static Stream<Arguments> versions() {
    return Stream.of(
        Arguments.of(List.of("\"2\""), Rcode.NOERROR),
        Arguments.of(List.of("\"1\"", "\"2\""), Rcode.NOERROR),
        Arguments.of(List.of("\"1\""), Rcode.REFUSED),
        Arguments.of(List.of("\"2\" \"x\""), Rcode.REFUSED),
        Arguments.of(List.of(), Rcode.REFUSED));
  }

  /** §4.2.1: a zone is a catalog of this schema when one record of {@code version} TXT is "2". */
  @ParameterizedTest
  @MethodSource("versions")
  void aCatalogHasVersionTwo(List<String> txt, int rcode) throws Exception {
    Verdict verdict = CatalogZone.checkCatalog(withVersion(txt));
    assertEquals(rcode, verdict.rcode(), verdict.reason());
  }

  /** RFC 9432 §7: a catalog's update policy never changes; any other zone's may. */
  @ParameterizedTest
  @MethodSource("versions")
  void onlyAZoneThatIsNoCatalogGetsAnotherPolicy(List<String> txt, int catalogRcode)
      throws Exception {
    Verdict verdict = CatalogZone.checkPolicyChange(withVersion(txt));
    assertEquals(catalogRcode == Rcode.NOERROR ? Rcode.REFUSED : Rcode.NOERROR, verdict.rcode(),
        verdict.reason());
  }

  /** The catalog's apex and {@code version} TXT with {@code txt}'s records (none: no node). */
  private static dev.ddns.core.port.ZoneReader withVersion(List<String> txt) throws Exception {
    InMemoryZoneStore store = new InMemoryZoneStore();
    List<Node> nodes = new ArrayList<>(List.of(CatalogZone.initialNodes(CATALOG).get(0)));
    Name version = name("version.catalog.invalid.");
    List<Record> records = new ArrayList<>();
    for (String strings : txt) {
      records.add(Record.fromString(version, Type.TXT, DClass.IN, 0, strings, Name.root));
    }
    if (!records.isEmpty()) {
      nodes.add(Node.of(version, records));
    }
    store.create(new ZoneHead(CATALOG, 0, 1, SerialPolicy.INCREMENT), nodes);
    return store.open(CATALOG).orElseThrow();
  }

  /** §4.1: the members are the PTRs of the member nodes; a PTR elsewhere lists nothing. */
  @Test
  void theMembersAreThePtrsOfTheMemberNodes() {
    InMemoryZoneStore store = new InMemoryZoneStore();
    List<Node> nodes = new ArrayList<>(CatalogZone.initialNodes(CATALOG));
    for (String[] ptr : new String[][] {{"m1.zones", "a.test."}, {"m2.zones", "b.test."},
        {"x.m3.zones", "deep.test."}, {"m4.other", "other.test."}, {"zones", "bare.test."}}) {
      Name owner = name(ptr[0] + "." + CATALOG);
      nodes.add(Node.of(owner, List.of(new PTRRecord(owner, DClass.IN, 0, name(ptr[1])))));
    }
    store.create(CatalogZone.initialHead(CATALOG), nodes);
    assertEquals(List.of(name("a.test."), name("b.test.")),
        CatalogZone.members(store.open(CATALOG).orElseThrow()));
  }

  @Test
  void aMemberIsOnePtrAndUnlistingDeletesTheWholeNode() {
    Name node = CatalogZone.memberNode(CATALOG, "m1");
    assertEquals(List.of(new PTRRecord(node, DClass.IN, 0, name("new.test."))),
        CatalogZone.listing(node, name("new.test.")));
    Record deletion = CatalogZone.unlisting(node).get(0);
    assertEquals(List.of(Type.ANY, DClass.ANY), List.of(deletion.getType(), deletion.getDClass()));
  }
}
