package dev.ddns.core.update;

import static dev.ddns.testing.TestZone.rr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.model.Node;
import dev.ddns.core.policy.Requester;
import dev.ddns.core.model.RecordSet;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.port.CommitResult;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.testing.TestZone;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Every rule of RFC 2136 §3 as a row: prerequisites and updates against the default test zone,
 * the expected rcode, records that must be present or absent afterwards, and the serial. A
 * contract: each {@link ZoneStore} runs the whole table through a subclass.
 */
public abstract class UpdateRulesContract {

  /** A new, empty store; each row gets its own. */
  protected abstract ZoneStore newStore();

  record Case(String rule, List<Record> prereqs, List<Record> updates, int rcode,
      List<String> present, List<String> absent, long serial) {
    @Override
    public String toString() {
      return rule;
    }
  }

  static Stream<Case> rules() {
    return Stream.of(
        // §3.2 prerequisites
        fails("§3.2.1 prerequisite TTL must be 0", Rcode.FORMERR,
            List.of(ttl(any("www", Type.A), 300)), List.of()),
        fails("§3.2.1 prerequisite outside the zone is NOTZONE", Rcode.NOTZONE,
            List.of(Record.newRecord(name("www.other.test."), Type.A, DClass.ANY, 0)), List.of()),
        fails("§3.2.1 prerequisite of class ANY with rdata is FORMERR", Rcode.FORMERR,
            List.of(withClass(rr("www 0 A 192.0.2.10"), DClass.ANY)), List.of()),
        fails("§3.2.2 prerequisite of class NONE with rdata is FORMERR", Rcode.FORMERR,
            List.of(withClass(rr("www 0 A 192.0.2.10"), DClass.NONE)), List.of()),
        fails("§3.2 prerequisite of another class is FORMERR", Rcode.FORMERR,
            List.of(Record.newRecord(name("www"), Type.A, DClass.CH, 0)), List.of()),
        passes("§2.4.1 RRset exists (value independent)",
            List.of(any("www", Type.A)), List.of(rr("p1 300 A 192.0.2.50")), "p1 300 A 192.0.2.50"),
        fails("§2.4.1 RRset exists fails with NXRRSET", Rcode.NXRRSET,
            List.of(any("www", Type.AAAA)), List.of(rr("p1 300 A 192.0.2.50"))),
        passes("§2.4.2 RRset exists (value dependent), any order",
            List.of(rr("www 0 A 192.0.2.11"), rr("www 0 A 192.0.2.10")),
            List.of(rr("p2 300 A 192.0.2.50")), "p2 300 A 192.0.2.50"),
        fails("§2.4.2 value-dependent RRset with a missing RR is NXRRSET", Rcode.NXRRSET,
            List.of(rr("www 0 A 192.0.2.10")), List.of(rr("p2 300 A 192.0.2.50"))),
        fails("§2.4.2 value-dependent RRset with an extra RR is NXRRSET", Rcode.NXRRSET,
            List.of(rr("www 0 A 192.0.2.10"), rr("www 0 A 192.0.2.11"),
                rr("www 0 A 192.0.2.12")), List.of()),
        fails("§2.4.2 value-dependent RRset that does not exist is NXRRSET", Rcode.NXRRSET,
            List.of(rr("nothing 0 A 192.0.2.10")), List.of()),
        passes("§2.4.2 value-dependent compares names in rdata case-insensitively",
            List.of(rr("alias 0 CNAME WWW.Example.TEST.")), List.of(rr("p3 300 A 192.0.2.3")),
            "p3 300 A 192.0.2.3"),
        passes("§2.4.3 RRset does not exist",
            List.of(none("www", Type.AAAA)), List.of(rr("p4 300 A 192.0.2.4")),
            "p4 300 A 192.0.2.4"),
        fails("§2.4.3 RRset does not exist fails with YXRRSET", Rcode.YXRRSET,
            List.of(none("www", Type.A)), List.of()),
        passes("§2.4.4 name is in use", List.of(any("txt", Type.ANY)),
            List.of(rr("p5 300 A 192.0.2.5")), "p5 300 A 192.0.2.5"),
        fails("§2.4.4 name is in use fails with NXDOMAIN", Rcode.NXDOMAIN,
            List.of(any("nothing", Type.ANY)), List.of()),
        fails("§2.4.4 an empty non-terminal is not in use", Rcode.NXDOMAIN,
            List.of(any("example.test.", Type.ANY), any("test.example.test.", Type.ANY)),
            List.of()),
        passes("§2.4.5 name is not in use", List.of(none("fresh", Type.ANY)),
            List.of(rr("fresh 300 A 192.0.2.6")), "fresh 300 A 192.0.2.6"),
        fails("§2.4.5 name is not in use fails with YXDOMAIN", Rcode.YXDOMAIN,
            List.of(none("www", Type.ANY)), List.of()),
        fails("§2.5 wildcards in prerequisites match literally", Rcode.NXDOMAIN,
            List.of(any("*.example.test.", Type.ANY)), List.of()),
        fails("§3.2 first failing prerequisite decides", Rcode.YXDOMAIN,
            List.of(none("www", Type.ANY), any("nothing", Type.ANY)), List.of()),
        fails("§3.4.1 the prescan runs before the prerequisites (as BIND 9.18.11+)",
            Rcode.FORMERR, List.of(any("nothing", Type.ANY)), List.of(ttl(any("www", Type.A), 5))),
        fails("§2.4.2 a value-dependent RR listed twice does not match", Rcode.NXRRSET,
            List.of(rr("www 0 A 192.0.2.10"), rr("www 0 A 192.0.2.10")), List.of()),
        fails("§2.4.2 value-dependent prerequisite TTL must be 0", Rcode.FORMERR,
            List.of(rr("www 300 A 192.0.2.10"), rr("www 300 A 192.0.2.11")), List.of()),
        fails("§3.2.3 value-dependent mismatch loses to a later inline failure", Rcode.NXDOMAIN,
            List.of(rr("www 0 A 192.0.2.99"), any("nothing", Type.ANY)), List.of()),
        fails("RFC 1912 §2.8: removing the address of an in-zone NS target is refused",
            Rcode.REFUSED, List.of(), List.of(any("ns2", Type.A))),
        fails("RFC 1912 §2.8: an in-zone NS target without address is refused", Rcode.REFUSED,
            List.of(), List.of(rr("@ 3600 NS ns3.example.test."))),
        passes("RFC 1912 §2.8: an NS target given its address in the same update passes",
            List.of(), List.of(rr("@ 3600 NS ns3.example.test."), rr("ns3 3600 AAAA 2001:db8::3")),
            "@ 3600 NS ns3.example.test."),
        passes("RFC 1912 §2.8: out-of-zone NS targets are not checked", List.of(),
            List.of(rr("@ 3600 NS ns.elsewhere.test.")), "@ 3600 NS ns.elsewhere.test."),
        passes("RFC 6672 §2.4: a DNAME replaces the DNAME", List.of(),
            List.of(rr("d 300 DNAME a.test."), rr("d 300 DNAME b.test.")),
            new String[] {"d 300 DNAME b.test."}, "d 300 DNAME a.test."),
        passes("RFC 6672 §2.4: an addition below a DNAME is stored, as BIND does (answers "
            + "redirect past it)", List.of(),
            List.of(rr("d 300 DNAME a.test."), rr("x.d 300 A 192.0.2.7")),
            "d 300 DNAME a.test.", "x.d 300 A 192.0.2.7"),
        fails("RFC 1912 §2.8: an in-zone NS target below a DNAME has no address", Rcode.REFUSED,
            List.of(), List.of(rr("@ 3600 NS ns.d.example.test."), rr("d 300 DNAME a.test."),
                rr("ns.d 3600 A 192.0.2.53"))),
        passes("RFC 1912 §2.8: an in-zone NS target below a zone cut is glue", List.of(),
            List.of(rr("@ 3600 NS ns.sub.example.test."), rr("sub 3600 NS ns.elsewhere.test.")),
            "@ 3600 NS ns.sub.example.test."),
        passes("RFC 1912 §2.8: an in-zone NS target synthesised by a wildcard with an address",
            List.of(), List.of(rr("@ 3600 NS ns.w.example.test."), rr("*.w 3600 A 192.0.2.54")),
            "@ 3600 NS ns.w.example.test."),
        noop("RFC 4592 §4.2: NS at a wildcard owner is ignored",
            List.of(rr("*.w 300 NS ns1.example.test."))),
        noop("RFC 4034 §5: DS at the apex is ignored",
            List.of(rr("@ 300 DS 12345 8 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"))),
        noop("RFC 973: MD and MF are obsolete and ignored", List.of(rr("m 300 MD ns1.example.test."))),
        // §3.4.1 prescan
        fails("§3.4.1.3 update outside the zone is NOTZONE", Rcode.NOTZONE, List.of(),
            List.of(rr("p 300 A 192.0.2.1"), rr("x.other.test. 300 A 192.0.2.1"))),
        fails("§3.4.1.2 adding a meta-type is FORMERR", Rcode.FORMERR, List.of(),
            List.of(Record.newRecord(name("p"), Type.ANY, DClass.IN, 300))),
        fails("§3.4.1.2 class ANY delete with TTL is FORMERR", Rcode.FORMERR, List.of(),
            List.of(ttl(any("www", Type.A), 300))),
        fails("§3.4.1.2 class ANY delete with rdata is FORMERR", Rcode.FORMERR, List.of(),
            List.of(withClass(rr("www 0 A 192.0.2.10"), DClass.ANY))),
        fails("§3.4.1.2 class ANY delete of AXFR is FORMERR", Rcode.FORMERR, List.of(),
            List.of(any("www", Type.AXFR))),
        fails("§3.4.1.2 class NONE delete with TTL is FORMERR", Rcode.FORMERR, List.of(),
            List.of(withClass(rr("www 300 A 192.0.2.10"), DClass.NONE))),
        fails("§3.4.1.2 class NONE delete of type ANY is FORMERR", Rcode.FORMERR, List.of(),
            List.of(none("www", Type.ANY))),
        fails("§3.4.1.2 update of another class is FORMERR", Rcode.FORMERR, List.of(),
            List.of(Record.newRecord(name("www"), Type.A, DClass.CH, 0))),
        failsAtomically("§3.4.1 a bad RR late in the message changes nothing", Rcode.FORMERR,
            List.of(rr("early 300 A 192.0.2.1"), ttl(any("www", Type.A), 300)), "early 300 A 192.0.2.1"),
        // §3.4.2 operations
        passes("§3.4.2.2 add a new RRset", List.of(), List.of(rr("n 60 TXT \"x\"")),
            "n 60 TXT \"x\""),
        passes("§3.4.2.2 add to an existing RRset", List.of(), List.of(rr("www 300 A 192.0.2.12")),
            "www 300 A 192.0.2.12", "www 300 A 192.0.2.10"),
        noop("§3.4.2.2 a duplicate RR is not added twice", List.of(rr("www 300 A 192.0.2.10"))),
        // RFC 4343: names compare case-insensitively; a name keeps its first spelling
        // (docs/bind-differences.md, "Owner-name case")
        new Case("RFC 4343 §3: a duplicate spelt in another case is a duplicate, no change",
            List.of(), List.of(rr("WwW.eXaMpLe.TeSt. 300 A 192.0.2.10")), Rcode.NOERROR,
            List.of("www 300 A 192.0.2.10", "www 300 A 192.0.2.11"), List.of(), 1),
        passes("RFC 4343 §4: an RR added to an RRset in another case takes the RRset's spelling",
            List.of(), List.of(rr("WWW 300 A 192.0.2.12")),
            "www 300 A 192.0.2.12", "www 300 A 192.0.2.10"),
        passes("RFC 4343 §4: a new RRset at an existing name takes the name's spelling", List.of(),
            List.of(rr("WWW.Example.TEST. 300 TXT \"t\"")), "www 300 TXT \"t\"",
            "www 300 A 192.0.2.10"),
        passes("RFC 4343 §4: a new name keeps the spelling of its first record", List.of(),
            List.of(rr("NeW 300 A 192.0.2.5"), rr("new 300 TXT \"t\""), rr("NEW 300 A 192.0.2.6")),
            "NeW 300 A 192.0.2.5", "NeW 300 TXT \"t\"", "NeW 300 A 192.0.2.6"),
        passes("RFC 4343 §4: a CNAME replacing the CNAME keeps the name's spelling", List.of(),
            List.of(rr("ALIAS 300 CNAME txt.example.test.")), "alias 300 CNAME txt.example.test."),
        new Case("RFC 4343 §4: an SOA spelt in another case keeps the apex spelling", List.of(),
            List.of(rr("EXAMPLE.test. 3600 SOA ns1 hostmaster 100 1 2 3 4")), Rcode.NOERROR,
            List.of("@ 3600 SOA ns1 hostmaster 100 1 2 3 4"), List.of(), 100),
        passes("§3.4.2.2 a duplicate with another TTL sets the RRset TTL", List.of(),
            List.of(rr("www 60 A 192.0.2.10")), "www 60 A 192.0.2.10", "www 60 A 192.0.2.11"),
        noop("§3.4.2.2 a CNAME is not added beside other data",
            List.of(rr("www 300 CNAME elsewhere.example.test."))),
        noop("§3.4.2.2 other data is not added beside a CNAME",
            List.of(rr("alias 300 A 192.0.2.1"))),
        passes("§3.4.2.2 a CNAME replaces the CNAME", List.of(),
            List.of(rr("alias 300 CNAME txt.example.test.")), "alias 300 CNAME txt.example.test."),
        // docs/ROBUSTNESS.md, "Limits": no bound on the RRs of one update but the message's size
        passes("1,000 RRs in one update (10 names of 100) are applied", List.of(), bulk(1_000),
            "bulk0 60 A 10.0.0.0", "bulk9 60 A 10.0.9.99"),
        passes("2,001 names in one update (BIND and Knot apply it) are applied", List.of(),
            spread(2_001), "spread0 60 A 10.0.0.0", "spread2000 60 A 10.0.20.0"),
        failsAtomically("2,001 names and one RRset past its limit: REFUSED, nothing applied",
            Rcode.REFUSED, plus(spread(2_001), crowd(101)), "spread0 60 A 10.0.0.0"),
        noop("§3.4.2.2 an SOA with a lower serial is ignored",
            List.of(rr("@ 3600 SOA ns1 hostmaster 0 1 1 1 1"))),
        noop("§3.4.2.2 an SOA with an equal serial is ignored",
            List.of(rr("@ 3600 SOA ns1 hostmaster 1 1 1 1 1"))),
        noop("§3.4.2.2 an SOA away from the apex is ignored",
            List.of(rr("www 3600 SOA ns1 hostmaster 50 1 1 1 1"))),
        serial("§3.4.2.2 an SOA with a higher serial replaces the SOA and is not bumped again",
            List.of(rr("@ 3600 SOA ns1 hostmaster 100 1 2 3 4")), 100),
        serial("§3.4.2.2 SOA serials compare by RFC 1982: 2^31-1 ahead is greater",
            List.of(rr("@ 3600 SOA ns1 hostmaster 2147483648 1 2 3 4")), 2147483648L),
        noop("§3.4.2.2 SOA serials compare by RFC 1982: 2^31 ahead is undefined, ignored",
            List.of(rr("@ 3600 SOA ns1 hostmaster 2147483649 1 2 3 4"))),
        noop("§3.4.2.2 SOA serials compare by RFC 1982: 2^32-1 is behind 1",
            List.of(rr("@ 3600 SOA ns1 hostmaster 4294967295 1 2 3 4"))),
        passes("§3.4.2.3 delete an RRset", List.of(), List.of(any("www", Type.A)),
            new String[] {}, "www 300 A 192.0.2.10"),
        noop("§3.4.2.3 deleting an absent RRset is a no-op", List.of(any("www", Type.MX))),
        noop("§3.4.2.3 the apex SOA RRset is never deleted", List.of(any("@", Type.SOA))),
        noop("§3.4.2.3 the apex NS RRset is never deleted", List.of(any("@", Type.NS))),
        passes("§3.4.2.3 delete all RRsets of a name", List.of(), List.of(any("www", Type.ANY)),
            new String[] {}, "www 300 A 192.0.2.10", "www 300 A 192.0.2.11"),
        noop("§3.4.2.3 delete all at an unused name is a no-op", List.of(any("none", Type.ANY))),
        passes("§3.4.2.3 delete all at the apex keeps SOA and NS", List.of(),
            List.of(any("@", Type.ANY), rr("@ 300 TXT \"after\"")),
            new String[] {"@ 3600 NS ns1.example.test.", "@ 300 TXT \"after\""}),
        passes("§3.4.2.4 delete one RR", List.of(),
            List.of(withClass(ttl(rr("www 0 A 192.0.2.10"), 0), DClass.NONE)),
            new String[] {"www 300 A 192.0.2.11"}, "www 300 A 192.0.2.10"),
        noop("§3.4.2.4 deleting an absent RR is a no-op",
            List.of(withClass(rr("www 0 A 192.0.2.99"), DClass.NONE))),
        noop("§3.4.2.4 SOA deletions are ignored",
            List.of(withClass(rr("@ 0 SOA ns1 hostmaster 1 3600 900 604800 300"), DClass.NONE))),
        passes("§3.4.2.4 an apex NS may go while another remains", List.of(),
            List.of(withClass(rr("@ 0 NS ns1.example.test."), DClass.NONE)),
            new String[] {"@ 3600 NS ns2.example.test."}, "@ 3600 NS ns1.example.test."),
        passes("§3.4.2.4 the last apex NS is kept", List.of(),
            List.of(withClass(rr("@ 0 NS ns1.example.test."), DClass.NONE),
                withClass(rr("@ 0 NS ns2.example.test."), DClass.NONE)),
            new String[] {"@ 3600 NS ns2.example.test."}, "@ 3600 NS ns1.example.test."),
        passes("§3.4.2 updates apply in order: add then delete", List.of(),
            List.of(rr("tmp 300 A 192.0.2.7"), any("tmp", Type.A), rr("tmp 300 A 192.0.2.8")),
            new String[] {"tmp 300 A 192.0.2.8"}, "tmp 300 A 192.0.2.7"),
        noop("§3.7 add and delete of the same RR changes nothing and keeps the serial",
            List.of(rr("tmp 300 A 192.0.2.7"), any("tmp", Type.ANY))),
        passes("§3.4.2.2 a wildcard owner is just a name", List.of(),
            List.of(rr("*.wild 300 TXT \"w\"")), "*.wild 300 TXT \"w\""),
        fails("RFC 3007 §4.3: NSEC records are not updated by hand", Rcode.REFUSED, List.of(),
            List.of(rr("www 300 NSEC www.example.test. A"))),
        fails("RFC 3007 §4.3: deleting NSEC is refused too", Rcode.REFUSED, List.of(),
            List.of(any("www", Type.NSEC))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void rule(Case c) {
    ZoneStore store = newStore();
    TestZone.load(store, TestZone.DEFAULT, SerialPolicy.INCREMENT);
    UpdateRequest request = new UpdateRequest(TestZone.ZONE, c.prereqs(), c.updates(),
        new Requester.Key(Name.fromConstantString("k.")), "c");
    ZoneReader reader = store.readForUpdate(TestZone.ZONE, request.touchedNames()).orElseThrow();
    UpdateOutcome outcome = new UpdateProcessor(Clock.systemUTC()).evaluate(request, reader);
    assertEquals(Rcode.string(c.rcode()), Rcode.string(outcome.verdict().rcode()),
        outcome.verdict().reason());
    outcome.commit().ifPresent(commit ->
        assertEquals(CommitResult.COMMITTED, store.commit(commit)));
    ZoneReader after = store.open(TestZone.ZONE).orElseThrow();
    for (String line : c.present()) {
      Record wanted = rr(line);
      Optional<RecordSet> set = after.node(wanted.getName()).flatMap(n -> n.rrset(wanted.getType()));
      assertTrue(set.isPresent() && set.get().contains(wanted), "missing " + line);
      assertEquals(wanted.getTTL(), set.get().ttl(), "TTL of " + line);
      assertEquals(wanted.getName().toString(), set.get().name().toString(), "spelling of " + line);
      for (Record r : set.get().records()) {
        assertEquals(wanted.getName().toString(), r.getName().toString(), "spelling in " + line);
      }
    }
    for (String line : c.absent()) {
      Record unwanted = rr(line);
      assertFalse(after.node(unwanted.getName()).flatMap(n -> n.rrset(unwanted.getType()))
          .map(s -> s.contains(unwanted)).orElse(false), "still there: " + line);
    }
    Node apex = after.node(TestZone.ZONE).orElseThrow();
    SOARecord soa = (SOARecord) apex.rrset(Type.SOA).orElseThrow().records().get(0);
    assertEquals(c.serial(), soa.getSerial(), "serial");
    assertEquals(c.serial(), after.head().serial(), "head serial");
    assertEquals(OptionalLong.of(after.nodes().mapToLong(Node::recordCount).sum()),
        after.head().records(), "the head's record count matches the zone");
  }

  // Rows

  /** {@code count} A records, 100 to a name: bulk0..bulkN. */
  static List<Record> bulk(int count) {
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(rr("bulk" + i / 100 + " 60 A 10.0." + i / 100 + "." + i % 100));
    }
    return records;
  }

  /** {@code count} A records, one to a name: spread0..spreadN. */
  static List<Record> spread(int count) {
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(rr("spread" + i + " 60 A 10.0." + i / 100 + "." + i % 100));
    }
    return records;
  }

  /** {@code count} A records of one name, crowd. */
  static List<Record> crowd(int count) {
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(rr("crowd 60 A 10.1." + i / 100 + "." + i % 100));
    }
    return records;
  }

  private static List<Record> plus(List<Record> first, List<Record> second) {
    List<Record> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  static Case fails(String rule, int rcode, List<Record> prereqs, List<Record> updates) {
    return new Case(rule, prereqs, updates, rcode, List.of(), List.of(), 1);
  }

  static Case failsAtomically(String rule, int rcode, List<Record> updates, String absent) {
    return new Case(rule, List.of(), updates, rcode, List.of(), List.of(absent), 1);
  }

  static Case passes(String rule, List<Record> prereqs, List<Record> updates, String... present) {
    return new Case(rule, prereqs, updates, Rcode.NOERROR, List.of(present), List.of(), 2);
  }

  static Case passes(String rule, List<Record> prereqs, List<Record> updates, String[] present,
      String... absent) {
    return new Case(rule, prereqs, updates, Rcode.NOERROR, List.of(present), List.of(absent), 2);
  }

  static Case noop(String rule, List<Record> updates) {
    return new Case(rule, List.of(), updates, Rcode.NOERROR, List.of(), List.of(), 1);
  }

  static Case serial(String rule, List<Record> updates, long serial) {
    return new Case(rule, List.of(), updates, Rcode.NOERROR, List.of(), List.of(), serial);
  }

  // Records

  static Name name(String text) {
    try {
      return Name.fromString(text, TestZone.ZONE);
    } catch (org.xbill.DNS.TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static Record any(String owner, int type) {
    return Record.newRecord(name(owner), type, DClass.ANY, 0);
  }

  static Record none(String owner, int type) {
    return Record.newRecord(name(owner), type, DClass.NONE, 0);
  }

  static Record ttl(Record r, long ttl) {
    return RecordSet.withTtl(r, ttl);
  }

  static Record withClass(Record r, int dclass) {
    byte[] rdata = r.rdataToWireCanonical();
    return Record.newRecord(r.getName(), r.getType(), dclass, r.getTTL(), rdata);
  }
}
