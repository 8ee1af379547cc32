package dev.ddns.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.testing.SignedMessages;
import dev.ddns.testing.TestZone;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * Paged transfers (docs/transfers.md): the pages of an AXFR or IXFR form one TSIG stream that
 * dnsjava's stream verifier accepts, equal to the unpaged transfer, whether the pages come from one
 * instance or several; tokens bind to the request and key; a zone that moves on never gives a
 * mixed zone.
 */
class TransferPagingTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);
  static final int NAMES = 3000;
  static final int PAGE = 20_000;

  final InMemoryZoneStore store = TestZone.store(zone(), SerialPolicy.INCREMENT);
  final DnsService service = new DnsService(store, TestZone.keys(), CLOCK);

  record Case(String rule, int type, long clientSerial) {
    @Override
    public String toString() {
      return rule;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("AXFR in pages is the AXFR", Type.AXFR, 0),
        new Case("IXFR answered with the full zone, in pages", Type.IXFR, 0),
        new Case("IXFR difference sequences in pages", Type.IXFR, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void pagesFormOneSignedTransfer(Case c) throws IOException {
    if (c.clientSerial() == 1) {
      for (int step = 0; step < 4; step++) {
        update(bulk("added" + step, 90));
      }
    }
    Message query = query(c.type(), c.clientSerial());
    byte[] wire = signed(query, TestZone.KEY);
    List<byte[]> whole = service.handle(wire, RequestContext.tcp("test")).messages();
    List<List<byte[]>> pages = fetchPages(wire);
    assertTrue(pages.size() >= 2, "the transfer took several pages: " + pages.size());
    for (List<byte[]> page : pages.subList(0, pages.size() - 1)) {
      assertTrue(framed(page) <= PAGE, "a page stays within the limit");
    }
    List<byte[]> joined = pages.stream().flatMap(List::stream).toList();
    assertEquals(whole.size(), joined.size(), "as many messages as unpaged");
    assertEquals(answers(whole), verifiedAnswers(query, joined), "the same records in order");
  }

  @Test
  void differencesKeptByTheFirstPageStillGiveThePinnedVersionAfterTheZoneMovesOn()
      throws IOException {
    for (int step = 0; step < 4; step++) {
      update(bulk("added" + step, 90));
    }
    Message query = query(Type.IXFR, 1);
    byte[] wire = signed(query, TestZone.KEY);
    List<String> before = answers(service.handle(wire, RequestContext.tcp("t")).messages());
    DnsResponse first = service.handle(wire, paged(Optional.empty()));
    update(bulk("moved", 1));
    List<byte[]> stream = new ArrayList<>(first.messages());
    for (Optional<String> token = first.continuation(); token.isPresent(); ) {
      DnsResponse page = service.handle(wire, paged(token));
      stream.addAll(page.messages());
      token = page.continuation();
    }
    assertEquals(before, verifiedAnswers(query, stream), "the journal as the first page found it");
  }

  @Test
  void aFullZoneThatMovesOnBetweenPagesEndsWithServfailOnTheSameInstance() throws IOException {
    Message query = query(Type.AXFR, 0);
    byte[] wire = signed(query, TestZone.KEY);
    DnsResponse first = service.handle(wire, paged(Optional.empty()));
    update(bulk("moved", 1));
    DnsResponse second = service.handle(wire, paged(first.continuation()));
    assertFalse(second.continuation().isPresent(), "nothing follows");
    assertEquals(Rcode.SERVFAIL, new Message(second.single()).getRcode());
  }

  @Test
  void anotherInstanceFindingTheZoneMovedOnEndsTheTransferWithServfail() throws IOException {
    Message query = query(Type.AXFR, 0);
    byte[] wire = signed(query, TestZone.KEY);
    DnsResponse first = service.handle(wire, paged(Optional.empty()));
    update(bulk("moved", 1));
    DnsService otherInstance = new DnsService(store, TestZone.keys(), CLOCK);
    DnsResponse second = otherInstance.handle(wire, paged(first.continuation()));
    assertFalse(second.continuation().isPresent(), "nothing follows");
    List<byte[]> stream = new ArrayList<>(first.messages());
    stream.addAll(second.messages());
    verifiedAnswers(query, stream);
    assertEquals(Rcode.SERVFAIL, new Message(second.single()).getRcode());
  }

  @Test
  void anotherInstanceBuildsTheSamePagesAgain() throws IOException {
    Message query = query(Type.AXFR, 0);
    byte[] wire = signed(query, TestZone.KEY);
    List<String> whole = answers(service.handle(wire, RequestContext.tcp("t")).messages());
    List<byte[]> stream = new ArrayList<>();
    Optional<String> token = Optional.empty();
    do {
      DnsResponse page = new DnsService(store, TestZone.keys(), CLOCK).handle(wire, paged(token));
      stream.addAll(page.messages());
      token = page.continuation();
    } while (token.isPresent());
    assertEquals(whole, verifiedAnswers(query, stream), "each page from a fresh instance");
  }

  @Test
  void tokenIsHonouredOnlyForTheSameRequestAndKey() throws IOException {
    TsigKey other = TsigKey.of("other-key.", "hmac-sha256",
        "b3RoZXItb3RoZXItb3RoZXItb3RoZXItb3RoZXItb3Q=");
    DnsService twoKeys = new DnsService(store, new StaticKeyStore(List.of(TestZone.KEY, other)),
        CLOCK);
    byte[] wire = signed(query(Type.AXFR, 0), TestZone.KEY);
    String token = twoKeys.handle(wire, paged(Optional.empty())).continuation().orElseThrow();
    byte[] otherKey = signed(query(Type.AXFR, 0), other);
    byte[] otherRequest = signed(query(Type.AXFR, 0), TestZone.KEY);
    char flipped = token.charAt(10) == 'A' ? 'B' : 'A';
    String tampered = token.substring(0, 10) + flipped + token.substring(11);
    for (DnsResponse refused : List.of(
        twoKeys.handle(otherKey, paged(Optional.of(token))),
        twoKeys.handle(otherRequest, paged(Optional.of(token))),
        twoKeys.handle(wire, paged(Optional.of(tampered))))) {
      assertEquals(Rcode.FORMERR, new Message(refused.single()).getRcode());
    }
  }

  private List<List<byte[]>> fetchPages(byte[] wire) {
    List<List<byte[]>> pages = new ArrayList<>();
    Optional<String> token = Optional.empty();
    do {
      DnsResponse page = service.handle(wire, paged(token));
      pages.add(page.messages());
      token = page.continuation();
    } while (token.isPresent());
    return pages;
  }

  static RequestContext paged(Optional<String> token) {
    return RequestContext.tcp("test").withPaging(new TransferPaging(PAGE, token));
  }

  /** The answer records, each message verified in the chain as dnsjava's stream verifier does. */
  static List<String> verifiedAnswers(Message query, List<byte[]> stream) throws IOException {
    TSIG.StreamVerifier verifier =
        new TSIG.StreamVerifier(TestZone.KEY.signer(CLOCK), query.getTSIG());
    for (byte[] bytes : stream) {
      assertEquals(Rcode.NOERROR, verifier.verify(new Message(bytes), bytes), "MAC chain holds");
    }
    return answers(stream);
  }

  static List<String> answers(List<byte[]> stream) {
    List<String> out = new ArrayList<>();
    for (byte[] bytes : stream) {
      try {
        new Message(bytes).getSection(Section.ANSWER).forEach(r -> out.add(r.toString()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  static int framed(List<byte[]> page) {
    return page.stream().mapToInt(m -> 2 + m.length).sum();
  }

  void update(List<String> lines) {
    Message update = Message.newUpdate(TestZone.ZONE);
    lines.forEach(l -> update.addRecord(TestZone.rr(l), Section.UPDATE));
    byte[] answer = service.handle(signed(update, TestZone.KEY), RequestContext.tcp("t")).single();
    assertEquals(Rcode.NOERROR, answer[3] & 0x0f, "update applied");
  }

  static Message query(int type, long clientSerial) {
    Message query = Message.newQuery(Record.newRecord(TestZone.ZONE, type, DClass.IN));
    if (type == Type.IXFR) {
      query.addRecord(new SOARecord(TestZone.ZONE, DClass.IN, 0, TestZone.ZONE, TestZone.ZONE,
          clientSerial, 0, 0, 0, 0), Section.AUTHORITY);
    }
    return query;
  }

  /** Signs {@code m} with {@code key} and keeps its TSIG record, for verifying the answer. */
  static byte[] signed(Message m, TsigKey key) {
    return SignedMessages.signed(m, key, CLOCK);
  }

  static List<String> bulk(String label, int count) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      lines.add(label + ".example.test. 300 TXT \"" + label + " record " + i + " "
          + "padding".repeat(12) + "\"");
    }
    return lines;
  }

  static List<String> zone() {
    List<String> lines = new ArrayList<>(TestZone.DEFAULT);
    for (int i = 0; i < NAMES; i++) {
      lines.add("host" + i + ".example.test. 300 A 198.51." + (i / 250) + "." + (i % 250));
    }
    return lines;
  }
}
