package dev.ddns.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * BIND's update-policy semantics (ARM, "Dynamic Update Policies") as tables: every match type,
 * allowed and denied, type lists and limits, first match wins, and the parse errors.
 */
class UpdatePolicyTest {
  static final Name ZONE = Name.fromConstantString("example.com.");

  record Case(String why, List<String> policy, String key, String name, String type,
      boolean permitted) {
    @Override
    public String toString() {
      return why;
    }
  }

  static Case allows(String why, String rule, String key, String name, String type) {
    return new Case(why, List.of(rule), key, name, type, true);
  }

  static Case denies(String why, String rule, String key, String name, String type) {
    return new Case(why, List.of(rule), key, name, type, false);
  }

  static Stream<Case> matches() {
    String k = "k.";
    return Stream.of(
        allows("name: the name itself", "grant k. name www.example.com. A", k,
            "www.example.com.", "A"),
        denies("name: not a name below", "grant k. name www.example.com. A", k,
            "a.www.example.com.", "A"),
        allows("name: names compare case-insensitively", "grant k. name WWW.example.com. A", k,
            "www.EXAMPLE.com.", "A"),
        allows("subdomain: the name itself", "grant k. subdomain sub.example.com. A", k,
            "sub.example.com.", "A"),
        allows("subdomain: a name below", "grant k. subdomain sub.example.com. A", k,
            "a.b.sub.example.com.", "A"),
        denies("subdomain: CVE-2020-8624, a sibling is not covered",
            "grant k. subdomain sub.example.com. ANY", k, "other.example.com.", "A"),
        denies("subdomain: CVE-2020-8624, the apex is not covered",
            "grant k. subdomain sub.example.com. ANY", k, "example.com.", "TXT"),
        denies("subdomain: a name sharing a suffix of letters is not below",
            "grant k. subdomain sub.example.com. A", k, "xsub.example.com.", "A"),
        allows("zonesub: the apex", "grant k. zonesub TXT", k, "example.com.", "TXT"),
        allows("zonesub: any name in the zone", "grant k. zonesub TXT", k, "a.b.example.com.",
            "TXT"),
        allows("wildcard: one label below", "grant k. wildcard *.dyn.example.com. A", k,
            "host.dyn.example.com.", "A"),
        allows("wildcard: several labels below", "grant k. wildcard *.dyn.example.com. A", k,
            "a.host.dyn.example.com.", "A"),
        denies("wildcard: not the parent itself", "grant k. wildcard *.dyn.example.com. A", k,
            "dyn.example.com.", "A"),
        allows("self: the key's own name", "grant * self * A", "host.example.com.",
            "host.example.com.", "A"),
        denies("self: not below the key's name", "grant * self * A", "host.example.com.",
            "a.host.example.com.", "A"),
        allows("self: BIND's name field may be left out", "grant * self A",
            "host.example.com.", "host.example.com.", "A"),
        allows("selfsub: the key's own name", "grant * selfsub . A", "host.example.com.",
            "host.example.com.", "A"),
        allows("selfsub: below the key's name", "grant * selfsub . A", "host.example.com.",
            "x.host.example.com.", "A"),
        denies("selfsub: not a sibling", "grant * selfsub . A", "host.example.com.",
            "other.example.com.", "A"),
        allows("selfwild: below the key's name", "grant * selfwild * A", "host.example.com.",
            "x.host.example.com.", "A"),
        denies("selfwild: not the key's own name", "grant * selfwild * A", "host.example.com.",
            "host.example.com.", "A"),
        denies("key: another key is not covered", "grant k. zonesub ANY", "j.",
            "www.example.com.", "A"),
        allows("key: * covers every key", "grant * zonesub ANY", "j.", "www.example.com.", "A"),
        allows("key: a wildcard covers keys below", "grant *.acme. zonesub TXT",
            "one.acme.", "x.example.com.", "TXT"),
        denies("key: a wildcard does not cover its parent", "grant *.acme. zonesub TXT",
            "acme.", "x.example.com.", "TXT"),
        allows("key: key names compare case-insensitively", "grant K. zonesub TXT", k,
            "x.example.com.", "TXT"),
        denies("types: an unlisted type", "grant k. zonesub TXT", k, "x.example.com.", "A"),
        allows("types: none listed covers A", "grant k. zonesub", k, "x.example.com.", "A"),
        denies("types: none listed leaves out NS", "grant k. zonesub", k, "x.example.com.",
            "NS"),
        denies("types: none listed leaves out SOA", "grant k. zonesub", k, "example.com.",
            "SOA"),
        denies("types: none listed leaves out RRSIG", "grant k. zonesub", k, "x.example.com.",
            "RRSIG"),
        allows("types: ANY covers NS", "grant k. zonesub ANY", k, "x.example.com.", "NS"),
        allows("types: a limit still covers its type", "grant k. zonesub PTR(1)", k,
            "x.example.com.", "PTR"),
        allows("types: TYPE65534 generic form", "grant k. zonesub TYPE65280", k,
            "x.example.com.", "TYPE65280"),
        denies("deny: a matching deny rule refuses", "deny k. zonesub ANY", k,
            "x.example.com.", "A"),
        allows("named.conf style with a final semicolon", "grant k. zonesub ANY;", k,
            "x.example.com.", "A"),
        new Case("order: the first match decides (deny first)",
            List.of("deny k. name www.example.com. A", "grant k. zonesub ANY"), k,
            "www.example.com.", "A", false),
        new Case("order: the first match decides (grant first)",
            List.of("grant k. zonesub ANY", "deny k. name www.example.com. A"), k,
            "www.example.com.", "A", true),
        new Case("order: a deny for another type does not stop a later grant",
            List.of("deny k. name www.example.com. AAAA", "grant k. zonesub ANY"), k,
            "www.example.com.", "A", true),
        new Case("no grant or deny rule: every key may change everything", List.of(), "j.",
            "www.example.com.", "NS", true),
        new Case("only expire rules: keys are not restricted",
            List.of("expire 1h zonesub TXT"), "j.", "www.example.com.", "A", true),
        new Case("comments and blank lines are skipped",
            List.of("# the ACME client", "", "grant k. zonesub TXT # challenges"), k,
            "_acme-challenge.example.com.", "TXT", true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matches")
  void permission(Case c) {
    PolicyParse parse = UpdatePolicy.parse(ZONE, c.policy());
    assertTrue(parse.ok(), () -> parse.errors().toString());
    assertEquals(c.permitted(), parse.policy().permits(new Requester.Key(name(c.key())), name(c.name()),
        Type.value(c.type())));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      no verb | www.example.com. A | starts with grant, deny or expire, not 'www.example.com.'
      missing fields | grant k. | expected grant KEY MATCH [NAME] [TYPES]
      unknown match type | grant k. everything ANY | 'everything' is not a match type
      name needed | grant k. subdomain | subdomain needs a name
      name outside the zone | grant k. name www A | name www. is outside zone example.com.
      other zone | grant k. subdomain example.org. ANY | example.org. is outside zone example.com.
      no star | grant k. wildcard dyn.example.com. A | wildcard needs a name starting with '*.'
      zonesub, no name | grant k. zonesub www.example.com. A | 'www.example.com.' is not a record
      unknown type | grant k. zonesub BOGUS | 'BOGUS' is not a record type
      meta type | grant k. zonesub AXFR | AXFR is not a record type that updates change
      zero limit | grant k. zonesub PTR(0) | the limit of PTR must be 1 or more
      type twice | grant k. zonesub TXT TXT | TXT is listed twice
      deny with limit | deny k. zonesub PTR(1) | a deny rule takes no limits
      bad key | grant k..bad zonesub ANY | key 'k..bad' is not a domain name
      expire without types | expire 1h zonesub | expected expire DURATION MATCH [NAME] TYPES
      expire with a bad duration | expire soon zonesub TXT | 'soon' is not a duration
      expire of zero | expire 0 zonesub TXT | an expiry must be longer than 0 s
      expire with self | expire 1h self * TXT | apply to every key, so self does not fit
      expire of SOA | expire 1h zonesub SOA | SOA cannot expire
      expire of ANY | expire 1h zonesub ANY | ANY cannot expire
      expire with a limit | expire 1h zonesub TXT(1) | an expire rule takes no limits
      """)
  void parseErrorsNameTheLineAndTheProblem(String why, String line, String problem) {
    PolicyParse parse = UpdatePolicy.parse(ZONE, List.of("grant k. zonesub TXT", line));
    assertFalse(parse.ok(), why);
    assertEquals(1, parse.errors().size(), parse.errors()::toString);
    String error = parse.errors().get(0);
    assertTrue(error.startsWith("line 2: "), error);
    assertTrue(error.contains(problem), error);
    assertTrue(error.endsWith("in '" + line + "'"), error);
  }

  @Test
  void everyFaultyLineIsReported() {
    PolicyParse parse = UpdatePolicy.parse(ZONE,
        List.of("grant k. nothing", "grant k. zonesub TXT", "deny"));
    assertEquals(2, parse.errors().size());
    assertTrue(parse.errors().get(0).startsWith("line 1: "));
    assertTrue(parse.errors().get(1).startsWith("line 3: "));
  }

  @ParameterizedTest(name = "{0} is {1} s")
  @CsvSource({"3600, 3600", "90s, 90", "30m, 1800", "1h, 3600", "1h30m, 5400", "2d, 172800",
      "1w, 604800", "1H, 3600"})
  void durations(String text, long seconds) {
    assertEquals(Duration.ofSeconds(seconds), PolicyParser.duration(text));
  }

  @Test
  void limitsComeFromTheTypeOrFromAny() {
    UpdatePolicy policy = UpdatePolicy.parse(ZONE, List.of("grant k. zonesub A PTR(1) ANY(2)"))
        .policy();
    TypeList types = policy.rules().get(0).types();
    assertTrue(types.limit(Type.A).isEmpty(), "A is listed without a limit");
    assertEquals(1, types.limit(Type.PTR).getAsInt());
    assertEquals(2, types.limit(Type.TXT).getAsInt(), "ANY(2) limits the types not listed");
    assertEquals("A PTR(1) ANY(2)", types.toString());
  }

  @Test
  void expiryRulesMatchNamesAndTypes() {
    UpdatePolicy policy = UpdatePolicy.parse(ZONE, List.of(
        "expire 1h subdomain _acme-challenge.example.com. TXT",
        "expire 2d wildcard *.tmp.example.com. A AAAA")).policy();
    assertEquals(Duration.ofHours(1),
        policy.expiryFor(name("_acme-challenge.example.com."), Type.TXT).get().after());
    assertEquals(Duration.ofDays(2),
        policy.expiryFor(name("x.tmp.example.com."), Type.AAAA).get().after());
    assertTrue(policy.expiryFor(name("_acme-challenge.example.com."), Type.A).isEmpty());
    assertTrue(policy.expiryFor(name("www.example.com."), Type.TXT).isEmpty());
    assertTrue(policy.expiryFor(name("tmp.example.com."), Type.A).isEmpty());
  }

  static Name name(String text) {
    return Name.fromConstantString(text);
  }
}
