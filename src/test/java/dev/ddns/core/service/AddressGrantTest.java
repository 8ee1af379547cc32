package dev.ddns.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.core.attest.RelayAttestation;
import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.testing.MutableClock;
import dev.ddns.testing.TestZone;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Unsigned updates under address grants, through {@link DnsService} (docs/policy.md, "Address
 * grants"): which client addresses count, and what a {@code self-address} client may change in
 * a forward and a reverse zone. Every refusal leaves the zone as it was.
 */
class AddressGrantTest {
  private static final Name REVERSE = Name.fromConstantString("2.0.192.in-addr.arpa.");
  private static final Name OPEN = Name.fromConstantString("open.test.");
  private static final String CLIENT = "192.0.2.50:5353";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T17:00:00Z"));
  private final InMemoryZoneStore store = TestZone.store();
  private final DnsService service = new DnsService(store, TestZone.keys(), clock);

  AddressGrantTest() {
    store.updateSettings(TestZone.ZONE, store.open(TestZone.ZONE).orElseThrow().head().settings()
        .withUpdatePolicy(List.of("grant address:192.0.2.0/24 self-address")));
    for (Name zone : List.of(REVERSE, OPEN)) {
      store.create(new ZoneHead(zone, 0, 1, SerialPolicy.INCREMENT), List.of(Node.of(zone, List.of(
          record(zone, Type.SOA, zone + " 3600 SOA ns1.example.test. hostmaster.example.test. 1 "
              + "3600 900 604800 300"), record(zone, Type.NS, "ns1.example.test.")))));
    }
    store.updateSettings(REVERSE, store.open(REVERSE).orElseThrow().head().settings()
        .withUpdatePolicy(List.of("grant address:192.0.2.0/24 self-address PTR")));
  }

  private static Record record(Name name, int type, String data) {
    try {
      String rdata = type == Type.SOA ? data.substring(data.indexOf("SOA ") + 4) : data;
      return Record.fromString(name, type, DClass.IN, 3600, rdata, Name.root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static RequestContext relayed(String client) {
    return RequestContext.udp(client).attestedBy(new RelayAttestation.Attested(
        Name.fromConstantString("_relay.site1."), client.getBytes(StandardCharsets.UTF_8),
        Instant.parse("2026-12-02T17:00:00Z")));
  }

  /** One unsigned update, with EDNS so that a refusal carries its reason. */
  private Message send(Name zone, RequestContext context, Record... changes) {
    Update update = new Update(zone);
    for (Record change : changes) {
      update.add(change);
    }
    update.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 0), org.xbill.DNS.Section.ADDITIONAL);
    try {
      return new Message(service.handle(update.toWire(), context).single());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Record a(String name, int dclass, String address) {
    try {
      return address.isEmpty() ? Record.newRecord(Name.fromString(name), Type.A, dclass, 0)
          : Record.fromString(Name.fromString(name), Type.A, dclass, dclass == DClass.IN ? 300
              : 0, address, Name.root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Record ptr(String name, String target) {
    try {
      return Record.fromString(Name.fromString(name), Type.PTR, DClass.IN, 300, target,
          Name.root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  record Attack(String why, Name zone, RequestContext context, List<Record> changes,
      String reason) {
    @Override
    public String toString() {
      return why;
    }
  }

  static Stream<Attack> attacks() {
    return Stream.of(
        new Attack("an A record of another host's address", TestZone.ZONE, relayed(CLIENT),
            List.of(a("pc.example.test.", DClass.IN, "192.0.2.51")),
            "allows only records that hold 192.0.2.50"),
        new Attack("deleting an RRset that holds other addresses", TestZone.ZONE, relayed(CLIENT),
            List.of(a("www.example.test.", DClass.ANY, "")),
            "allows only records that hold 192.0.2.50"),
        new Attack("deleting another host's A record", TestZone.ZONE, relayed(CLIENT),
            List.of(a("www.example.test.", DClass.NONE, "192.0.2.10")),
            "allows only records that hold 192.0.2.50"),
        new Attack("the Windows shape over another host's name", TestZone.ZONE, relayed(CLIENT),
            List.of(a("www.example.test.", DClass.ANY, ""),
                a("www.example.test.", DClass.IN, "192.0.2.50")),
            "allows only records that hold 192.0.2.50"),
        new Attack("a PTR at another host's reverse name", REVERSE, relayed(CLIENT),
            List.of(ptr("51.2.0.192.in-addr.arpa.", "pc.example.test.")),
            "may not change 51.2.0.192.in-addr.arpa./PTR: no grant"),
        new Attack("an address outside every grant", TestZone.ZONE, relayed("198.51.100.7:53"),
            List.of(a("pc.example.test.", DClass.IN, "198.51.100.7")),
            "add the policy line 'grant address:198.51.100.7/32 name pc.example.test. A'"),
        new Attack("a zone whose policy is open to every key", OPEN, relayed(CLIENT),
            List.of(a("pc.open.test.", DClass.IN, "192.0.2.50")),
            "add the policy line 'grant address:192.0.2.50/32 name pc.open.test. A'"),
        new Attack("UDP that no relay attested", TestZone.ZONE, RequestContext.udp(CLIENT),
            List.of(a("pc.example.test.", DClass.IN, "192.0.2.50")),
            "updates must be signed with a TSIG key"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void refusedAndNothingChanges(Attack attack) {
    Map<Name, List<String>> before = Map.of(attack.zone(), contents(attack.zone()));

    Message answer = send(attack.zone(), attack.context(), attack.changes().toArray(Record[]::new));

    assertEquals(Rcode.REFUSED, answer.getRcode());
    String reason = reason(answer);
    assertTrue(reason.contains(attack.reason()), reason);
    assertEquals(before, Map.of(attack.zone(), contents(attack.zone())));
    assertEquals(List.of(), store.journal(attack.zone(), 0, 10));
  }

  @Test
  void aSelfAddressClientRegistersItsOwnAddressAndReverseName() {
    assertEquals(Rcode.NOERROR, send(TestZone.ZONE, relayed(CLIENT),
        a("pc.example.test.", DClass.ANY, ""), a("pc.example.test.", DClass.IN, "192.0.2.50"))
        .getRcode());
    assertEquals(Rcode.NOERROR, send(REVERSE, RequestContext.https(CLIENT),
        ptr("50.2.0.192.in-addr.arpa.", "pc.example.test.")).getRcode());

    JournalEntry forward = store.journal(TestZone.ZONE, 0, 10).get(0);
    assertEquals(List.of("unsigned", CLIENT + " via relay _relay.site1."),
        List.of(forward.keyName(), forward.client()));
    assertEquals(List.of("unsigned", CLIENT), store.journal(REVERSE, 0, 10).stream()
        .flatMap(e -> Stream.of(e.keyName(), e.client())).toList());
  }

  private List<String> contents(Name zone) {
    return store.open(zone).orElseThrow().nodes().map(Node::toString).toList();
  }

  private static String reason(Message answer) {
    return answer.getOPT() == null ? "" : answer.getOPT().getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR)
        .stream().map(o -> ((ExtendedErrorCodeOption) o).getText()).findFirst().orElse("");
  }
}
