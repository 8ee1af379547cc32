package dev.ddns.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.model.Node;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.query.TransferContinuation;
import dev.ddns.core.query.TransferContinuation.Position;
import dev.ddns.core.query.ZonePages;
import dev.ddns.core.query.ZoneTransfer;
import dev.ddns.testing.ForwardingZoneStore;
import dev.ddns.testing.MutableClock;
import dev.ddns.testing.SignedMessages;
import dev.ddns.testing.TestZone;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * Paged full-zone transfers that resume from a node position (docs/transfers.md, "Paging"): a
 * page read on from any position a token can hold continues the unpaged transfer exactly; pages
 * read about what they send, never the whole zone; a commit between pages, a token for another
 * request, and the page time end or refuse pages as the rules say. Each store runs this through a
 * subclass.
 */
public abstract class PagedTransferContract {
  static final Name ZONE = TestZone.ZONE;
  static final Name BIG = Name.fromConstantString("big.example.test.");
  static final int BIG_RECORDS = 400;
  static final int HOSTS = 1200;
  static final int PAGE = 20_000;

  /** A new, empty store. */
  protected abstract ZoneStore newStore();

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
  CountingStore store;

  @BeforeEach
  void loadZone() {
    store = new CountingStore(newStore());
    TestZone.load(store, zoneLines(), SerialPolicy.INCREMENT);
  }

  static List<String> zoneLines() {
    List<String> lines = new ArrayList<>(TestZone.DEFAULT);
    for (int i = 0; i < BIG_RECORDS; i++) {
      lines.add("big.example.test. 300 TXT \"record " + i + " of a node with many records\"");
    }
    for (int i = 0; i < HOSTS; i++) {
      lines.add("host" + i + ".example.test. 300 A 198.51." + (i / 250) + "." + (i % 250));
    }
    return lines;
  }

  /** Where a transfer resumes, and how many records of the full transfer come before it. */
  record Resume(String rule, Position at, int recordsBefore) {
    @Override
    public String toString() {
      return rule;
    }
  }

  List<Resume> resumes(List<Record> whole) {
    int firstBig = indexOf(whole, BIG);
    Name last = whole.get(whole.size() - 2).getName();
    int lastRecords = whole.size() - 1 - indexOf(whole, last);
    return List.of(
        new Resume("inside a node with many records", Position.record(BIG, 123), firstBig + 123),
        new Resume("at the start of a node", Position.record(BIG, 0), firstBig),
        new Resume("at the end of a node: the next node follows",
            Position.record(BIG, BIG_RECORDS), firstBig + BIG_RECORDS),
        new Resume("after the apex's own records", Position.record(ZONE, 2), 3),
        new Resume("at the end of the last node: only the closing SOA",
            Position.record(last, lastRecords), whole.size() - 1),
        new Resume("the closing SOA", Position.closing(), whole.size() - 1));
  }

  /** The cases of {@link #resumes}, by index and rule, for the test names. */
  static Stream<Arguments> resumeCases() {
    return Stream.of(
        Arguments.of(0, "inside a node with many records"),
        Arguments.of(1, "at the start of a node"),
        Arguments.of(2, "at the end of a node: the next node follows"),
        Arguments.of(3, "after the apex's own records"),
        Arguments.of(4, "at the end of the last node: only the closing SOA"),
        Arguments.of(5, "the closing SOA"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("resumeCases")
  void resumingAtAPositionContinuesTheUnpagedTransfer(int index, String rule)
      throws IOException {
    Message query = query();
    ZoneReader zone = store.open(ZONE).orElseThrow();
    List<Record> whole = records(ZoneTransfer.axfr(query, zone));
    Resume c = resumes(whole).get(index);
    assertEquals(rule, c.rule());
    store.nodesRead = 0;
    ZonePages pages = ZonePages.resume(query, store.open(ZONE).orElseThrow(), c.at())
        .orElseThrow();
    List<Record> rest = new ArrayList<>();
    for (Optional<Message> m = pages.next(); m.isPresent(); m = pages.next()) {
      rest.addAll(m.get().getSection(Section.ANSWER));
    }
    assertEquals(strings(whole.subList(c.recordsBefore(), whole.size())), strings(rest), c.rule());
    long owners = rest.stream().map(Record::getName).distinct().count();
    assertTrue(store.nodesRead <= owners + 16, c.rule() + ": read " + store.nodesRead
        + " nodes for " + owners + " owners");
  }

  @Test
  void aPositionTheZoneNoLongerHasIsRefused() {
    ZoneReader zone = store.open(ZONE).orElseThrow();
    assertTrue(ZonePages.resume(query(), zone,
        Position.record(Name.fromConstantString("gone.example.test."), 0)).isEmpty());
    assertTrue(ZonePages.resume(query(), zone, Position.record(BIG, BIG_RECORDS + 1)).isEmpty());
  }

  @Test
  void pagesFromFreshInstancesFormTheUnpagedTransferAndReadOnlyWhatTheySend() throws IOException {
    Message query = query();
    byte[] wire = SignedMessages.signed(query, TestZone.KEY, clock);
    List<byte[]> whole = service().handle(wire, RequestContext.tcp("t")).messages();
    int zoneNodes = HOSTS + 5;
    List<byte[]> stream = new ArrayList<>();
    Optional<String> token = Optional.empty();
    int pages = 0;
    long total = 0;
    do {
      store.nodesRead = 0;
      store.wholeZoneReads = 0;
      DnsResponse page = service().handle(wire, paged(token, PAGE, Duration.ofMinutes(1)));
      assertEquals(0, store.wholeZoneReads, "no page reads the whole zone");
      assertTrue(store.nodesRead < zoneNodes / 2, "page " + pages + " read "
          + store.nodesRead + " of " + zoneNodes + " nodes");
      total += store.nodesRead;
      stream.addAll(page.messages());
      token = page.continuation();
      pages++;
    } while (token.isPresent());
    assertTrue(pages >= 4, "the transfer took several pages: " + pages);
    assertTrue(total <= 2L * zoneNodes + (long) pages * ZonePages.FIRST_READ, "all pages read "
        + total + " nodes of a zone of " + zoneNodes);
    assertEquals(TransferPagingTest.answers(whole), verified(query, stream));
    assertEquals(whole.size(), stream.size(), "the same messages as unpaged");
  }

  @Test
  void aCommitBetweenPagesEndsTheTransferWithServfail() throws IOException {
    Message query = query();
    byte[] wire = SignedMessages.signed(query, TestZone.KEY, clock);
    DnsResponse first = service().handle(wire, paged(Optional.empty(), PAGE,
        Duration.ofMinutes(1)));
    Message update = Message.newUpdate(ZONE);
    update.addRecord(TestZone.rr("moved.example.test. 300 A 192.0.2.1"), Section.UPDATE);
    byte[] answer = service().handle(SignedMessages.signed(update, TestZone.KEY, clock),
        RequestContext.tcp("t")).single();
    assertEquals(Rcode.NOERROR, answer[3] & 0x0f, "update applied");
    DnsResponse second = service().handle(wire, paged(first.continuation(), PAGE,
        Duration.ofMinutes(1)));
    assertFalse(second.continuation().isPresent(), "nothing follows");
    assertEquals(Rcode.SERVFAIL, new Message(second.single()).getRcode());
    List<byte[]> stream = new ArrayList<>(first.messages());
    stream.addAll(second.messages());
    verified(query, stream);
  }

  @Test
  void aTokenForAnotherRequestIsRefused() throws IOException {
    byte[] wire = SignedMessages.signed(query(), TestZone.KEY, clock);
    String token = service().handle(wire, paged(Optional.empty(), PAGE, Duration.ofMinutes(1)))
        .continuation().orElseThrow();
    byte[] another = SignedMessages.signed(query(), TestZone.KEY, clock);
    DnsResponse refused = service().handle(another, paged(Optional.of(token), PAGE,
        Duration.ofMinutes(1)));
    assertEquals(Rcode.FORMERR, new Message(refused.single()).getRcode());
  }

  @Test
  void thePageTimeEndsAPageEarly() throws IOException {
    store.readTime = Duration.ofSeconds(1);
    Message query = query();
    byte[] wire = SignedMessages.signed(query, TestZone.KEY, clock);
    List<byte[]> whole = service().handle(wire, RequestContext.tcp("t")).messages();
    int limit = 1_000_000;
    List<byte[]> stream = new ArrayList<>();
    Optional<String> token = Optional.empty();
    int pages = 0;
    do {
      DnsResponse page = service().handle(wire, paged(token, limit, Duration.ofSeconds(2)));
      if (page.continuation().isPresent()) {
        assertTrue(TransferPagingTest.framed(page.messages()) < limit / 4,
            "ended by time, not by size");
      }
      stream.addAll(page.messages());
      token = page.continuation();
      pages++;
    } while (token.isPresent());
    assertTrue(pages >= 2, "the page time made several pages: " + pages);
    assertEquals(TransferPagingTest.answers(whole), verified(query, stream));
  }

  @Test
  void theContinuationTokenCarriesTheNodePosition() {
    byte[] wire = SignedMessages.signed(query(), TestZone.KEY, clock);
    Message signed = parse(wire);
    String token = service().handle(wire, paged(Optional.empty(), PAGE, Duration.ofMinutes(1)))
        .continuation().orElseThrow();
    TransferContinuation at = TransferContinuation.open(token, TestZone.KEY,
        signed.getTSIG().getSignature()).orElseThrow();
    assertFalse(at.incremental());
    assertTrue(at.next().node().isPresent(), "a node position: " + at);
  }

  DnsService service() {
    return new DnsService(store, TestZone.keys(), clock);
  }

  static RequestContext paged(Optional<String> token, int limit, Duration time) {
    return RequestContext.tcp("test").withPaging(new TransferPaging(limit, time, token));
  }

  static Message query() {
    return Message.newQuery(Record.newRecord(ZONE, Type.AXFR, DClass.IN));
  }

  List<String> verified(Message query, List<byte[]> stream) throws IOException {
    TSIG.StreamVerifier verifier =
        new TSIG.StreamVerifier(TestZone.KEY.signer(clock), query.getTSIG());
    for (byte[] bytes : stream) {
      assertEquals(Rcode.NOERROR, verifier.verify(new Message(bytes), bytes), "MAC chain holds");
    }
    return TransferPagingTest.answers(stream);
  }

  static Message parse(byte[] wire) {
    try {
      return new Message(wire);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static List<Record> records(List<Message> messages) {
    List<Record> out = new ArrayList<>();
    messages.forEach(m -> out.addAll(m.getSection(Section.ANSWER)));
    return out;
  }

  static int indexOf(List<Record> records, Name owner) {
    for (int i = 0; i < records.size(); i++) {
      if (records.get(i).getName().equals(owner)) {
        return i;
      }
    }
    throw new AssertionError(owner + " not in the transfer");
  }

  static List<String> strings(List<Record> records) {
    return records.stream().map(Record::toString).toList();
  }

  /**
   * A store that counts the nodes its readers return and the whole-zone reads, and lets each
   * ranged read take {@code readTime} on the test's clock.
   */
  final class CountingStore extends ForwardingZoneStore {
    long nodesRead;
    long wholeZoneReads;
    Duration readTime = Duration.ZERO;

    CountingStore(ZoneStore delegate) {
      super(delegate);
    }

    @Override
    public Optional<ZoneReader> open(Name zone) {
      return delegate.open(zone).map(Counting::new);
    }

    private final class Counting implements ZoneReader {
      private final ZoneReader reader;

      Counting(ZoneReader reader) {
        this.reader = reader;
      }

      @Override
      public ZoneHead head() {
        return reader.head();
      }

      @Override
      public Optional<Node> node(Name name) {
        Optional<Node> node = reader.node(name);
        nodesRead += node.isPresent() ? 1 : 0;
        return node;
      }

      @Override
      public List<Node> nodesBelow(Name name, int limit) {
        List<Node> nodes = reader.nodesBelow(name, limit);
        nodesRead += nodes.size();
        return nodes;
      }

      @Override
      public Stream<Node> nodes() {
        wholeZoneReads++;
        List<Node> nodes = reader.nodes().toList();
        nodesRead += nodes.size();
        return nodes.stream();
      }

      @Override
      public List<Node> nodesFrom(Name first, int limit) {
        List<Node> nodes = reader.nodesFrom(first, limit);
        nodesRead += nodes.size();
        clock.advance(readTime);
        return nodes;
      }

      @Override
      public OptionalLong currentVersion() {
        return reader.currentVersion();
      }
    }
  }
}
