package dev.ddns.core.service;

import static dev.ddns.testing.TestZone.rr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.testing.SignedMessages;
import dev.ddns.testing.TestZone;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The update policy end to end: signed UPDATE messages through the {@link DnsService} against a
 * zone whose policy is in the store; the rcode, the Extended DNS Error text, and what the zone
 * holds afterwards. A contract: each store runs the table through a subclass.
 */
public abstract class UpdatePolicyContract {
  static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=";
  static final TsigKey OWNER = TestZone.KEY;
  static final TsigKey ACME = TsigKey.of("acme-example.", "hmac-sha256", SECRET);
  static final TsigKey HOST = TsigKey.of("host.example.test.", "hmac-sha256", SECRET);
  static final TsigKey OTHER = TsigKey.of("other-key.", "hmac-sha256", SECRET);
  static final Name OTHER_ZONE = Name.fromConstantString("other.test.");

  /** A new, empty store; each row gets its own. */
  protected abstract ZoneStore newStore();

  record Case(String why, List<String> policy, TsigKey key, Message update, int rcode,
      String text, List<String> present, List<String> absent) {
    @Override
    public String toString() {
      return why;
    }

    Case withRcode(int other) {
      return new Case(why, policy, key, update, other, text, present, absent);
    }
  }

  static Case ok(String why, List<String> policy, TsigKey key, Message update,
      String... present) {
    return new Case(why, policy, key, update, Rcode.NOERROR, "", List.of(present), List.of());
  }

  static Case refused(String why, List<String> policy, TsigKey key, Message update, String text,
      String... absent) {
    return new Case(why, policy, key, update, Rcode.REFUSED, text, List.of(), List.of(absent));
  }

  static Stream<Case> cases() {
    List<String> acmeOnly =
        List.of("grant acme-example. subdomain _acme-challenge.example.test. TXT");
    return Stream.of(
        ok("a granted key adds what its rule covers", acmeOnly, ACME,
            add("_acme-challenge 60 TXT \"token\""), "_acme-challenge 60 TXT \"token\""),
        refused("a key without a matching grant is REFUSED with the name and type", acmeOnly,
            ACME, add("www 300 A 192.0.2.77"),
            "key acme-example. may not change www.example.test./A", "www 300 A 192.0.2.77"),
        refused("a key not named in the policy is REFUSED", acmeOnly, OWNER,
            add("_acme-challenge 60 TXT \"token\""),
            "key test-key. may not change _acme-challenge.example.test./TXT",
            "_acme-challenge 60 TXT \"token\""),
        refused("one refused RR refuses the whole update, nothing applied", acmeOnly, ACME,
            add("_acme-challenge 60 TXT \"token\"", "www 300 A 192.0.2.77"),
            "may not change www.example.test./A", "_acme-challenge 60 TXT \"token\""),
        refused("CVE-2020-8624: subdomain sub. does not reach a sibling",
            List.of("grant acme-example. subdomain sub.example.test. ANY"), ACME,
            add("other 300 TXT \"x\""), "may not change other.example.test./TXT",
            "other 300 TXT \"x\""),
        ok("CVE-2020-8624: subdomain sub. does reach below sub.",
            List.of("grant acme-example. subdomain sub.example.test. ANY"), ACME,
            add("a.sub 300 TXT \"x\""), "a.sub 300 TXT \"x\""),
        refused("the permission comes before prerequisites: no zone content is revealed",
            acmeOnly, ACME, withPrereq(Record.newRecord(name("nothing.example.test."), Type.A,
                DClass.ANY, 0), add("www 300 A 192.0.2.77")), "may not change www"),
        refused("deleting a name needs every type it holds",
            List.of("grant acme-example. name txt.example.test. A"), ACME,
            delete(Record.newRecord(name("txt.example.test."), Type.ANY, DClass.ANY, 0)),
            "may not change txt.example.test./TXT"),
        ok("deleting a name with every type granted",
            List.of("grant acme-example. name txt.example.test. TXT"), ACME,
            delete(Record.newRecord(name("txt.example.test."), Type.ANY, DClass.ANY, 0))),
        refused("deny before grant: the deny decides",
            List.of("deny test-key. name ns1.example.test. ANY", "grant test-key. zonesub ANY"),
            OWNER, add("ns1 300 A 192.0.2.99"), "may not change ns1.example.test./A",
            "ns1 300 A 192.0.2.99"),
        ok("deny before grant: other names pass",
            List.of("deny test-key. name ns1.example.test. ANY", "grant test-key. zonesub ANY"),
            OWNER, add("www 300 A 192.0.2.77"), "www 300 A 192.0.2.77"),
        ok("self: a host key changes its own name", List.of("grant * self * A AAAA"), HOST,
            add("host 300 A 192.0.2.5"), "host 300 A 192.0.2.5"),
        refused("self: a host key may not change another name", List.of("grant * self * A"),
            HOST, add("www 300 A 192.0.2.5"), "key host.example.test. may not change www"),
        refused("limit: A(2) refuses a third A", List.of("grant test-key. zonesub A(2)"), OWNER,
            add("www 300 A 192.0.2.12"),
            "the update policy allows at most 2 A at www.example.test.; this update would "
                + "leave 3", "www 300 A 192.0.2.12"),
        ok("limit: A(2) lets an update replace the set (delete, then add)",
            List.of("grant test-key. zonesub A(2)"), OWNER,
            replace(Record.newRecord(name("www.example.test."), Type.A, DClass.ANY, 0),
                "www 300 A 192.0.2.12"), "www 300 A 192.0.2.12"),
        refused("limit: PTR(1) refuses two PTRs in one update",
            List.of("grant test-key. zonesub PTR(1)"), OWNER,
            add("5.rev 300 PTR a.example.test.", "5.rev 300 PTR b.example.test."),
            "at most 1 PTR at 5.rev.example.test.", "5.rev 300 PTR a.example.test."),
        ok("limit: ANY(1) does not limit a type listed on its own",
            List.of("grant test-key. zonesub A ANY(1)"), OWNER, add("www 300 A 192.0.2.12"),
            "www 300 A 192.0.2.12"),
        refused("a key granted in another zone gets nothing here",
            List.of("grant test-key. zonesub ANY"), OTHER, add("www 300 A 192.0.2.77"),
            "key other-key. may not change www.example.test./A", "www 300 A 192.0.2.77"),
        ok("no grant or deny rule: every verified key may change everything", List.of(), ACME,
            add("www 300 A 192.0.2.77"), "www 300 A 192.0.2.77"),
        new Case("an invalid stored policy fails closed with SERVFAIL and the problem",
            List.of("grant acme-example. everything"), ACME, add("www 300 A 192.0.2.77"),
            Rcode.SERVFAIL, "update policy of zone example.test. is invalid (line 1: ",
            List.of(), List.of("www 300 A 192.0.2.77")),
        refused("a name outside the zone stays NOTZONE, policy or not",
            List.of("grant acme-example. zonesub ANY"), ACME,
            add("www.other.test. 300 A 192.0.2.77"), "outside zone")
            .withRcode(Rcode.NOTZONE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void policy(Case c) throws Exception {
    ZoneStore store = newStore();
    TestZone.load(store, TestZone.DEFAULT, SerialPolicy.INCREMENT);
    ZoneHead head = store.open(TestZone.ZONE).orElseThrow().head();
    store.updateSettings(TestZone.ZONE, head.settings().withUpdatePolicy(c.policy()));
    DnsService service = new DnsService(store,
        new StaticKeyStore(List.of(OWNER, ACME, HOST, OTHER)), DnsServiceTest.CLOCK);
    byte[] wire = SignedMessages.signed(c.update(), c.key(), DnsServiceTest.CLOCK);
    Message response = new Message(service.handle(wire, RequestContext.tcp("test")).single());

    assertEquals(Rcode.string(c.rcode()), Rcode.string(response.getRcode()), c.why());
    if (!c.text().isEmpty()) {
      String text = edeText(response);
      assertTrue(text.contains(c.text()), text);
    }
    for (String line : c.present()) {
      assertTrue(holds(store, rr(line)), line + " is in the zone");
    }
    for (String line : c.absent()) {
      assertTrue(!holds(store, rr(line)), line + " is not in the zone");
    }
    long serial = store.open(TestZone.ZONE).orElseThrow().head().serial();
    assertEquals(c.rcode() == Rcode.NOERROR ? 2 : 1, serial, "serial");
  }

  /**
   * The secondaries hold the zone's notify key, so it never changes the zone: not under an open
   * policy, not even with a grant; other keys still do.
   */
  @ParameterizedTest(name = "policy {0}")
  @MethodSource("notifyKeyPolicies")
  void theZonesNotifyKeySignsNoUpdate(List<String> policy) throws Exception {
    ZoneStore store = newStore();
    TestZone.load(store, TestZone.DEFAULT, SerialPolicy.INCREMENT);
    ZoneHead head = store.open(TestZone.ZONE).orElseThrow().head();
    store.updateSettings(TestZone.ZONE, head.settings().withUpdatePolicy(policy)
        .withNotifyKey("Acme-Example."));
    DnsService service = new DnsService(store, new StaticKeyStore(List.of(OWNER, ACME)),
        DnsServiceTest.CLOCK);

    Message refused = new Message(service.handle(SignedMessages.signed(
        add("www 300 A 192.0.2.77"), ACME, DnsServiceTest.CLOCK), RequestContext.tcp("test"))
        .single());
    assertEquals(Rcode.string(Rcode.REFUSED), Rcode.string(refused.getRcode()));
    assertTrue(edeText(refused).contains("key acme-example. is the notify key of zone "
        + "example.test.: it signs NOTIFY, not updates"), edeText(refused));
    assertTrue(!holds(store, rr("www 300 A 192.0.2.77")));

    Message byOwner = new Message(service.handle(SignedMessages.signed(
        add("www 300 A 192.0.2.78"), OWNER, DnsServiceTest.CLOCK), RequestContext.tcp("test"))
        .single());
    assertEquals(Rcode.string(Rcode.NOERROR), Rcode.string(byOwner.getRcode()));
    assertTrue(holds(store, rr("www 300 A 192.0.2.78")));
  }

  static Stream<List<String>> notifyKeyPolicies() {
    return Stream.of(List.of(), List.of("grant acme-example. zonesub ANY",
        "grant test-key. zonesub ANY"));
  }

  /** Zone other.test. with a policy for its own key: updates of it by other keys fail. */
  @org.junit.jupiter.api.Test
  void aKeyGrantedOneZoneCannotChangeAnother() throws Exception {
    ZoneStore store = newStore();
    TestZone.load(store, TestZone.DEFAULT, SerialPolicy.INCREMENT);
    ZoneHead head = store.open(TestZone.ZONE).orElseThrow().head();
    store.updateSettings(TestZone.ZONE,
        head.settings().withUpdatePolicy(List.of("grant acme-example. zonesub ANY")));
    Record soa = Record.fromString(OTHER_ZONE, Type.SOA, DClass.IN, 3600,
        "ns1.other.test. hostmaster.other.test. 1 3600 900 604800 300", OTHER_ZONE);
    store.create(new ZoneHead(OTHER_ZONE, 0, 1,
        ZoneSettings.of(SerialPolicy.INCREMENT)
            .withUpdatePolicy(List.of("grant other-key. zonesub ANY"))),
        List.of(Node.of(OTHER_ZONE, List.of(soa))));
    DnsService service = new DnsService(store, new StaticKeyStore(List.of(ACME, OTHER)),
        DnsServiceTest.CLOCK);
    Message update = edns(Message.newUpdate(OTHER_ZONE));
    update.addRecord(Record.fromString(name("www.other.test."), Type.A, DClass.IN, 300,
        "192.0.2.1", OTHER_ZONE), Section.UPDATE);
    byte[] wire = SignedMessages.signed(update, ACME, DnsServiceTest.CLOCK);
    Message response = new Message(service.handle(wire, RequestContext.tcp("test")).single());

    assertEquals(Rcode.REFUSED, response.getRcode());
    assertTrue(edeText(response).contains("key acme-example. may not change www.other.test./A"));
    assertEquals(Optional.empty(), store.open(OTHER_ZONE).orElseThrow()
        .node(name("www.other.test.")));
  }

  static boolean holds(ZoneStore store, Record r) {
    return store.open(TestZone.ZONE).orElseThrow().node(r.getName())
        .flatMap(n -> n.rrset(r.getType())).map(s -> s.contains(r)).orElse(false);
  }

  static String edeText(Message response) {
    OPTRecord opt = response.getOPT();
    return opt.getOptions().stream().filter(o -> o instanceof ExtendedErrorCodeOption)
        .map(o -> ((ExtendedErrorCodeOption) o).getText()).findFirst().orElse("");
  }

  static Name name(String text) {
    return Name.fromConstantString(text);
  }

  static Message add(String... lines) {
    Message m = edns(Message.newUpdate(TestZone.ZONE));
    for (String line : lines) {
      m.addRecord(rr(line), Section.UPDATE);
    }
    return m;
  }

  static Message delete(Record deletion) {
    Message m = edns(Message.newUpdate(TestZone.ZONE));
    m.addRecord(deletion, Section.UPDATE);
    return m;
  }

  static Message replace(Record deletion, String line) {
    Message m = delete(deletion);
    m.addRecord(rr(line), Section.UPDATE);
    return m;
  }

  static Message withPrereq(Record prereq, Message update) {
    update.addRecord(prereq, Section.PREREQ);
    return update;
  }

  private static Message edns(Message m) {
    m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    return m;
  }
}
