package dev.ddns.core.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.RequestContext;
import dev.ddns.core.service.Transport;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.testing.SignedMessages;
import dev.ddns.testing.TestZone;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * IXFR (RFC 1995) through the service: which form the answer takes for a client's serial and
 * transport, as a table, and the signed multi-message stream.
 */
class IncrementalTransferTest {
  static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  /** Records in the test zone besides the SOA, before any update. */
  static final int ZONE_RECORDS = TestZone.DEFAULT.size() - 1;

  /** The zone after three updates: serials 1 -> 2 -> 3 -> 4, each adding one long TXT record. */
  final InMemoryZoneStore store = TestZone.store();
  final DnsService service = new DnsService(store, TestZone.keys(), CLOCK);

  IncrementalTransferTest() {
    for (int i = 2; i <= 4; i++) {
      update(service, CLOCK, List.of("n" + i + ".example.test. 300 TXT \"step " + i + " "
          + "x".repeat(120) + "\""));
    }
  }

  record Case(String rule, long clientSerial, Transport transport, int udpSize,
      List<Long> soaSerials, int records) {
    @Override
    public String toString() {
      return rule;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("RFC 1995 §4: the journal covers the gap: every difference sequence",
            1, Transport.TCP, 0, List.of(4L, 1L, 2L, 2L, 3L, 3L, 4L, 4L), 11),
        new Case("RFC 1995 §4: a client one step behind gets one difference sequence",
            3, Transport.TCP, 0, List.of(4L, 3L, 4L, 4L), 5),
        new Case("RFC 1995 §4: a serial the journal does not reach back to gets the full zone",
            0, Transport.TCP, 0, List.of(4L, 4L), ZONE_RECORDS + 3 + 2),
        new Case("RFC 1995 §4: an up-to-date client gets the single SOA",
            4, Transport.TCP, 0, List.of(4L), 1),
        new Case("RFC 1995 §4 with RFC 1982: a client with a newer serial gets the single SOA",
            5, Transport.TCP, 0, List.of(4L), 1),
        new Case("RFC 1995 §2: an IXFR that fits a datagram goes over UDP",
            3, Transport.UDP, 1232, List.of(4L, 3L, 4L, 4L), 5),
        new Case("RFC 1995 §2: an IXFR too big for the datagram is the single SOA",
            1, Transport.UDP, 512, List.of(4L), 1),
        new Case("RFC 1995 §2: over UDP the full zone is never sent, only the single SOA",
            0, Transport.UDP, 1232, List.of(4L), 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answerForm(Case c) {
    Message query = ixfr(c.clientSerial(), c.udpSize());
    List<Message> answer = send(service, query, c.transport());
    List<Record> records = answers(answer);
    assertEquals(c.soaSerials(), soaSerials(records), "SOA sequence");
    assertEquals(c.records(), records.size(), "records");
    assertEquals(Rcode.NOERROR, answer.get(0).getRcode());
  }

  @Test
  void journalPastRetentionFallsBackToTheFullZone() {
    Clock later = Clock.offset(CLOCK, Duration.ofDays(31));
    DnsService afterAMonth = new DnsService(store, TestZone.keys(), later);
    update(afterAMonth, later, List.of("n5.example.test. 300 TXT \"step 5\""));
    Message query = ixfr(1, 0);
    query.setTSIG(TestZone.KEY.signer(later));
    List<Record> records = answers(transfer(afterAMonth, query, Transport.TCP));
    assertEquals(List.of(5L, 5L), soaSerials(records), "the full zone, not differences");
    assertEquals(ZONE_RECORDS + 4 + 2, records.size());
  }

  @Test
  void multiMessageStreamVerifiesAsOneSignedTransfer() throws IOException {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      many.add("bulk" + i % 10 + ".example.test. 300 TXT \"record number " + i
          + " with some padding text\"");
    }
    update(service, CLOCK, many);
    Message query = ixfr(3, 0);
    byte[] wire = SignedMessages.signed(query, TestZone.KEY, CLOCK);
    List<byte[]> stream = service.handle(wire, RequestContext.tcp("test")).messages();
    assertTrue(stream.size() > 1, "the transfer spans several messages");
    TSIG.StreamVerifier verifier =
        new TSIG.StreamVerifier(TestZone.KEY.signer(CLOCK), query.getTSIG());
    List<Record> records = new ArrayList<>();
    for (byte[] bytes : stream) {
      Message m = new Message(bytes);
      assertEquals(Rcode.NOERROR, verifier.verify(m, bytes), "each message verifies in the chain");
      assertNotNull(m.getTSIG(), "every message is signed");
      records.addAll(m.getSection(Section.ANSWER));
    }
    assertEquals(List.of(5L, 3L, 4L, 4L, 5L, 5L), soaSerials(records));
  }

  @Test
  void transferKeysDecideWhoMayTransfer() {
    TsigKey other = TsigKey.of("other-key.", "hmac-sha256",
        "b3RoZXItb3RoZXItb3RoZXItb3RoZXItb3RoZXItb3Q=");
    store.updateSettings(TestZone.ZONE, store.open(TestZone.ZONE).orElseThrow().head()
        .settings().withTransferKeys(List.of("other-key")));
    DnsService twoKeys = new DnsService(store,
        new dev.ddns.adapter.secrets.StaticKeyStore(List.of(TestZone.KEY, other)), CLOCK);
    Message refused = ixfr(1, 1232);
    List<Message> answer = send(twoKeys, refused, Transport.TCP);
    assertEquals(Rcode.REFUSED, answer.get(0).getRcode());
    assertTrue(answer.get(0).getOPT().toString().contains("may not transfer"),
        "the Extended DNS Error says why");
    Message allowed = ixfr(1, 1232);
    allowed.setTSIG(other.signer(CLOCK));
    assertEquals(Rcode.NOERROR, transfer(twoKeys, allowed, Transport.TCP).get(0).getRcode());
  }

  static Message ixfr(long clientSerial, int udpSize) {
    Message query = Message.newQuery(Record.newRecord(TestZone.ZONE, Type.IXFR, DClass.IN));
    query.addRecord(new SOARecord(TestZone.ZONE, DClass.IN, 0, TestZone.ZONE, TestZone.ZONE,
        clientSerial, 0, 0, 0, 0), Section.AUTHORITY);
    if (udpSize > 0) {
      query.addRecord(new org.xbill.DNS.OPTRecord(udpSize, 0, 0), Section.ADDITIONAL);
    }
    return query;
  }

  static List<Message> send(DnsService service, Message query, Transport transport) {
    query.setTSIG(TestZone.KEY.signer(CLOCK));
    return transfer(service, query, transport);
  }

  static List<Message> transfer(DnsService service, Message query, Transport transport) {
    RequestContext context = new RequestContext(transport, RequestContext.MAX_MESSAGE, "test");
    List<Message> out = new ArrayList<>();
    for (byte[] bytes : service.handle(query.toWire(RequestContext.MAX_MESSAGE), context).messages()) {
      try {
        out.add(new Message(bytes));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  static void update(DnsService service, Clock clock, List<String> lines) {
    Message update = Message.newUpdate(TestZone.ZONE);
    lines.forEach(l -> update.addRecord(TestZone.rr(l), Section.UPDATE));
    byte[] wire = SignedMessages.signed(update, TestZone.KEY, clock);
    byte[] answer = service.handle(wire, RequestContext.tcp("test")).single();
    assertEquals(Rcode.NOERROR, answer[3] & 0x0f, "update applied");
  }

  /** Signs {@code m} and keeps the TSIG record on it, for verifying the answer. */
  static List<Record> answers(List<Message> messages) {
    List<Record> out = new ArrayList<>();
    messages.forEach(m -> out.addAll(m.getSection(Section.ANSWER)));
    return out;
  }

  static List<Long> soaSerials(List<Record> records) {
    return records.stream().filter(r -> r instanceof SOARecord)
        .map(r -> ((SOARecord) r).getSerial()).toList();
  }
}
