package dev.ddns.core.service;

import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.query.IncrementalTransfer;
import dev.ddns.core.query.QueryResponder;
import dev.ddns.core.query.TransferPolicy;
import dev.ddns.core.query.ZoneTransfer;
import dev.ddns.core.tsig.TsigResponder;
import dev.ddns.core.tsig.TsigResult;
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
 * from the journal, RFC 1995) for TSIG-verified clients the zone allows.
 */
final class QueryHandler {
  private final ZoneStore store;
  private final TsigResponder responder;

  QueryHandler(ZoneStore store, TsigResponder responder) {
    this.store = store;
    this.responder = responder;
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
   * server), and a question naming the zone apex. AXFR needs a stream transport.
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
    if (query.getQuestion().getType() == Type.IXFR) {
      return incremental(query, tsig, context, zone);
    }
    if (context.transport() == Transport.UDP) {
      return single(Responses.reply(query, Rcode.FORMERR, "AXFR needs TCP"), tsig, limit);
    }
    return DnsResponse.stream(responder.renderStream(ZoneTransfer.axfr(query, zone), tsig));
  }

  /**
   * RFC 1995 §4: the single SOA for a client that is up to date, the difference sequences when
   * the journal reaches back to the client's serial, else the full zone. Over UDP an answer that
   * does not fit one datagram is the single SOA, so that the client retries over TCP (§2).
   */
  private DnsResponse incremental(Message query, TsigResult tsig, RequestContext context,
      ZoneReader zone) {
    int limit = Responses.limit(query, context);
    Optional<Long> clientSerial = clientSerial(query, zone.head().zone());
    if (clientSerial.isEmpty()) {
      return single(Responses.reply(query, Rcode.FORMERR,
          "IXFR needs the client's SOA in the authority section"), tsig, limit);
    }
    ZoneHead head = zone.head();
    if (IncrementalTransfer.isUpToDate(clientSerial.get(), head.serial())) {
      return soaOnly(query, tsig, zone, limit);
    }
    Optional<List<JournalEntry>> differences = IncrementalTransfer.differences(store,
        head.zone(), head.version(), head.serial(), clientSerial.get());
    if (differences.isEmpty()) {
      return context.transport() == Transport.UDP ? soaOnly(query, tsig, zone, limit)
          : DnsResponse.stream(responder.renderStream(ZoneTransfer.axfr(query, zone), tsig));
    }
    List<Message> messages = ZoneTransfer.pack(query,
        IncrementalTransfer.records(differences.get()));
    if (context.transport() != Transport.UDP) {
      return DnsResponse.stream(responder.renderStream(messages, tsig));
    }
    if (messages.size() == 1) {
      byte[] whole = responder.render(messages.get(0), tsig, RequestContext.MAX_MESSAGE);
      if (whole.length <= limit) {
        return DnsResponse.of(whole);
      }
    }
    return soaOnly(query, tsig, zone, limit);
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
