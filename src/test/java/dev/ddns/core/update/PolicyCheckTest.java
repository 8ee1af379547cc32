package dev.ddns.core.update;

import static dev.ddns.testing.TestZone.rr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.model.IpAddress;
import dev.ddns.core.policy.PolicyParse;
import dev.ddns.core.policy.Requester;
import dev.ddns.core.policy.UpdatePolicy;
import dev.ddns.testing.TestZone;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * {@link PolicyCheck}'s rules (RFC 2136 §3.3) on the default test zone, one row each: who may
 * change which RRs, what the refusal says, and the per-type limits once the RRs are applied. The
 * same policy end to end, through the service and both stores, is {@code UpdatePolicyContract}.
 */
class PolicyCheckTest {
  private static final Requester OWNER = new Requester.Key(TestZone.KEY.name());
  private static final Requester ACME = new Requester.Key(name("acme-example."));
  private static final Requester HOST = new Requester.Key(name("host.example.test."));
  private static final Requester FROM_50 = new Requester.Address(
      IpAddress.parse("192.0.2.50").orElseThrow(), false);

  /**
   * @param policy the zone's policy lines
   * @param who the requester; null for the server's own update
   * @param notifyKey the zone's notify key, empty for none
   * @param updates the update section
   * @param rcode what {@link PolicyCheck#permit} answers
   * @param text what its reason contains (empty: any)
   */
  record Case(String why, List<String> policy, Requester who, String notifyKey,
      List<Record> updates, int rcode, String text) {
    @Override
    public String toString() {
      return why;
    }
  }

  static Stream<Case> permits() {
    List<String> acmeTxt = List.of("grant acme-example. subdomain _acme-challenge.example.test. TXT");
    return Stream.of(
        allowed("an open policy lets every key change everything", List.of(), ACME,
            add("www 300 A 192.0.2.77")),
        refused("an open policy lets an unsigned client change nothing, and names the line that "
            + "would", List.of(), FROM_50, add("pc 300 A 192.0.2.50"),
            "no grant of zone example.test. covers it; to allow it, add the policy line 'grant "
                + "address:192.0.2.50/32 name pc.example.test. A'"),
        allowed("the server's own update passes whatever the policy", acmeTxt, null,
            add("www 300 A 192.0.2.77")),
        allowed("a rule covering name and type grants it", acmeTxt, ACME,
            add("_acme-challenge 60 TXT \"token\"")),
        refused("one RR no rule covers refuses the update", acmeTxt, ACME,
            add("_acme-challenge 60 TXT \"token\"", "www 300 A 192.0.2.77"),
            "key acme-example. may not change www.example.test./A"),
        refused("the deny rule that comes first decides, and the refusal names its line",
            List.of("deny address:192.0.2.0/24 name pc.example.test. A",
                "grant address:192.0.2.0/24 zonesub A"), FROM_50, add("pc 300 A 192.0.2.50"),
            "line 1 of the policy denies it"),
        refused("deleting every RRset of a name needs every type it holds",
            List.of("grant acme-example. name txt.example.test. A"), ACME,
            List.of(Record.newRecord(name("txt.example.test."), Type.ANY, DClass.ANY, 0)),
            "may not change txt.example.test./TXT"),
        allowed("deleting every RRset of a name with each of its types granted",
            List.of("grant acme-example. name txt.example.test. TXT"), ACME,
            List.of(Record.newRecord(name("txt.example.test."), Type.ANY, DClass.ANY, 0))),
        allowed("self-address: an address record holding the client's own address",
            List.of("grant address:192.0.2.0/24 self-address"), FROM_50,
            add("pc 300 A 192.0.2.50")),
        refused("self-address: an address record holding another address",
            List.of("grant address:192.0.2.0/24 self-address"), FROM_50,
            add("pc 300 A 192.0.2.51"),
            "the self-address grant on line 1 allows only records that hold 192.0.2.50"),
        refused("the zone's notify key signs no update, even under an open policy", List.of(),
            ACME, "Acme-Example.", add("www 300 A 192.0.2.77"),
            "key acme-example. is the notify key of zone example.test.: it signs NOTIFY, not "
                + "updates"),
        allowed("a notify key that is not a valid name refuses no key", List.of(), ACME,
            "not a name..", add("www 300 A 192.0.2.77")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("permits")
  void permit(Case c) {
    Verdict verdict = check(c).permit(c.updates(), zone());
    assertEquals(Rcode.string(c.rcode()), Rcode.string(verdict.rcode()), verdict.reason());
    assertTrue(verdict.reason().contains(c.text()), verdict.reason());
  }

  /**
   * @param policy the zone's policy lines
   * @param updates the update section, applied to the working zone after the permission
   * @param text the refusal, empty when the limits hold
   */
  record LimitCase(String why, List<String> policy, List<Record> updates, String text) {
    @Override
    public String toString() {
      return why;
    }
  }

  static Stream<LimitCase> limits() {
    return Stream.of(
        new LimitCase("A(3) holds with the zone's two A and one more",
            List.of("grant test-key. zonesub A(3)"), add("www 300 A 192.0.2.12"), ""),
        new LimitCase("A(2) refuses a third A",
            List.of("grant test-key. zonesub A(2)"), add("www 300 A 192.0.2.12"),
            "the update policy allows at most 2 A at www.example.test.; this update would "
                + "leave 3"),
        new LimitCase("the first matching rule's limit decides, not a tighter later one",
            List.of("grant test-key. name www.example.test. A(5)",
                "grant test-key. zonesub A(2)"),
            add("www 300 A 192.0.2.12"), ""),
        new LimitCase("ANY(1) limits no type that its rule lists on its own",
            List.of("grant test-key. zonesub A ANY(1)"), add("www 300 A 192.0.2.12"), ""),
        new LimitCase("a deletion is not limited",
            List.of("grant test-key. zonesub A(1)"),
            List.of(Record.newRecord(name("www.example.test."), Type.A, DClass.ANY, 0)), ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("limits")
  void limits(LimitCase c) {
    PolicyCheck check = PolicyCheck.forRequester(policy(c.policy()), OWNER, "");
    WorkingZone zone = zone();
    assertEquals(Verdict.OK, check.permit(c.updates(), zone));
    c.updates().forEach(rr -> UpdateOperations.apply(rr, zone));
    Verdict verdict = check.limits(zone);
    assertEquals(c.text().isEmpty(), verdict.ok(), verdict.reason());
    assertTrue(verdict.reason().contains(c.text()), verdict.reason());
  }

  private static PolicyCheck check(Case c) {
    return c.who() == null ? PolicyCheck.forServer()
        : PolicyCheck.forRequester(policy(c.policy()), c.who(), c.notifyKey());
  }

  private static UpdatePolicy policy(List<String> lines) {
    PolicyParse parse = UpdatePolicy.parse(TestZone.ZONE, lines);
    assertTrue(parse.ok(), parse.errors().toString());
    return parse.policy();
  }

  private static WorkingZone zone() {
    return new WorkingZone(TestZone.ZONE, TestZone.store().open(TestZone.ZONE).orElseThrow());
  }

  private static Case allowed(String why, List<String> policy, Requester who,
      List<Record> updates) {
    return allowed(why, policy, who, "", updates);
  }

  private static Case allowed(String why, List<String> policy, Requester who, String notifyKey,
      List<Record> updates) {
    return new Case(why, policy, who, notifyKey, updates, Rcode.NOERROR, "");
  }

  private static Case refused(String why, List<String> policy, Requester who,
      List<Record> updates, String text) {
    return refused(why, policy, who, "", updates, text);
  }

  private static Case refused(String why, List<String> policy, Requester who, String notifyKey,
      List<Record> updates, String text) {
    return new Case(why, policy, who, notifyKey, updates, Rcode.REFUSED, text);
  }

  private static List<Record> add(String... lines) {
    return Stream.of(lines).map(TestZone::rr).toList();
  }

  private static Name name(String text) {
    return Name.fromConstantString(text);
  }
}
