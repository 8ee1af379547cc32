package dev.ddns.core.service;

import dev.ddns.core.port.KeyStore;
import dev.ddns.core.port.StoreException;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.tsig.TsigResponder;
import dev.ddns.core.tsig.TsigResult;
import dev.ddns.core.tsig.TsigVerifier;
import java.io.IOException;
import java.time.Clock;
import java.util.random.RandomGenerator;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;

/**
 * The one entry point: DNS message bytes and transport facts in, response messages out. Verifies
 * TSIG, dispatches by opcode to {@link QueryHandler} or {@link UpdateHandler}, and renders the
 * answer signed, sized for the transport. Never throws: bad input gets FORMERR, store failures get
 * SERVFAIL with nothing applied.
 */
public final class DnsService {
  private static final Logger LOG = Logger.getLogger(DnsService.class.getName());

  private final TsigVerifier verifier;
  private final TsigResponder responder;
  private final QueryHandler queries;
  private final UpdateHandler updates;

  /** A service drawing the retry jitter from a fresh random source. */
  public DnsService(ZoneStore store, KeyStore keys, Clock clock) {
    this(store, keys, clock, RandomGenerator.of("L64X128MixRandom"));
  }

  /** A service with every source of time and chance injected. */
  public DnsService(ZoneStore store, KeyStore keys, Clock clock, RandomGenerator random) {
    this.verifier = new TsigVerifier(keys, clock);
    this.responder = new TsigResponder(clock);
    this.queries = new QueryHandler(store, responder);
    this.updates = new UpdateHandler(store, clock, random);
  }

  /** Answers one request; never throws for bad input. */
  public DnsResponse handle(byte[] request, RequestContext context) {
    if (request.length < Header.LENGTH) {
      return DnsResponse.none();
    }
    Message query;
    try {
      query = new Message(request);
    } catch (IOException | RuntimeException e) {
      return DnsResponse.of(Responses.headerOnly(request, Rcode.FORMERR));
    }
    if (query.getHeader().getFlag(Flags.QR)) {
      return DnsResponse.none();
    }
    try {
      return dispatch(query, request, context);
    } catch (StoreException e) {
      LOG.log(Level.WARNING, "store failure, answering SERVFAIL: {0}", e.getMessage());
      return DnsResponse.of(Responses.headerOnly(request, Rcode.SERVFAIL));
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "internal error, answering SERVFAIL", e);
      return DnsResponse.of(Responses.headerOnly(request, Rcode.SERVFAIL));
    }
  }

  private DnsResponse dispatch(Message query, byte[] wire, RequestContext context) {
    TsigResult tsig = verifier.verify(query, wire);
    if (tsig instanceof TsigResult.Failed failed) {
      Message response = Responses.reply(query, Rcode.NOTAUTH, failed.toString());
      return DnsResponse.of(responder.render(response, tsig, Responses.limit(query, context)));
    }
    int opcode = query.getHeader().getOpcode();
    if (opcode == Opcode.QUERY) {
      return queries.handle(query, tsig, context);
    }
    Message response = opcode == Opcode.UPDATE
        ? updates.handle(query, tsig, context)
        : Responses.reply(query, Rcode.NOTIMP, "opcode " + Opcode.string(opcode)
            + " is not implemented");
    return DnsResponse.of(responder.render(response, tsig, Responses.limit(query, context)));
  }
}
