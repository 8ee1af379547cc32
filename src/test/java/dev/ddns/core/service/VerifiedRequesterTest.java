package dev.ddns.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.core.policy.Requester;
import dev.ddns.core.update.Verdict;
import dev.ddns.testing.MutableClock;
import dev.ddns.testing.TestZone;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * {@link DnsService#update}: an update asked by a requester its caller verified (a dyndns2 token)
 * goes through the zone's policy and is journaled with how it was authorized.
 */
class VerifiedRequesterTest {
  private final InMemoryZoneStore store = TestZone.store();
  private final DnsService service = new DnsService(store, TestZone.keys(),
      new MutableClock(Instant.parse("2026-12-02T17:00:00Z")));

  VerifiedRequesterTest() {
    store.updateSettings(TestZone.ZONE, store.open(TestZone.ZONE).orElseThrow().head().settings()
        .withUpdatePolicy(List.of("grant token:router name router.example.test. A AAAA")));
  }

  private static Update setA(String name, String address) throws Exception {
    Update update = new Update(TestZone.ZONE);
    update.replace(Name.fromString(name), Type.A, 60, address);
    return update;
  }

  @Test
  void aGrantedTokenChangesItsNameAndTheJournalSaysSo() throws Exception {
    Verdict verdict = service.update(setA("router.example.test.", "198.51.100.9"),
        new Requester.Token("router"), "203.0.113.5");

    assertEquals(Verdict.OK, verdict);
    assertEquals(List.of("token:router 203.0.113.5"), store.journal(TestZone.ZONE, 0, 10)
        .stream().map(e -> e.keyName() + " " + e.client()).toList());
  }

  @Test
  void aTokenIsRefusedOutsideItsGrantAndNothingChanges() throws Exception {
    for (Requester who : List.of(new Requester.Token("printer"), new Requester.Token("router"))) {
      String name = who.equals(new Requester.Token("router")) ? "www.example.test."
          : "router.example.test.";

      Verdict verdict = service.update(setA(name, "198.51.100.9"), who, "203.0.113.5");

      assertEquals(Rcode.REFUSED, verdict.rcode(), who + " at " + name);
      assertTrue(verdict.reason().startsWith(who.describe() + " may not change " + name + "/A"),
          verdict.reason());
    }
    assertEquals(List.of(), store.journal(TestZone.ZONE, 0, 10));
  }
}
