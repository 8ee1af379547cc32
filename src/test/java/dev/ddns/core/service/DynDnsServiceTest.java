package dev.ddns.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.port.HashedToken;
import dev.ddns.core.port.TokenStore;
import dev.ddns.testing.MutableClock;
import dev.ddns.testing.TestZone;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * {@link DynDnsService}: the dyndns2 answers, the attacks that must fail (wrong and missing
 * passwords, a token for a host it is not granted, floods of wrong passwords), and updates that go
 * through the journal like any other.
 */
class DynDnsServiceTest {
  static final String SECRET = "router-secret-0123456789abcdefghijklmnopq";
  static final Name ROUTER = Name.fromConstantString("router.example.test.");
  static final List<String> POLICY = List.of(
      "grant token:router name router.example.test. A AAAA",
      "grant token:nas name nas.example.test. A",
      "grant test-key. zonesub ANY");

  final MutableClock clock = new MutableClock(DnsServiceTest.NOW);
  final InMemoryZoneStore store = TestZone.store();
  final TokenStore tokens = name -> Optional.of(name)
      .filter(n -> n.equals("router") || n.equals("nas"))
      .map(n -> HashedToken.of(n, n.equals("router") ? SECRET : "nas-secret",
          n.getBytes(StandardCharsets.UTF_8)));

  DynDnsService service(DynDnsLimits limits) {
    ZoneHead head = store.open(TestZone.ZONE).orElseThrow().head();
    store.updateSettings(TestZone.ZONE, head.settings().withUpdatePolicy(POLICY));
    return new DnsService(store, TestZone.keys(), clock, RandomGenerator.of("L64X128MixRandom"))
        .dynDns(tokens, limits);
  }

  DynDnsService service() {
    return service(new DynDnsLimits(1000, 1000, 1000, 1000));
  }

  static DynDnsCall call(String user, String password, String hostnames, String myip) {
    return new DynDnsCall(user, password, Optional.ofNullable(hostnames),
        Optional.ofNullable(myip), RequestContext.https("198.51.100.7:40000"));
  }

  List<String> answer(DynDnsService service, DynDnsCall call) {
    return service.handle(call).lines();
  }

  long version() {
    return store.open(TestZone.ZONE).orElseThrow().head().version();
  }

  List<String> addresses(Name name, int type) {
    return store.open(TestZone.ZONE).orElseThrow().node(name)
        .flatMap(n -> n.rrset(type)).stream()
        .flatMap(set -> set.records().stream()).map(r -> r.rdataToString()).sorted().toList();
  }

  static Stream<Arguments> badCredentials() {
    return Stream.of(
        Arguments.of("wrong password", "router", "not-the-secret"),
        Arguments.of("missing password", "router", ""),
        Arguments.of("missing user", "", ""),
        Arguments.of("unknown token", "stranger", SECRET),
        Arguments.of("another token's password", "nas", SECRET),
        Arguments.of("user name that is never looked up", "router/../x", SECRET),
        Arguments.of("password with the right prefix", "router", SECRET.substring(0, 20)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCredentials")
  void badCredentialsAreBadauthAndChangeNothing(String what, String user, String password) {
    DynDnsService service = service();
    long before = version();
    assertEquals(List.of("badauth"),
        answer(service, call(user, password, "router.example.test", "192.0.2.77")));
    assertEquals(before, version(), "nothing committed");
    assertEquals(List.of(), addresses(ROUTER, Type.A));
  }

  static Stream<Arguments> notGranted() {
    return Stream.of(
        Arguments.of("a host the token is not granted", "www.example.test", "192.0.2.77"),
        Arguments.of("another token's host", "nas.example.test", "192.0.2.77"),
        Arguments.of("the apex", "example.test", "192.0.2.77"),
        Arguments.of("a name below the granted host", "a.router.example.test", "192.0.2.77"),
        Arguments.of("a host in no served zone", "router.elsewhere.test", "192.0.2.77"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notGranted")
  void aTokenForAHostItIsNotGrantedIsNohostAndChangesNothing(String what, String host,
      String myip) {
    DynDnsService service = service();
    long before = version();
    List<String> wwwBefore = addresses(Name.fromConstantString("www.example.test."), Type.A);
    assertEquals(List.of("nohost"), answer(service, call("router", SECRET, host, myip)));
    assertEquals(before, version(), "nothing committed");
    assertEquals(wwwBefore, addresses(Name.fromConstantString("www.example.test."), Type.A));
  }

  @Test
  void aTokenInAZoneWithoutPolicyMayChangeNothing() {
    DynDnsService service = new DnsService(store, TestZone.keys(), clock).dynDns(tokens,
        new DynDnsLimits(1000, 1000, 1000, 1000));
    long before = version();
    assertEquals(List.of("nohost"),
        answer(service, call("router", SECRET, "www.example.test", "192.0.2.77")));
    assertEquals(before, version(), "an open policy admits TSIG keys, never tokens");
  }

  @Test
  void wrongPasswordsAreBadauthUpToTheBurstThenAbuseAtTheRateAndTheRightOneStillWorks() {
    DynDnsService service = service(new DynDnsLimits(1000, 1000, 1.0 / 60, 3));
    DynDnsCall wrong = call("router", "guess", "router.example.test", "192.0.2.77");
    for (int i = 0; i < 3; i++) {
      assertEquals(List.of("badauth"), answer(service, wrong), "within the burst, guess " + i);
    }
    assertEquals(List.of("abuse"), answer(service, wrong), "over the burst");
    assertEquals(List.of("abuse"), answer(service, wrong), "still over");
    assertEquals(List.of("badauth"), answer(service,
        call("nas", "guess", "nas.example.test", null)), "another name has its own bucket");
    assertEquals(List.of("good 192.0.2.77"),
        answer(service, call("router", SECRET, "router.example.test", "192.0.2.77")),
        "wrong guesses never lock out the right password");
    clock.advance(Duration.ofSeconds(59));
    assertEquals(List.of("abuse"), answer(service, wrong), "one back per minute: not yet");
    clock.advance(Duration.ofSeconds(2));
    assertEquals(List.of("badauth"), answer(service, wrong), "a minute later: one");
    assertEquals(List.of("abuse"), answer(service, wrong));
  }

  @Test
  void aTokenOverItsCallRateIsAbuseAndChangesNothing() {
    DynDnsService service = service(new DynDnsLimits(1.0 / 60, 2, 1000, 1000));
    assertEquals(List.of("good 192.0.2.1"),
        answer(service, call("router", SECRET, "router.example.test", "192.0.2.1")));
    assertEquals(List.of("good 192.0.2.2"),
        answer(service, call("router", SECRET, "router.example.test", "192.0.2.2")));
    long before = version();
    assertEquals(List.of("abuse"),
        answer(service, call("router", SECRET, "router.example.test", "192.0.2.3")));
    assertEquals(before, version());
    assertEquals(List.of("192.0.2.2"), addresses(ROUTER, Type.A));
    clock.advance(Duration.ofSeconds(60));
    assertEquals(List.of("good 192.0.2.3"),
        answer(service, call("router", SECRET, "router.example.test", "192.0.2.3")));
  }

  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of("IPv4", "router.example.test", "192.0.2.1",
            List.of("good 192.0.2.1"), Map.of(Type.A, List.of("192.0.2.1"))),
        Arguments.of("IPv6", "router.example.test", "2001:db8::1",
            List.of("good 2001:db8::1"), Map.of(Type.AAAA, List.of("2001:db8:0:0:0:0:0:1"))),
        Arguments.of("both, either order", "router.example.test", "2001:db8::1,192.0.2.1",
            List.of("good 192.0.2.1,2001:db8::1"),
            Map.of(Type.A, List.of("192.0.2.1"), Type.AAAA, List.of("2001:db8:0:0:0:0:0:1"))),
        Arguments.of("myip missing: the client's address", "router.example.test", null,
            List.of("good 198.51.100.7"), Map.of(Type.A, List.of("198.51.100.7"))),
        Arguments.of("myip not an address: the client's", "router.example.test", "my.host",
            List.of("good 198.51.100.7"), Map.of(Type.A, List.of("198.51.100.7"))),
        Arguments.of("trailing dot", "router.example.test.", "192.0.2.1",
            List.of("good 192.0.2.1"), Map.of(Type.A, List.of("192.0.2.1"))),
        Arguments.of("names compare case-insensitively", "ROUTER.Example.Test", "192.0.2.1",
            List.of("good 192.0.2.1"), Map.of(Type.A, List.of("192.0.2.1"))),
        Arguments.of("one line per host", "router.example.test,www.example.test", "192.0.2.1",
            List.of("good 192.0.2.1", "nohost"), Map.of(Type.A, List.of("192.0.2.1"))),
        Arguments.of("hostname missing", null, "192.0.2.1",
            List.of("notfqdn"), Map.of()),
        Arguments.of("hostname empty", " , ", "192.0.2.1",
            List.of("notfqdn"), Map.of()),
        Arguments.of("one label", "router", "192.0.2.1",
            List.of("notfqdn"), Map.of()),
        Arguments.of("a wildcard", "*.example.test", "192.0.2.1",
            List.of("notfqdn"), Map.of()),
        Arguments.of("21 hosts", String.join(",", java.util.Collections.nCopies(21,
            "router.example.test")), "192.0.2.1", List.of("numhost"), Map.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answers")
  void answersAndRecords(String what, String hostnames, String myip, List<String> expected,
      Map<Integer, List<String>> records) {
    DynDnsService service = service();
    assertEquals(expected, answer(service, call("router", SECRET, hostnames, myip)));
    assertEquals(records.getOrDefault(Type.A, List.of()), addresses(ROUTER, Type.A));
    assertEquals(records.getOrDefault(Type.AAAA, List.of()), addresses(ROUTER, Type.AAAA));
  }

  @Test
  void theSameAddressAgainIsNochgAndCommitsNothing() {
    DynDnsService service = service();
    answer(service, call("router", SECRET, "router.example.test", "192.0.2.1"));
    long before = version();
    assertEquals(List.of("nochg 192.0.2.1"),
        answer(service, call("router", SECRET, "router.example.test", "192.0.2.1")));
    assertEquals(before, version());
  }

  @Test
  void aNewAddressReplacesTheOldOneAndIsJournaledWithTheTokenAndTheClient() {
    DynDnsService service = service();
    answer(service, call("router", SECRET, "router.example.test", "192.0.2.1"));
    answer(service, call("router", SECRET, "router.example.test", "192.0.2.2"));
    assertEquals(List.of("192.0.2.2"), addresses(ROUTER, Type.A));
    List<JournalEntry> journal = store.journal(TestZone.ZONE, 0, 100);
    JournalEntry last = journal.get(journal.size() - 1);
    assertEquals("token:router", last.keyName());
    assertEquals("198.51.100.7:40000 (dyndns2)", last.client());
    assertEquals(List.of("router.example.test.\t60\tIN\tA\t192.0.2.1"),
        last.changes().removed().stream().skip(1).map(Object::toString).toList());
    assertEquals(List.of("router.example.test.\t60\tIN\tA\t192.0.2.2"),
        last.changes().added().stream().skip(1).map(Object::toString).toList());
    assertEquals(last.changes().fromSerial() + 1, last.changes().toSerial(), "serial moved");
  }

  @Test
  void theRecordsTakeTheZonesDyndnsTtlAndATtlChangeAloneIsGood() {
    DynDnsService service = service();
    answer(service, call("router", SECRET, "router.example.test", "192.0.2.1"));
    ZoneHead head = store.open(TestZone.ZONE).orElseThrow().head();
    store.updateSettings(TestZone.ZONE, head.settings().withDyndnsTtl(300));
    assertEquals(List.of("good 192.0.2.1"),
        answer(service, call("router", SECRET, "router.example.test", "192.0.2.1")));
    assertEquals(300, store.open(TestZone.ZONE).orElseThrow().node(ROUTER)
        .flatMap(n -> n.rrset(Type.A)).orElseThrow().ttl());
  }

  @Test
  void anIpv4UpdateLeavesTheAaaaRecordAlone() {
    DynDnsService service = service();
    answer(service, call("router", SECRET, "router.example.test", "2001:db8::1"));
    assertEquals(List.of("good 192.0.2.9"),
        answer(service, call("router", SECRET, "router.example.test", "192.0.2.9")));
    assertEquals(List.of("2001:db8:0:0:0:0:0:1"), addresses(ROUTER, Type.AAAA));
  }
}
