package dev.ddns.core.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.RequestContext;
import dev.ddns.testing.TestZone;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Authoritative answers (RFC 1034 §4.3.2, RFC 2308, RFC 4592, RFC 6672) as a table of query and answer. */
class QueryResponderTest {
  static final List<String> ZONE = new ArrayList<>(TestZone.DEFAULT);

  static {
    ZONE.addAll(List.of(
        "deep.ent.example.test. 300 A 192.0.2.30",
        "*.wild.example.test. 300 TXT \"wildcard\"",
        "sub.example.test. 3600 NS ns.sub.example.test.",
        "ns.sub.example.test. 3600 A 192.0.2.53",
        "chain.example.test. 300 CNAME alias.example.test.",
        "out.example.test. 300 CNAME www.elsewhere.test.",
        "into-cut.example.test. 300 CNAME host.sub.example.test.",
        "moved.example.test. 600 DNAME wild.example.test.",
        "occluded.moved.example.test. 300 A 192.0.2.99",
        "away.example.test. 600 DNAME elsewhere.test.",
        "long.example.test. 600 DNAME " + "a".repeat(63) + "." + "b".repeat(63) + "."
            + "c".repeat(63) + "." + "d".repeat(50) + "."));
  }

  final DnsService service =
      new DnsService(TestZone.store(ZONE, SerialPolicy.INCREMENT), TestZone.keys(),
          Clock.systemUTC());

  record Case(String rule, String qname, int qtype, int rcode, boolean aa, List<String> answer,
      List<String> authority) {
    @Override
    public String toString() {
      return rule;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("RFC 1034 §4.3.2: apex SOA in the answer, AA set", "example.test.", Type.SOA,
            Rcode.NOERROR, true,
            List.of("example.test. SOA ns1.example.test. hostmaster.example.test. 1 3600 900 604800 300"),
            List.of()),
        new Case("RFC 1034 §4.3.2: an RRset", "www.example.test.", Type.A, Rcode.NOERROR, true,
            List.of("www.example.test. A 192.0.2.10", "www.example.test. A 192.0.2.11"), List.of()),
        new Case("RFC 1035 §3.3.14: TXT data", "txt.example.test.", Type.TXT, Rcode.NOERROR, true,
            List.of("txt.example.test. TXT \"hello world\""), List.of()),
        new Case("RFC 2308 §2.1: NXDOMAIN with the SOA in authority", "nope.example.test.",
            Type.A, Rcode.NXDOMAIN, true, List.of(), List.of("example.test. SOA")),
        new Case("RFC 2308 §2.2: NODATA with the SOA in authority", "www.example.test.",
            Type.AAAA, Rcode.NOERROR, true, List.of(), List.of("example.test. SOA")),
        new Case("RFC 8020: an empty non-terminal is NODATA, not NXDOMAIN", "ent.example.test.",
            Type.A, Rcode.NOERROR, true, List.of(), List.of("example.test. SOA")),
        new Case("RFC 1034 §3.6.2: CNAME in the answer, followed inside the zone",
            "alias.example.test.", Type.A, Rcode.NOERROR, true,
            List.of("alias.example.test. CNAME www.example.test.", "www.example.test. A 192.0.2.10",
                "www.example.test. A 192.0.2.11"), List.of()),
        new Case("RFC 1034 §3.6.2: a CNAME chain", "chain.example.test.", Type.A, Rcode.NOERROR,
            true, List.of("chain.example.test. CNAME alias.example.test.",
                "alias.example.test. CNAME www.example.test.", "www.example.test. A 192.0.2.10",
                "www.example.test. A 192.0.2.11"), List.of()),
        new Case("RFC 1034 §3.6.2: a CNAME leaving the zone is not followed", "out.example.test.",
            Type.A, Rcode.NOERROR, true, List.of("out.example.test. CNAME www.elsewhere.test."),
            List.of()),
        new Case("RFC 1034 §3.6.2: asking for the CNAME itself", "alias.example.test.",
            Type.CNAME, Rcode.NOERROR, true, List.of("alias.example.test. CNAME www.example.test."),
            List.of()),
        new Case("RFC 4592 §3.3.3: a wildcard synthesises the answer", "x.wild.example.test.",
            Type.TXT, Rcode.NOERROR, true, List.of("x.wild.example.test. TXT wildcard"),
            List.of()),
        new Case("RFC 4592 §3.3.1: a wildcard does not cover existing names", "wild.example.test.",
            Type.TXT, Rcode.NOERROR, true, List.of(), List.of("example.test. SOA")),
        new Case("RFC 1034 §4.3.2 step 3b: below a zone cut is a referral, without AA",
            "host.sub.example.test.", Type.A, Rcode.NOERROR, false, List.of(),
            List.of("sub.example.test. NS ns.sub.example.test.")),
        new Case("RFC 1034 §4.3.2: a CNAME into a zone cut ends in its referral, AA kept",
            "into-cut.example.test.", Type.A, Rcode.NOERROR, true,
            List.of("into-cut.example.test. CNAME host.sub.example.test."),
            List.of("sub.example.test. NS ns.sub.example.test.")),
        new Case("RFC 6672 §3.1: below a DNAME, the DNAME and a synthesised CNAME, followed",
            "x.moved.example.test.", Type.TXT, Rcode.NOERROR, true,
            List.of("moved.example.test. DNAME wild.example.test.",
                "x.moved.example.test. CNAME x.wild.example.test.",
                "x.wild.example.test. TXT wildcard"), List.of()),
        new Case("RFC 6672 §2.4: data below a DNAME is occluded by the redirection",
            "occluded.moved.example.test.", Type.A, Rcode.NOERROR, true,
            List.of("moved.example.test. DNAME wild.example.test.",
                "occluded.moved.example.test. CNAME occluded.wild.example.test."),
            List.of("example.test. SOA")),
        new Case("RFC 6672 §2.3: the DNAME owner itself is not redirected", "moved.example.test.",
            Type.A, Rcode.NOERROR, true, List.of(), List.of("example.test. SOA")),
        new Case("RFC 6672 §2.3: asking for the DNAME at its owner", "moved.example.test.",
            Type.DNAME, Rcode.NOERROR, true, List.of("moved.example.test. DNAME wild.example.test."),
            List.of()),
        new Case("RFC 6672 §3.1: a substitution leaving the zone is not followed",
            "www.away.example.test.", Type.A, Rcode.NOERROR, true,
            List.of("away.example.test. DNAME elsewhere.test.",
                "www.away.example.test. CNAME www.elsewhere.test."), List.of()),
        new Case("RFC 6672 §2.2: a substitution too long for a name is YXDOMAIN",
            "x".repeat(40) + ".long.example.test.", Type.A, Rcode.YXDOMAIN, true,
            List.of("long.example.test. DNAME " + "a".repeat(63) + "." + "b".repeat(63) + "."
                + "c".repeat(63) + "." + "d".repeat(50) + "."), List.of()),
        new Case("RFC 1034 §4.3.2: a name outside every zone is REFUSED", "www.elsewhere.test.",
            Type.A, Rcode.REFUSED, false, List.of(), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answers(Case c) throws Exception {
    Message response = query(c.qname(), c.qtype(), DClass.IN);
    assertEquals(Rcode.string(c.rcode()), Rcode.string(response.getRcode()));
    assertEquals(c.aa(), response.getHeader().getFlag(Flags.AA), "AA");
    assertEquals(c.answer(), render(response, Section.ANSWER, false));
    assertEquals(c.authority(), render(response, Section.AUTHORITY, true));
  }

  @Test
  void negativeAnswersUseTheSoaMinimumAsTtl() throws Exception {
    Message response = query("nope.example.test.", Type.A, DClass.IN);
    assertEquals(300, response.getSection(Section.AUTHORITY).get(0).getTTL());
  }

  @Test
  void otherClassesAreRefused() throws Exception {
    assertEquals(Rcode.REFUSED, query("example.test.", Type.SOA, DClass.CH).getRcode());
  }

  @Test
  void unsignedTransfersAreRefused() throws Exception {
    Message q = Message.newQuery(Record.newRecord(TestZone.ZONE, Type.AXFR, DClass.IN));
    var response = service.handle(q.toWire(), RequestContext.tcp("test"));
    assertEquals(Rcode.REFUSED, new Message(response.single()).getRcode());
  }

  @Test
  void transfersSpanMessagesAndAreSignedAsOneStream() throws Exception {
    List<String> lines = new ArrayList<>(TestZone.DEFAULT);
    for (int i = 0; i < 3000; i++) {
      lines.add("h" + i + ".example.test. 300 A 198.51." + (i / 250) + "." + (i % 250));
    }
    DnsService big = new DnsService(TestZone.store(lines, SerialPolicy.INCREMENT), TestZone.keys(),
        Clock.systemUTC());
    Message q = Message.newQuery(Record.newRecord(TestZone.ZONE, Type.AXFR, DClass.IN));
    q.setTSIG(TestZone.KEY.signer(Clock.systemUTC()));
    byte[] wire = q.toWire(65535);
    Message request = new Message(wire);
    List<byte[]> messages = big.handle(wire, RequestContext.tcp("test")).messages();
    assertTrue(messages.size() > 1, "several messages: " + messages.size());
    var verifier = new org.xbill.DNS.TSIG.StreamVerifier(
        TestZone.KEY.signer(Clock.systemUTC()), request.getTSIG());
    int records = 0;
    for (byte[] m : messages) {
      Message parsed = new Message(m);
      assertEquals(Rcode.NOERROR, verifier.verify(parsed, m), "stream MAC");
      records += parsed.getSection(Section.ANSWER).size();
    }
    assertEquals(lines.size() + 1, records, "SOA twice plus every other record once");
  }

  Message query(String name, int type, int dclass) throws Exception {
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, dclass));
    return new Message(service.handle(q.toWire(), RequestContext.udp("test")).single());
  }

  static List<String> render(Message m, int section, boolean typeOnlyForSoa) {
    return m.getSection(section).stream()
        .map(r -> typeOnlyForSoa && r.getType() == Type.SOA
            ? r.getName() + " SOA"
            : r.getName() + " " + Type.string(r.getType()) + " " + r.rdataToString())
        .collect(Collectors.toList());
  }
}
