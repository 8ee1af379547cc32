package dev.ddns.core.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.RequestContext;
import dev.ddns.core.service.Transport;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.core.tsig.TsigResult;
import dev.ddns.testing.TestZone;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Who may transfer a zone (docs/transfers.md, "Who may transfer"): the rule table, and the attack
 * of issue 18 item 11, a key granted only in another zone asking for this one.
 */
class TransferPolicyTest {
  static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final Name ZONE2 = Name.fromConstantString("zone2.test.");
  static final TsigKey ZONE2_KEY = TsigKey.of("zone2-key.", "hmac-sha256",
      "em9uZTItem9uZTItem9uZTItem9uZTItem9uZTItem8=");
  static final String GRANT_TEST_KEY = "grant test-key. zonesub ANY";

  record Case(String why, List<String> policy, List<String> transferKeys, String notifyKey,
      String key, boolean allowed) {
    @Override
    public String toString() {
      return why;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("a zone without grant or deny rules lets every key change it, and so read it",
            List.of(), List.of(), "", "any-key.", true),
        new Case("a key with a grant in the zone may transfer it",
            List.of(GRANT_TEST_KEY), List.of(), "", "test-key.", true),
        new Case("a grant for part of the zone is a grant in the zone",
            List.of("grant acme. subdomain _acme-challenge.example.test. TXT"), List.of(), "",
            "ACME.", true),
        new Case("a wildcard grant covers the keys below it",
            List.of("grant *.dhcp. selfsub A"), List.of(), "", "host.dhcp.", true),
        new Case("a key without a grant may not, when others have grants",
            List.of(GRANT_TEST_KEY), List.of(), "", "zone2-key.", false),
        new Case("a deny rule is no grant",
            List.of("deny zone2-key. zonesub ANY", GRANT_TEST_KEY), List.of(), "",
            "zone2-key.", false),
        new Case("an expire rule is no grant: the zone stays open to every key",
            List.of("expire 1h subdomain _acme-challenge.example.test. TXT"), List.of(), "",
            "any-key.", true),
        new Case("the zone's notify key is its secondaries' key: it may transfer",
            List.of(GRANT_TEST_KEY), List.of(), "notify.example.test.", "notify.example.test.",
            true),
        new Case("named transfer keys may transfer",
            List.of(GRANT_TEST_KEY), List.of("xfr.example.test"), "", "XFR.example.test.",
            true),
        new Case("named transfer keys are the only ones: a granted key is not one of them",
            List.of(GRANT_TEST_KEY), List.of("xfr.example.test."), "", "test-key.", false),
        new Case("named transfer keys close an open zone to other keys",
            List.of(), List.of("xfr.example.test."), "", "any-key.", false),
        new Case("named transfer keys leave out the notify key unless it is named",
            List.of(), List.of("xfr.example.test."), "notify.example.test.",
            "notify.example.test.", false),
        new Case("a policy that does not parse grants nothing",
            List.of("grant test-key. sideways"), List.of(), "", "test-key.", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decidesWhoMayTransfer(Case c) {
    ZoneHead head = new ZoneHead(TestZone.ZONE, 0, 1, ZoneSettings.of(SerialPolicy.INCREMENT)
        .withUpdatePolicy(c.policy()).withTransferKeys(c.transferKeys())
        .withNotifyKey(c.notifyKey()));
    TsigKey key = TsigKey.of(c.key(), "hmac-sha256", TestZone.KEY.base64Secret());
    Optional<String> refusal = TransferPolicy.refusal(
        new TsigResult.Verified(key, null, Instant.EPOCH), head);
    assertEquals(c.allowed(), refusal.isEmpty(), refusal.orElse("allowed"));
  }

  @Test
  void unsignedTransfersAreRefused() {
    ZoneHead head = new ZoneHead(TestZone.ZONE, 0, 1, ZoneSettings.of(SerialPolicy.INCREMENT));
    assertEquals(Optional.of("zone transfers need a valid TSIG key"),
        TransferPolicy.refusal(new TsigResult.Unsigned(), head));
  }

  /**
   * Issue 18 item 11: a key granted only in zone2.test. asks for AXFR and IXFR of example.test.
   * Both are REFUSED with an Extended DNS Error that says why, and carry no record of the zone;
   * the zone is unchanged and its own key still updates it within 1 s.
   */
  @Test
  void aKeyGrantedOnlyInAnotherZoneMayNotTransferThisOne() throws IOException {
    InMemoryZoneStore store = TestZone.store();
    store.updateSettings(TestZone.ZONE, store.open(TestZone.ZONE).orElseThrow().head().settings()
        .withUpdatePolicy(List.of(GRANT_TEST_KEY)));
    store.create(new ZoneHead(ZONE2, 0, 1, ZoneSettings.of(SerialPolicy.INCREMENT)
        .withUpdatePolicy(List.of("grant zone2-key. zonesub ANY"))), List.of(Node.of(ZONE2,
        List.of(new SOARecord(ZONE2, DClass.IN, 3600, ZONE2, ZONE2, 1, 3600, 900, 604800, 300)))));
    DnsService service = new DnsService(store, new StaticKeyStore(List.of(TestZone.KEY,
        ZONE2_KEY)), CLOCK);
    List<Node> before = store.open(TestZone.ZONE).orElseThrow().nodes().toList();

    for (Message attack : List.of(axfr(), IncrementalTransferTest.ixfr(0, 1232))) {
      if (attack.getOPT() == null) {
        attack.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
      }
      attack.setTSIG(ZONE2_KEY.signer(CLOCK));
      List<Message> answer = transfer(service, attack);
      String what = Type.string(attack.getQuestion().getType());
      assertEquals(1, answer.size(), what);
      Message refused = answer.get(0);
      assertEquals(Rcode.string(Rcode.REFUSED), Rcode.string(refused.getRcode()), what);
      assertEquals(List.of(), refused.getSection(Section.ANSWER), what + ": nothing leaked");
      assertEquals(List.of(), refused.getSection(Section.AUTHORITY), what + ": nothing leaked");
      ExtendedErrorCodeOption ede = (ExtendedErrorCodeOption) refused.getOPT().getOptions()
          .get(0);
      assertEquals(ExtendedErrorCodeOption.PROHIBITED, ede.getErrorCode(), what);
      assertTrue(ede.getText().contains("zone2-key.") && ede.getText().contains("example.test."),
          what + ": " + ede.getText());
    }

    assertEquals(before, store.open(TestZone.ZONE).orElseThrow().nodes().toList(), "unchanged");
    long start = System.nanoTime();
    IncrementalTransferTest.update(service, CLOCK, List.of("after.example.test. 300 A 192.0.2.9"));
    assertTrue(System.nanoTime() - start < 1_000_000_000L, "a signed update within 1 s");
    Message own = axfr();
    own.setTSIG(TestZone.KEY.signer(CLOCK));
    assertEquals(Rcode.NOERROR, transfer(service, own).get(0).getRcode(), "its own key may");
  }

  static Message axfr() {
    return Message.newQuery(Record.newRecord(TestZone.ZONE, Type.AXFR, DClass.IN));
  }

  static List<Message> transfer(DnsService service, Message query) throws IOException {
    RequestContext context = new RequestContext(Transport.TCP, RequestContext.MAX_MESSAGE, "test");
    List<Message> out = new ArrayList<>();
    for (byte[] bytes : service.handle(query.toWire(RequestContext.MAX_MESSAGE), context)
        .messages()) {
      out.add(new Message(bytes));
    }
    return out;
  }
}
