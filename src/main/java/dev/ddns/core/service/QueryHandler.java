package dev.ddns.core.service;

import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.port.ZoneReads;
import dev.ddns.core.query.IncrementalTransfer;
import dev.ddns.core.query.QueryResponder;
import dev.ddns.core.query.TransferContinuation;
import dev.ddns.core.query.TransferPolicy;
import dev.ddns.core.query.ZonePages;
import dev.ddns.core.query.ZoneTransfer;
import dev.ddns.core.tsig.TsigResponder;
import dev.ddns.core.tsig.TsigResult;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * QUERY requests: authoritative answers for served zones, and zone transfers (AXFR, RFC 5936; IXFR
 * from the journal, RFC 1995) for TSIG-verified clients the zone allows, paged where the transport
 * limits a response's size ({@link TransferPaging}).
 *
 * <p>A paged full-zone transfer reads the zone page by page ({@link ZonePages}): each page reads
 * the nodes it sends from where the page before ended, and is sent only when the zone's version
 * after those reads is still the one the first page pinned (the head read on open before, {@link
 * ZoneReader#currentVersion()} after). An unpaged one reads the zone as one snapshot.
 */
final class QueryHandler {
  /** Times the first page of a full-zone transfer is read again when the zone moved meanwhile. */
  static final int FIRST_PAGE_ATTEMPTS = 3;

  private final ZoneReads store;
  private final TsigResponder responder;
  private final TransferPages pages;
  private final Clock clock;
  private final RecentTransfer recent = new RecentTransfer();

  QueryHandler(ZoneReads store, TsigResponder responder, Clock clock) {
    this.store = store;
    this.responder = responder;
    this.clock = clock;
    this.pages = new TransferPages(responder, clock);
  }

  DnsResponse handle(Message query, TsigResult tsig, RequestContext context) {
    int limit = Responses.limit(query, context);
    if (query.getHeader().getCount(Section.QUESTION) != 1) {
      return single(Responses.reply(query, Rcode.FORMERR, "a query holds exactly one question"),
          tsig, limit);
    }
    Record question = query.getQuestion();
    Optional<Name> zone = store.findZone(question.getName());
    if (question.getDClass() != DClass.IN || zone.isEmpty()) {
      return single(Responses.reply(query, Rcode.REFUSED, "not authoritative for "
          + question.getName()), tsig, limit);
    }
    Optional<ZoneReader> reader = store.open(zone.get());
    if (reader.isEmpty()) {
      return single(Responses.reply(query, Rcode.REFUSED, "zone " + zone.get()
          + " is no longer served"), tsig, limit);
    }
    int type = question.getType();
    if (type == Type.AXFR || type == Type.IXFR) {
      return transfer(query, tsig, context, reader.get());
    }
    Message response = Responses.reply(query, Rcode.NOERROR, "");
    // RFC 8482 §4.1, as BIND's minimal-any: ANY over UDP gets one RRset, over streams all.
    QueryResponder.answer(response, question.getName(), type, reader.get(),
        context.transport() == Transport.UDP);
    return single(response, tsig, limit);
  }

  /**
   * RFC 5936 §4.2: transfers need a verified TSIG key that the zone allows (the policy of this
   * server), and a question naming the zone apex. AXFR needs a stream transport. A request with a
   * continuation token asks for the next page of a paged transfer.
   */
  private DnsResponse transfer(Message query, TsigResult tsig, RequestContext context,
      ZoneReader zone) {
    int limit = Responses.limit(query, context);
    Name qname = query.getQuestion().getName();
    Optional<String> refusal = TransferPolicy.refusal(tsig, zone.head());
    if (refusal.isPresent()) {
      return single(Responses.reply(query, Rcode.REFUSED, refusal.get()), tsig, limit);
    }
    if (!qname.equals(zone.head().zone())) {
      return single(Responses.reply(query, Rcode.NOTAUTH, qname + " is not a zone apex"), tsig,
          limit);
    }
    TsigResult.Verified verified = (TsigResult.Verified) tsig;
    Optional<Long> clientSerial = clientSerial(query, zone.head().zone());
    boolean ixfr = query.getQuestion().getType() == Type.IXFR;
    if (ixfr && clientSerial.isEmpty()) {
      return single(Responses.reply(query, Rcode.FORMERR,
          "IXFR needs the client's SOA in the authority section"), tsig, limit);
    }
    if (context.transport() == Transport.UDP && !ixfr) {
      return single(Responses.reply(query, Rcode.FORMERR, "AXFR needs TCP"), tsig, limit);
    }
    Optional<String> token = context.paging().continuation();
    if (token.isPresent()) {
      return resume(query, verified, context, zone, token.get());
    }
    return ixfr ? incremental(query, verified, context, zone, clientSerial.get())
        : full(query, verified, context, zone);
  }

  /**
   * The full zone: unpaged from one snapshot of it, else its first page, read again when the zone
   * moved on while it was read, until it stands still or {@link #FIRST_PAGE_ATTEMPTS} are used up.
   */
  private DnsResponse full(Message query, TsigResult.Verified tsig, RequestContext context,
      ZoneReader zone) {
    TransferPaging paging = context.paging();
    if (!paging.isPaged()) {
      List<Message> messages = ZoneTransfer.axfr(query, zone);
      return pages.send(pages.first(TransferPages.of(messages, 0), tsig, paging, false,
          zone.head(), deadline(paging)), tsig);
    }
    Instant deadline = deadline(paging);
    ZoneReader attempt = zone;
    for (int round = 1; ; round++) {
      ZoneHead pin = attempt.head();
      TransferPages.Page page = pages.first(source(ZonePages.start(query, attempt)), tsig,
          paging, false, pin, deadline);
      if (attempt.currentVersion().orElse(-1) == pin.version()) {
        return pages.send(page, tsig);
      }
      Optional<ZoneReader> again = store.open(pin.zone());
      if (round == FIRST_PAGE_ATTEMPTS || again.isEmpty()) {
        return pages.abort(Responses.reply(query, Rcode.SERVFAIL, "zone " + pin.zone()
            + " kept changing while its transfer was read; transfer it again"), tsig,
            new byte[0]);
      }
      attempt = again.get();
    }
  }

  private Instant deadline(TransferPaging paging) {
    return clock.instant().plus(paging.pageTime());
  }

  private static TransferPages.Source source(ZonePages zonePages) {
    return new TransferPages.Source() {
      @Override
      public TransferContinuation.Position position() {
        return zonePages.position();
      }

      @Override
      public boolean hasNext() {
        return zonePages.hasNext();
      }

      @Override
      public Optional<Message> next() {
        return zonePages.next();
      }
    };
  }

  /** The first page of IXFR difference sequences; the messages are kept for the pages after it. */
  private DnsResponse firstIncrementalPage(List<Message> messages, TsigResult.Verified tsig,
      RequestContext context, ZoneHead pin, long clientSerial) {
    TransferPages.Page page = pages.first(TransferPages.of(messages, 0), tsig, context.paging(),
        true, pin, deadline(context.paging()));
    recent.keep(key(tsig, pin.zone(), pin.version(), clientSerial), messages,
        page.next().isPresent());
    return pages.send(page, tsig);
  }

  private static RecentTransfer.Key key(TsigResult.Verified tsig, Name zone, long version,
      long clientSerial) {
    return new RecentTransfer.Key(zone, version, clientSerial,
        Base64.getEncoder().encodeToString(tsig.requestTsig().getSignature()));
  }

  /**
   * RFC 1995 §4: the single SOA for a client that is up to date, the difference sequences when
   * the journal reaches back to the client's serial, else the full zone. Over UDP an answer that
   * does not fit one datagram is the single SOA, so that the client retries over TCP (§2).
   */
  private DnsResponse incremental(Message query, TsigResult.Verified tsig,
      RequestContext context, ZoneReader zone, long clientSerial) {
    int limit = Responses.limit(query, context);
    ZoneHead head = zone.head();
    if (IncrementalTransfer.isUpToDate(clientSerial, head.serial())) {
      return soaOnly(query, tsig, zone, limit);
    }
    Optional<List<Message>> messages = differences(query, head.zone(), head.version(),
        head.serial(), clientSerial);
    if (context.transport() != Transport.UDP) {
      return messages.isPresent()
          ? firstIncrementalPage(messages.get(), tsig, context, head, clientSerial)
          : full(query, tsig, context, zone);
    }
    if (messages.isPresent() && messages.get().size() == 1) {
      byte[] whole = responder.render(messages.get().get(0), tsig, RequestContext.MAX_MESSAGE);
      if (whole.length <= limit) {
        return DnsResponse.of(whole);
      }
    }
    return soaOnly(query, tsig, zone, limit);
  }

  /**
   * The IXFR messages from the journal up to {@code version}; empty when it does not reach back.
   */
  private Optional<List<Message>> differences(Message query, Name zone, long version,
      long serial, long clientSerial) {
    return IncrementalTransfer.differences(store, zone, version, serial, clientSerial)
        .map(entries -> ZoneTransfer.pack(query, IncrementalTransfer.records(entries)));
  }

  /**
   * The next page of a paged transfer, from the zone version the first page pinned: IXFR
   * difference sequences from the messages the first page kept, else built again from the journal
   * up to that version; the full zone read on from the token's position. When that version can no
   * longer be had (the zone moved on, or the journal expired), the transfer ends with SERVFAIL,
   * never a mixed zone.
   */
  private DnsResponse resume(Message query, TsigResult.Verified tsig, RequestContext context,
      ZoneReader zone, String token) {
    Optional<TransferContinuation> at = TransferContinuation.open(token, tsig.key(),
        tsig.requestTsig().getSignature());
    if (at.isEmpty()) {
      return single(Responses.reply(query, Rcode.FORMERR, "the continuation token was not "
          + "issued for this request and key"), tsig, Responses.limit(query, context));
    }
    TransferContinuation pin = at.get();
    Instant deadline = deadline(context.paging());
    Optional<TransferPages.Page> page = pin.incremental()
        ? nextDifferences(query, tsig, context, zone, pin, deadline)
        : nextOfZone(query, tsig, context, zone, pin, deadline);
    if (page.isEmpty()) {
      return pages.abort(Responses.reply(query, Rcode.SERVFAIL, "zone " + zone.head().zone()
          + " changed during a paged transfer; transfer it again"), tsig, pin.priorMac());
    }
    return pages.send(page.get(), tsig);
  }

  private Optional<TransferPages.Page> nextDifferences(Message query, TsigResult.Verified tsig,
      RequestContext context, ZoneReader zone, TransferContinuation pin, Instant deadline) {
    Name apex = zone.head().zone();
    long clientSerial = clientSerial(query, apex).orElseThrow();
    Optional<List<Message>> messages = recent.get(key(tsig, apex, pin.version(), clientSerial));
    if (messages.isEmpty()) {
      messages = differences(query, apex, pin.version(), pin.serial(), clientSerial);
    }
    int first = pin.next().index();
    return messages.filter(m -> first < m.size()).map(m -> pages.next(
        TransferPages.of(m, first), tsig, context.paging(), pin, deadline));
  }

  /** The next page of the full zone, when the zone is still at the pinned version throughout. */
  private Optional<TransferPages.Page> nextOfZone(Message query, TsigResult.Verified tsig,
      RequestContext context, ZoneReader zone, TransferContinuation pin, Instant deadline) {
    if (zone.head().version() != pin.version()) {
      return Optional.empty();
    }
    Optional<TransferPages.Page> page = ZonePages.resume(query, zone, pin.next())
        .map(from -> pages.next(source(from), tsig, context.paging(), pin, deadline));
    return page.filter(p -> zone.currentVersion().orElse(-1) == pin.version());
  }

  /** RFC 1995 §3: the client's version is the SOA in the authority section. */
  private static Optional<Long> clientSerial(Message query, Name zone) {
    for (Record r : query.getSection(Section.AUTHORITY)) {
      if (r instanceof SOARecord soa && soa.getName().equals(zone)) {
        return Optional.of(soa.getSerial());
      }
    }
    return Optional.empty();
  }

  private DnsResponse soaOnly(Message query, TsigResult tsig, ZoneReader zone, int limit) {
    Message response = Responses.reply(query, Rcode.NOERROR, "");
    QueryResponder.answer(response, zone.head().zone(), Type.SOA, zone, false);
    return single(response, tsig, limit);
  }

  private DnsResponse single(Message response, TsigResult tsig, int limit) {
    return DnsResponse.of(responder.render(response, tsig, limit));
  }
}
