package dev.ddns.core.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.RequestContext;
import dev.ddns.testing.FuzzSupport;
import dev.ddns.testing.TestZone;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Each limit of {@link UpdateLimits}, at and one past it, through the service: a too-large update
 * is REFUSED with the limit in its Extended DNS Error text and leaves the zone as it was.
 */
class UpdateLimitsTest {
  /**
   * @param limit the rule
   * @param updates update sections sent one after another; only the last one is judged
   * @param rcode the last update's rcode
   * @param text what its Extended DNS Error says, or empty for success
   */
  record Case(String limit, List<List<Record>> updates, int rcode, String text) {
    @Override
    public String toString() {
      return limit;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("1000 RRs in one update are allowed", List.of(aRecords(10, 100)),
            Rcode.NOERROR, ""),
        new Case("1001 RRs in one update are refused",
            List.of(plus(aRecords(10, 100), TestZone.rr("extra 300 A 192.0.2.1"))),
            Rcode.REFUSED, "at most 1000 are allowed"),
        new Case("an RRset of 100 records is allowed (BIND max-records-per-type)",
            List.of(aRecords(1, 100)), Rcode.NOERROR, ""),
        new Case("an RRset of 101 records is refused", List.of(aRecords(1, 101)),
            Rcode.REFUSED, "h0.example.test./A would hold 101 records; at most 100 per RRset"),
        new Case("an RRset grown past 100 by a later update is refused",
            List.of(aRecords(1, 60), moreRecords(0, 41)),
            Rcode.REFUSED, "would hold 101 records"),
        new Case("a name with 240,000 bytes of rdata is allowed",
            bigTexts(4), Rcode.NOERROR, ""),
        new Case("a name past 300,000 bytes of rdata is refused",
            bigTexts(6), Rcode.REFUSED, "at most 300000 per name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void limit(Case c) throws IOException {
    InMemoryZoneStore store = TestZone.store();
    DnsService service = new DnsService(store, TestZone.keys(), FuzzSupport.CLOCK);
    for (List<Record> earlier : c.updates().subList(0, c.updates().size() - 1)) {
      assertEquals(Rcode.NOERROR, send(service, earlier).getRcode());
    }
    Set<String> before = FuzzSupport.contents(store, TestZone.ZONE);

    Message response = send(service, c.updates().get(c.updates().size() - 1));

    assertEquals(Rcode.string(c.rcode()), Rcode.string(response.getRcode()));
    if (c.rcode() != Rcode.NOERROR) {
      String text = ((ExtendedErrorCodeOption) response.getOPT().getOptions().get(0)).getText();
      assertTrue(text.contains(c.text()), text);
      assertEquals(before, FuzzSupport.contents(store, TestZone.ZONE));
    }
  }

  private static Message send(DnsService service, List<Record> updates) throws IOException {
    Message m = Message.newUpdate(TestZone.ZONE);
    updates.forEach(r -> m.addRecord(r, Section.UPDATE));
    m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    m.setTSIG(TestZone.KEY.signer(FuzzSupport.CLOCK));
    return new Message(service.handle(m.toWire(65535), RequestContext.tcp("test")).single());
  }

  /** {@code names} names h0, h1, ... with {@code perName} A records each. */
  private static List<Record> aRecords(int names, int perName) {
    List<Record> out = new ArrayList<>();
    for (int n = 0; n < names; n++) {
      for (int i = 0; i < perName; i++) {
        out.add(TestZone.rr("h" + n + " 300 A 10." + n + "." + (i / 256) + "." + (i % 256)));
      }
    }
    return out;
  }

  /** A records for h0 in 10.1.0.0/16, {@code count} of them starting at {@code from}. */
  private static List<Record> moreRecords(int from, int count) {
    List<Record> out = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      out.add(TestZone.rr("h0 300 A 10.1." + (i / 256) + "." + (i % 256)));
    }
    return out;
  }

  private static List<Record> plus(List<Record> records, Record one) {
    List<Record> out = new ArrayList<>(records);
    out.add(one);
    return out;
  }

  /** {@code count} updates, each adding one TXT record of about 60,000 bytes to name big. */
  private static List<List<Record>> bigTexts(int count) {
    List<List<Record>> out = new ArrayList<>();
    for (int u = 0; u < count; u++) {
      StringBuilder strings = new StringBuilder();
      for (int s = 0; s < 235; s++) {
        strings.append('"').append(Character.toString('a' + u).repeat(254)).append("\" ");
      }
      out.add(List.of(TestZone.rr("big 300 TXT " + strings)));
    }
    return out;
  }
}
