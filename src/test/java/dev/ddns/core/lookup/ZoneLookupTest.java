package dev.ddns.core.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddns.core.model.Node;
import dev.ddns.core.port.ReadableZone;
import dev.ddns.testing.TestZone;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Where a lookup ends (RFC 1034 §4.3.2, RFC 4592, RFC 6672), as a table of name and outcome. */
class ZoneLookupTest {
  static final ReadableZone ZONE = zone(
      "example.test. 3600 SOA ns1.example.test. hostmaster.example.test. 1 3600 900 604800 300",
      "example.test. 3600 NS ns1.example.test.",
      "www.example.test. 300 A 192.0.2.10",
      "deep.ent.example.test. 300 A 192.0.2.30",
      "*.wild.example.test. 300 TXT \"wildcard\"",
      "sub.example.test. 3600 NS ns.sub.example.test.",
      "ns.sub.example.test. 3600 A 192.0.2.53",
      "moved.example.test. 600 DNAME elsewhere.test.",
      "x.moved.example.test. 300 A 192.0.2.7",
      "both.example.test. 3600 NS ns.elsewhere.test.",
      "both.example.test. 600 DNAME elsewhere.test.");

  record Case(String rule, String name, int qtype, String outcome) {
    @Override
    public String toString() {
      return rule;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("RFC 1034 §4.3.2 step 3a: the apex itself", "example.test.", Type.SOA,
            "Found example.test."),
        new Case("RFC 1034 §4.3.2 step 3a: a name with data", "www.example.test.", Type.A,
            "Found www.example.test."),
        new Case("RFC 8020: a name with only names below it", "ent.example.test.", Type.A,
            "EmptyNonTerminal"),
        new Case("RFC 1034 §4.3.2 step 3c: no such name, no wildcard", "nope.example.test.",
            Type.A, "NoSuchName"),
        new Case("RFC 4592 §3.3.1: the wildcard of the closest encloser", "a.wild.example.test.",
            Type.TXT, "Found *.wild.example.test."),
        new Case("RFC 4592 §3.3.1: a wildcard covers names more than one label below",
            "b.a.wild.example.test.", Type.TXT, "Found *.wild.example.test."),
        new Case("RFC 4592 §2.2.2: a wildcard does not cover its own parent", "wild.example.test.",
            Type.TXT, "EmptyNonTerminal"),
        new Case("RFC 4592 §3.3.1: an existing name below an ENT is not covered",
            "deep.ent.example.test.", Type.A, "Found deep.ent.example.test."),
        new Case("RFC 1034 §4.3.2 step 3b: at a zone cut", "sub.example.test.", Type.A,
            "Delegation sub.example.test."),
        new Case("RFC 1034 §4.3.2 step 3b: below a zone cut, glue included",
            "ns.sub.example.test.", Type.A, "Delegation sub.example.test."),
        new Case("RFC 4035 §3.1.4.1: DS at the cut belongs to the parent side",
            "sub.example.test.", Type.DS, "Found sub.example.test."),
        new Case("RFC 4035 §3.1.4.1: DS below the cut is still delegated",
            "ns.sub.example.test.", Type.DS, "Delegation sub.example.test."),
        new Case("RFC 6672 §3.2: below a DNAME, redirected; stored data occluded",
            "x.moved.example.test.", Type.A, "Redirection moved.example.test."),
        new Case("RFC 6672 §3.2: a name below a DNAME that owns nothing", "y.z.moved.example.test.",
            Type.A, "Redirection moved.example.test."),
        new Case("RFC 6672 §2.3: the DNAME owner itself is not redirected", "moved.example.test.",
            Type.A, "Found moved.example.test."),
        new Case("RFC 6672 §2.3: a zone cut wins over a DNAME at the same name",
            "a.both.example.test.", Type.A, "Delegation both.example.test."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void endsWhereTheRfcsSay(Case c) {
    Lookup lookup = ZoneLookup.find(ZONE, Name.fromConstantString(c.name()), c.qtype());
    assertEquals(c.outcome(), describe(lookup));
  }

  static String describe(Lookup lookup) {
    if (lookup instanceof Lookup.Delegation d) {
      return "Delegation " + d.cut().name();
    }
    if (lookup instanceof Lookup.Redirection r) {
      return "Redirection " + r.owner().name();
    }
    if (lookup instanceof Lookup.Found f) {
      return "Found " + f.node().name();
    }
    return lookup.getClass().getSimpleName();
  }

  static ReadableZone zone(String... lines) {
    Map<Name, List<Record>> byName = Stream.of(lines).map(TestZone::rr)
        .collect(Collectors.groupingBy(Record::getName, TreeMap::new, Collectors.toList()));
    return new ReadableZone() {
      @Override
      public Name apex() {
        return TestZone.ZONE;
      }

      @Override
      public Optional<Node> node(Name name) {
        return Optional.ofNullable(byName.get(name)).map(records -> Node.of(name, records));
      }

      @Override
      public boolean hasDescendants(Name name) {
        return byName.keySet().stream().anyMatch(n -> n.subdomain(name) && !n.equals(name));
      }
    };
  }
}
