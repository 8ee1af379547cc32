package dev.ddns.core.service;

import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.query.QueryResponder;
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
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * QUERY requests: authoritative answers for served zones, and zone transfers (AXFR, and IXFR
 * answered with the full zone, RFC 1995 §4) for TSIG-verified clients over streams.
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
   * RFC 5936 §4.2: transfers need a verified TSIG key (the policy of this server), a stream
   * transport, and a question naming the zone apex. IXFR over UDP gets the single SOA (RFC 1995
   * §2), telling the client to retry over TCP.
   */
  private DnsResponse transfer(Message query, TsigResult tsig, RequestContext context,
      ZoneReader zone) {
    int limit = Responses.limit(query, context);
    Name qname = query.getQuestion().getName();
    if (!(tsig instanceof TsigResult.Verified)) {
      return single(Responses.reply(query, Rcode.REFUSED,
          "zone transfers need a valid TSIG key"), tsig, limit);
    }
    if (!qname.equals(zone.head().zone())) {
      return single(Responses.reply(query, Rcode.NOTAUTH, qname + " is not a zone apex"), tsig,
          limit);
    }
    if (context.transport() == Transport.UDP) {
      if (query.getQuestion().getType() == Type.AXFR) {
        return single(Responses.reply(query, Rcode.FORMERR, "AXFR needs TCP"), tsig, limit);
      }
      Message soaOnly = Responses.reply(query, Rcode.NOERROR, "");
      QueryResponder.answer(soaOnly, qname, Type.SOA, zone);
      return single(soaOnly, tsig, limit);
    }
    List<Message> messages = ZoneTransfer.axfr(query, zone);
    return DnsResponse.stream(responder.renderStream(messages, tsig));
  }

  private DnsResponse single(Message response, TsigResult tsig, int limit) {
    return DnsResponse.of(responder.render(response, tsig, limit));
  }
}
