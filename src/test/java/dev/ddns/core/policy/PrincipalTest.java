package dev.ddns.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.model.IpAddress;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The identity field of grant and deny rules (docs/policy.md, "Address grants"): which requester
 * each principal covers, tcp-only against each transport, and what a self-address grant lets a
 * client change, forward and reverse, IPv4 and IPv6.
 */
class PrincipalTest {
  private static final Name ZONE = Name.fromConstantString("example.com.");

  /** A requester as a test case writes it: {@code key:k.}, {@code udp:192.0.2.1}, {@code tcp:…}, {@code https:…}, {@code token:t}. */
  private static Requester requester(String text) {
    int colon = text.indexOf(':');
    String kind = text.substring(0, colon);
    String value = text.substring(colon + 1);
    return switch (kind) {
      case "key" -> new Requester.Key(Name.fromConstantString(value));
      case "token" -> new Requester.Token(value);
      default -> new Requester.Address(IpAddress.parse(value).orElseThrow(), kind.equals("udp"));
    };
  }

  private static UpdatePolicy policy(String line) {
    PolicyParse parse = UpdatePolicy.parse(ZONE, List.of(line));
    assertTrue(parse.ok(), () -> parse.errors().toString());
    return parse.policy();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      v4 /24 covers an address inside | grant address:192.0.2.0/24 zonesub A | udp:192.0.2.77 | www.example.com. | A | true
      v4 /24: the first address | grant address:192.0.2.0/24 zonesub A | tcp:192.0.2.0 | www.example.com. | A | true
      v4 /24: the last address | grant address:192.0.2.0/24 zonesub A | tcp:192.0.2.255 | www.example.com. | A | true
      v4 /24: the next network | grant address:192.0.2.0/24 zonesub A | tcp:192.0.3.0 | www.example.com. | A | false
      v4 /23 across a byte boundary | grant address:10.0.2.0/23 zonesub A | tcp:10.0.3.9 | www.example.com. | A | true
      v4 /23: just outside | grant address:10.0.2.0/23 zonesub A | tcp:10.0.4.1 | www.example.com. | A | false
      v4 bits past the length are ignored | grant address:10.1.2.3/8 zonesub A | tcp:10.200.0.1 | www.example.com. | A | true
      v4 bare address is a /32 | grant address:192.0.2.7 zonesub A | tcp:192.0.2.7 | www.example.com. | A | true
      v4 bare address: its neighbour | grant address:192.0.2.7 zonesub A | tcp:192.0.2.6 | www.example.com. | A | false
      v4 /0 covers every IPv4 address | grant address:0.0.0.0/0 zonesub A | udp:203.0.113.1 | www.example.com. | A | true
      v4 /0 covers no IPv6 address | grant address:0.0.0.0/0 zonesub A | udp:2001:db8::1 | www.example.com. | A | false
      v4 grant covers a v4-mapped client | grant address:192.0.2.0/24 zonesub A | tcp:::ffff:192.0.2.9 | www.example.com. | A | true
      v6 /64 covers an address inside | grant address:2001:db8:1:2::/64 zonesub AAAA | udp:2001:db8:1:2::99 | www.example.com. | AAAA | true
      v6 /64: the next network | grant address:2001:db8:1:2::/64 zonesub AAAA | udp:2001:db8:1:3::1 | www.example.com. | AAAA | false
      v6 /57 within a byte | grant address:2001:db8:0:80::/57 zonesub AAAA | tcp:2001:db8:0:ff::1 | www.example.com. | AAAA | true
      v6 /57: outside | grant address:2001:db8:0:80::/57 zonesub AAAA | tcp:2001:db8:0:7f::1 | www.example.com. | AAAA | false
      v6 bare address is a /128 | grant address:2001:db8::1 zonesub AAAA | tcp:2001:db8::1 | www.example.com. | AAAA | true
      v6 /128: its neighbour | grant address:2001:db8::1/128 zonesub AAAA | tcp:2001:db8::2 | www.example.com. | AAAA | false
      v6 ::/0 covers no IPv4 address | grant address:::/0 zonesub A | tcp:192.0.2.1 | www.example.com. | A | false
      tcp-only: UDP is not trusted | grant address:192.0.2.0/24 tcp-only zonesub A | udp:192.0.2.1 | www.example.com. | A | false
      tcp-only: TCP through the relay | grant address:192.0.2.0/24 tcp-only zonesub A | tcp:192.0.2.1 | www.example.com. | A | true
      tcp-only: a direct HTTPS peer | grant address:192.0.2.0/24 tcp-only zonesub A | https:192.0.2.1 | www.example.com. | A | true
      without tcp-only UDP is trusted | grant address:192.0.2.0/24 zonesub A | udp:192.0.2.1 | www.example.com. | A | true
      an address grant covers no key | grant address:0.0.0.0/0 zonesub ANY | key:k. | www.example.com. | A | false
      a wildcard key covers no address | grant * zonesub ANY | udp:192.0.2.1 | www.example.com. | A | false
      a wildcard key covers no token | grant * zonesub ANY | token:router | www.example.com. | A | false
      an address grant keeps its name | grant address:192.0.2.0/24 name www.example.com. A | tcp:192.0.2.1 | mail.example.com. | A | false
      an address grant keeps its types | grant address:192.0.2.0/24 zonesub A | tcp:192.0.2.1 | www.example.com. | TXT | false
      a deny for the address | deny address:192.0.2.0/24 zonesub ANY | tcp:192.0.2.1 | www.example.com. | A | false
      token: its own name | grant token:router name router.example.com. A AAAA | token:router | router.example.com. | A | true
      token: case-insensitive | grant token:Router name router.example.com. A | token:ROUTER | router.example.com. | A | true
      token: another token | grant token:router name router.example.com. A | token:printer | router.example.com. | A | false
      token: another name | grant token:router name router.example.com. A | token:router | www.example.com. | A | false
      token: not a key of that name | grant token:router zonesub A | key:router. | www.example.com. | A | false
      self-address: A under the apex, v4 | grant address:192.0.2.0/24 self-address | udp:192.0.2.1 | win7.example.com. | A | true
      self-address: no AAAA for a v4 client | grant address:192.0.2.0/24 self-address | udp:192.0.2.1 | win7.example.com. | AAAA | false
      self-address: AAAA for a v6 client | grant address:2001:db8::/32 self-address | tcp:2001:db8::5 | pc.example.com. | AAAA | true
      self-address: no A for a v6 client | grant address:2001:db8::/32 self-address | tcp:2001:db8::5 | pc.example.com. | A | false
      self-address: under its name | grant address:192.0.2.0/24 self-address hosts.example.com. | tcp:192.0.2.1 | a.hosts.example.com. | A | true
      self-address: outside its name | grant address:192.0.2.0/24 self-address hosts.example.com. | tcp:192.0.2.1 | www.example.com. | A | false
      self-address: no TXT | grant address:192.0.2.0/24 self-address | tcp:192.0.2.1 | www.example.com. | TXT | false
      self-address: only the listed types | grant address:192.0.2.0/24 self-address PTR | tcp:192.0.2.1 | www.example.com. | A | false
      """)
  void principals(String why, String rule, String who, String name, String type,
      boolean permitted) {
    assertEquals(permitted, policy(rule).permits(requester(who), Name.fromConstantString(name),
        Type.value(type)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      v4 own reverse name | 2.0.192.in-addr.arpa. | grant address:192.0.2.0/24 self-address | udp:192.0.2.1 | 1.2.0.192.in-addr.arpa. | true
      v4 another reverse name | 2.0.192.in-addr.arpa. | grant address:192.0.2.0/24 self-address | udp:192.0.2.1 | 2.2.0.192.in-addr.arpa. | false
      v4 PTR at a forward name | 2.0.192.in-addr.arpa. | grant address:192.0.2.0/24 self-address | udp:192.0.2.1 | 2.0.192.in-addr.arpa. | false
      v6 own reverse name | 8.b.d.0.1.0.0.2.ip6.arpa. | grant address:2001:db8::/32 self-address | tcp:2001:db8::5 | 5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa. | true
      v6 another reverse name | 8.b.d.0.1.0.0.2.ip6.arpa. | grant address:2001:db8::/32 self-address | tcp:2001:db8::5 | 6.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa. | false
      v4 reverse name outside the rule's name | 2.0.192.in-addr.arpa. | grant address:192.0.2.0/24 self-address 9.2.0.192.in-addr.arpa. | udp:192.0.2.1 | 1.2.0.192.in-addr.arpa. | false
      """)
  void selfAddressReverseNames(String why, String zone, String rule, String who, String name,
      boolean permitted) {
    PolicyParse parse = UpdatePolicy.parse(Name.fromConstantString(zone), List.of(rule));
    assertTrue(parse.ok(), () -> parse.errors().toString());
    assertEquals(permitted, parse.policy().permits(requester(who), Name.fromConstantString(name),
        Type.PTR));
  }

  record DataCase(String why, String who, String change, List<String> current,
      boolean permitted) {
    @Override
    public String toString() {
      return why;
    }
  }

  /** RFC 2136 §2.5 forms: add, delete an RR (NONE), delete an RRset (ANY), delete a name (ANY ANY). */
  static Stream<DataCase> data() {
    return Stream.of(
        new DataCase("add its own A", "udp:192.0.2.1", "IN A 192.0.2.1", List.of(), true),
        new DataCase("add another host's A", "udp:192.0.2.1", "IN A 192.0.2.2", List.of(), false),
        new DataCase("delete its own A", "udp:192.0.2.1", "NONE A 192.0.2.1",
            List.of("192.0.2.1"), true),
        new DataCase("delete another host's A", "udp:192.0.2.1", "NONE A 192.0.2.2",
            List.of("192.0.2.2"), false),
        new DataCase("delete an A RRset holding only its own", "udp:192.0.2.1", "ANY A",
            List.of("192.0.2.1"), true),
        new DataCase("delete an empty A RRset", "udp:192.0.2.1", "ANY A", List.of(), true),
        new DataCase("delete an A RRset holding another address", "udp:192.0.2.1", "ANY A",
            List.of("192.0.2.1", "192.0.2.2"), false),
        new DataCase("add its own AAAA", "tcp:2001:db8::5", "IN AAAA 2001:db8::5", List.of(),
            true),
        new DataCase("add another host's AAAA", "tcp:2001:db8::5", "IN AAAA 2001:db8::6",
            List.of(), false),
        new DataCase("v4 client adds an AAAA of its mapped address", "udp:192.0.2.1",
            "IN AAAA ::ffff:192.0.2.1", List.of(), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("data")
  void selfAddressData(DataCase c) throws Exception {
    Name host = Name.fromConstantString("win7.example.com.");
    String[] change = c.change().split(" ", 3);
    int dclass = DClass.value(change[0]);
    int type = Type.value(change[1]);
    Record rr = change.length == 3
        ? Record.fromString(host, type, dclass, dclass == DClass.IN ? 1200 : 0, change[2], ZONE)
        : Record.newRecord(host, type, dclass, 0);
    List<Record> current = c.current().stream().map(a -> {
      try {
        return Record.fromString(host, Type.A, DClass.IN, 1200, a, ZONE);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).toList();
    UpdatePolicy policy = policy("grant address:0.0.0.0/0 self-address");
    UpdatePolicy v6 = policy("grant address:::/0 self-address");
    Requester who = requester(c.who());
    PolicyRule rule = (type == Type.AAAA ? v6 : policy).decidingRule(who, host, type)
        .orElse(null);
    boolean permitted = rule != null && rule.grant() && rule.permitsData(who, rr, type, current);
    assertEquals(c.permitted(), permitted);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      bad prefix | grant address:192.0.2.300/24 zonesub A | is not an address prefix
      host name for a prefix | grant address:router.example.com. zonesub A | is not an address prefix
      prefix too long v4 | grant address:192.0.2.0/33 zonesub A | out of range for IPv4 (0..32)
      prefix too long v6 | grant address:2001:db8::/129 zonesub A | out of range for IPv6 (0..128)
      no length after the slash | grant address:192.0.2.0/ zonesub A | has no prefix length after the /
      self with an address | grant address:192.0.2.0/24 self * A | self compares with the signing key's name, so it needs a key; for addresses use self-address
      self-address with a key | grant k. self-address | self-address compares with the client's address
      self-address with a token | grant token:t self-address | self-address compares with the client's address
      self-address with TXT | grant address:192.0.2.0/24 self-address TXT | self-address covers A, AAAA and PTR only, not TXT
      self-address name outside | grant address:192.0.2.0/24 self-address example.org. | is outside zone example.com.
      tcp-only without a match | grant address:192.0.2.0/24 tcp-only | expected grant KEY MATCH
      tcp-only after a key | grant k. tcp-only zonesub A | 'tcp-only' is not a match type
      bad token name | grant token:a/b zonesub A | token 'a/b' is not a token name
      expire with self-address | expire 1h self-address A | so self-address does not fit
      """)
  void badRules(String why, String line, String error) {
    PolicyParse parse = UpdatePolicy.parse(ZONE, List.of(line));
    assertFalse(parse.ok());
    assertTrue(parse.errors().get(0).contains(error), parse.errors().toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      v4 prefix | grant address:192.0.2.9/24 zonesub A | address:192.0.2.9/24
      v6 prefix in short form | grant address:2001:0db8:0:0:0:0:0:0/32 tcp-only zonesub AAAA | address:2001:db8::/32 tcp-only
      key | grant *.dhcp. zonesub A | *.dhcp.
      token | grant token:Router name router.example.com. A | token:router
      """)
  void principalsSayWhatTheyAre(String why, String line, String text) {
    assertEquals(text, policy(line).rules().get(0).principal().toString());
  }
}
