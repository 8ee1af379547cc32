package dev.ddns.core.service;

import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.query.IncrementalTransfer;
import dev.ddns.core.query.QueryResponder;
import dev.ddns.core.query.TransferContinuation;
import dev.ddns.core.query.TransferPolicy;
import dev.ddns.core.query.ZoneTransfer;
import dev.ddns.core.tsig.TsigResponder;
import dev.ddns.core.tsig.TsigResult;
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
 */
final class QueryHandler {
  private final ZoneStore store;
  private final TsigResponder responder;
  private final TransferPages pages;
  private final RecentTransfer recent = new RecentTransfer();

  QueryHandler(ZoneStore store, TsigResponder responder) {
    this.store = store;
    this.responder = responder;
    this.pages = new TransferPages(responder);
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
    QueryResponder.answer(response, question.getName(), type, reader.get());
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

  private DnsResponse full(Message query, TsigResult.Verified tsig, RequestContext context,
      ZoneReader zone) {
    List<Message> messages = ZoneTransfer.axfr(query, zone);
    return firstPage(messages, tsig, context, false, zone.head(), -1);
  }

  /** The first page; the messages are kept for the pages after it. */
  private DnsResponse firstPage(List<Message> messages, TsigResult.Verified tsig,
      RequestContext context, boolean incremental, ZoneHead pin, long clientSerial) {
    DnsResponse page = pages.first(messages, tsig, context.paging(), incremental, pin);
    recent.keep(key(tsig, pin.zone(), pin.version(), incremental, clientSerial), messages,
        page.continuation().isPresent());
    return page;
  }

  private static RecentTransfer.Key key(TsigResult.Verified tsig, Name zone, long version,
      boolean incremental, long clientSerial) {
    return new RecentTransfer.Key(zone, version, incremental, clientSerial,
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
          ? firstPage(messages.get(), tsig, context, true, head, clientSerial)
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
   * The next page of a paged transfer, from the messages the first page kept, else built again
   * from the zone version it pinned: the journal for IXFR, the whole zone for AXFR. When that
   * version can no longer be had (the zone moved on, or the journal expired), the transfer ends
   * with SERVFAIL, never a mixed zone.
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
    Name apex = zone.head().zone();
    long clientSerial = pin.incremental() ? clientSerial(query, apex).orElseThrow() : -1;
    Optional<List<Message>> messages = recent.get(key(tsig, apex, pin.version(),
        pin.incremental(), clientSerial));
    if (messages.isEmpty() && pin.incremental()) {
      messages = differences(query, apex, pin.version(), pin.serial(), clientSerial);
    } else if (messages.isEmpty()) {
      List<Message> all = ZoneTransfer.axfr(query, zone);
      messages = zone.head().version() == pin.version() ? Optional.of(all) : Optional.empty();
    }
    if (messages.isEmpty() || messages.get().size() <= pin.nextMessage()) {
      return pages.abort(Responses.reply(query, Rcode.SERVFAIL, "zone " + zone.head().zone()
          + " changed during a paged transfer; transfer it again"), tsig, pin);
    }
    return pages.next(messages.get(), tsig, context.paging(), pin);
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
    QueryResponder.answer(response, zone.head().zone(), Type.SOA, zone);
    return single(response, tsig, limit);
  }

  private DnsResponse single(Message response, TsigResult tsig, int limit) {
    return DnsResponse.of(responder.render(response, tsig, limit));
  }
}
