package dev.ddns.core.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.model.ZoneSettings;
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
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Each limit of {@link UpdateLimits}, at and one past it, through the service: a too-large update
 * is REFUSED with the limit in its Extended DNS Error text and leaves the zone as it was.
 */
class UpdateLimitsTest {
  /** Records in the default test zone. */
  private static final int ZONE_RECORDS = TestZone.DEFAULT.size();

  /**
   * @param limit the rule
   * @param maxRecords the zone's record limit
   * @param updates update sections sent one after another; only the last one is judged
   * @param rcode the last update's rcode
   * @param text what its Extended DNS Error says, or empty for success
   */
  record Case(String limit, long maxRecords, List<List<Record>> updates, int rcode, String text) {
    /** A row against the zone's default record limit. */
    Case(String limit, List<List<Record>> updates, int rcode, String text) {
      this(limit, ZoneSettings.DEFAULT_MAX_RECORDS, updates, rcode, text);
    }

    @Override
    public String toString() {
      return limit;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("5,000 RRs in one update are allowed (no bound but the message's size)",
            List.of(aRecords(50, 100)), Rcode.NOERROR, ""),
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
            bigTexts(6), Rcode.REFUSED, "at most 300000 per name"),
        new Case("an update removing about 2.9 MB of records is allowed",
            removingBigNames(12), Rcode.NOERROR, ""),
        new Case("an update removing past 3,500,000 bytes of records is refused",
            removingBigNames(15), Rcode.REFUSED, "at most 3,500,000 in one update"),
        new Case("an update that fills the zone to its record limit is allowed",
            ZONE_RECORDS + 2, List.of(aRecords(1, 2)), Rcode.NOERROR, ""),
        new Case("one record past the zone's limit is refused", ZONE_RECORDS + 2,
            List.of(aRecords(1, 3)), Rcode.REFUSED,
            "zone example.test. would hold 12 records; its limit is 11"),
        new Case("the count carries over from earlier updates", ZONE_RECORDS + 2,
            List.of(aRecords(1, 2), moreRecords(0, 1)), Rcode.REFUSED,
            "zone example.test. would hold 12 records; its limit is 11"),
        new Case("a full zone may swap a record for another", ZONE_RECORDS,
            List.of(List.of(none("www 0 A 192.0.2.10"), TestZone.rr("www 300 A 192.0.2.12"))),
            Rcode.NOERROR, ""),
        new Case("deletions are allowed in a zone over its limit", 5,
            List.of(List.of(any("txt"))), Rcode.NOERROR, ""),
        new Case("an update that shrinks a zone over its limit is allowed", 5,
            List.of(List.of(any("www"), TestZone.rr("www 300 A 192.0.2.12"))), Rcode.NOERROR, ""),
        new Case("a zone over its limit takes no growth", 5,
            List.of(List.of(TestZone.rr("more 300 A 192.0.2.12"))), Rcode.REFUSED,
            "zone example.test. would hold 10 records; its limit is 5"),
        new Case("a zone without a limit (0) grows", ZoneSettings.UNLIMITED,
            List.of(aRecords(10, 100)), Rcode.NOERROR, ""));
  }

  /**
   * @param records the head's record count, or -1 for a head without one
   * @param delta records the update adds (net)
   * @param maxRecords the zone's limit
   * @param text the refusal, or empty when allowed
   */
  record SizeCase(long records, long delta, long maxRecords, String text) {}

  static Stream<SizeCase> zoneSizes() {
    String million = "zone example.test. would hold 1,000,001 records; its limit is 1,000,000";
    return Stream.of(
        new SizeCase(999_999, 1, ZoneSettings.DEFAULT_MAX_RECORDS, ""),
        new SizeCase(1_000_000, 1, ZoneSettings.DEFAULT_MAX_RECORDS, million),
        new SizeCase(999_990, 11, ZoneSettings.DEFAULT_MAX_RECORDS, million),
        new SizeCase(1_000_000, 0, ZoneSettings.DEFAULT_MAX_RECORDS, ""),
        new SizeCase(2_000_000, -1, ZoneSettings.DEFAULT_MAX_RECORDS, ""),
        new SizeCase(-1, 5, 10, ""),
        new SizeCase(5_000_000_000L, 1, ZoneSettings.UNLIMITED, ""));
  }

  /** The rule on its own: an unknown count is not enforced, deletions always pass. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("zoneSizes")
  void zoneSize(SizeCase c) {
    ZoneHead head = new ZoneHead(TestZone.ZONE, 3, 1,
        ZoneSettings.of(SerialPolicy.INCREMENT).withMaxRecords(c.maxRecords()));
    Verdict verdict = UpdateLimits.checkZoneSize(c.records() < 0 ? head
        : head.withRecords(c.records()), c.delta());
    assertEquals(c.text().isEmpty() ? Verdict.OK : Verdict.fail(Rcode.REFUSED, c.text()), verdict);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void limit(Case c) throws IOException {
    InMemoryZoneStore store = TestZone.store();
    store.updateSettings(TestZone.ZONE, ZoneSettings.of(SerialPolicy.INCREMENT)
        .withMaxRecords(c.maxRecords()));
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

  private static Record none(String line) {
    Record r = TestZone.rr(line);
    return Record.newRecord(r.getName(), r.getType(), DClass.NONE, 0, r.rdataToWireCanonical());
  }

  private static Record any(String owner) {
    return Record.newRecord(TestZone.rr(owner + " 0 A 192.0.2.1").getName(), Type.ANY, DClass.ANY,
        0);
  }

  private static List<Record> plus(List<Record> records, Record one) {
    List<Record> out = new ArrayList<>(records);
    out.add(one);
    return out;
  }

  /** {@code count} updates, each adding one TXT record of about 60,000 bytes to name big. */
  private static List<List<Record>> bigTexts(int count) {
    return bigTexts("big", count);
  }

  private static List<List<Record>> bigTexts(String owner, int count) {
    List<List<Record>> out = new ArrayList<>();
    for (int u = 0; u < count; u++) {
      StringBuilder strings = new StringBuilder();
      for (int s = 0; s < 235; s++) {
        strings.append('"').append(Character.toString('a' + u).repeat(254)).append("\" ");
      }
      out.add(List.of(TestZone.rr(owner + " 300 TXT " + strings)));
    }
    return out;
  }

  /**
   * Updates filling {@code names} names with four 60,000-byte TXT records each (about 240 KB a
   * name), then one update deleting every one of those names.
   */
  private static List<List<Record>> removingBigNames(int names) {
    List<List<Record>> out = new ArrayList<>();
    List<Record> deletes = new ArrayList<>();
    for (int n = 0; n < names; n++) {
      out.addAll(bigTexts("big" + n, 4));
      deletes.add(any("big" + n));
    }
    out.add(deletes);
    return out;
  }
}
