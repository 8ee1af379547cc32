package dev.ddns.core.service;

import dev.ddns.core.attest.RelayKeyNames;
import dev.ddns.core.policy.Requester;
import dev.ddns.core.port.StoreException;
import dev.ddns.core.port.TokenStore;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.tsig.KeyStore;
import dev.ddns.core.tsig.TsigResponder;
import dev.ddns.core.tsig.TsigResult;
import dev.ddns.core.tsig.TsigVerifier;
import dev.ddns.core.update.Verdict;
import dev.ddns.core.update.ZoneSection;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;

/**
 * The one entry point: DNS message bytes and transport facts in, response messages out. Checks the
 * request's EDNS ({@link EdnsCheck}), verifies TSIG, applies the {@link ServiceLimits}, dispatches by opcode to {@link QueryHandler} or {@link
 * UpdateHandler}, and renders the answer signed, sized for the transport. Never throws: bad input
 * gets FORMERR, store failures get SERVFAIL with nothing applied, each with an Extended DNS Error
 * (RFC 8914) when the request used EDNS.
 */
public final class DnsService {
  private static final Logger LOG = LoggerFactory.getLogger(DnsService.class);

  private final TsigVerifier verifier;
  private final TsigResponder responder;
  private final QueryHandler queries;
  private final UpdateHandler updates;
  private final KeyRateLimiter rates;
  private final Semaphore inFlight;
  private final ServiceLimits limits;
  private final ProtocolLimits protocol;
  private final ZoneStore store;
  private final Clock clock;

  /** A service without limits, drawing the retry jitter from a fresh random source. */
  public DnsService(ZoneStore store, KeyStore keys, Clock clock) {
    this(store, keys, clock, Backoff.freshJitter());
  }

  /** A service without limits, with every source of time and chance injected. */
  public DnsService(ZoneStore store, KeyStore keys, Clock clock, RandomGenerator random) {
    this(store, keys, clock, random, ServiceLimits.NONE);
  }

  /**
   * A service with every source of time and chance injected, taking on work within {@code limits},
   * under the {@link ProtocolLimits#DEFAULT} protocol limits.
   */
  public DnsService(ZoneStore store, KeyStore keys, Clock clock, RandomGenerator random,
      ServiceLimits limits) {
    this(store, keys, clock, random, limits, ProtocolLimits.DEFAULT);
  }

  /**
   * A service with every source of time and chance injected, taking on work within {@code limits},
   * answering within {@code protocol}.
   */
  public DnsService(ZoneStore store, KeyStore keys, Clock clock, RandomGenerator random,
      ServiceLimits limits, ProtocolLimits protocol) {
    // A relay key only attests; it never verifies a TSIG MAC (docs/relay.md).
    this.verifier = new TsigVerifier(RelayKeyNames.tsigKeys(keys), clock, protocol.maxFudge());
    this.responder = new TsigResponder(clock);
    this.queries = new QueryHandler(store, responder, clock);
    this.updates = new UpdateHandler(store, clock, random);
    this.rates = new KeyRateLimiter(limits, clock);
    this.inFlight = new Semaphore(limits.maxInFlight());
    this.limits = limits;
    this.protocol = protocol;
    this.store = store;
    this.clock = clock;
  }

  /**
   * The dyndns2 protocol over this service's update path (docs/clients.md), its tokens from
   * {@code tokens}, its calls within {@code limits}.
   */
  public DynDnsService dynDns(TokenStore tokens, DynDnsLimits limits) {
    return new DynDnsService(this, store, tokens, clock, limits);
  }

  /** Answers one request; never throws for bad input. */
  public DnsResponse handle(byte[] request, RequestContext context) {
    if (request.length < Header.LENGTH) {
      return DnsResponse.none();
    }
    Optional<Verdict> unserved = ZoneSection.unservedClass(request);
    if (unserved.isPresent()) {
      return DnsResponse.of(Responses.headerOnly(request, unserved.get().rcode()));
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
    if (!inFlight.tryAcquire()) {
      return unsigned(query, context, Rcode.SERVFAIL, "server busy: " + limits.maxInFlight()
          + " requests in flight; try again");
    }
    try {
      return verifyAndDispatch(query, request, context);
    } catch (RuntimeException e) {
      LOG.error("internal error, answering SERVFAIL", e);
      return DnsResponse.of(Responses.headerOnly(request, Rcode.SERVFAIL));
    } finally {
      inFlight.release();
    }
  }

  /**
   * An UPDATE asked by {@code requester}, whom the caller verified (a dyndns2 token), through the
   * same checks, policy, commit, journal and NOTIFY as a DNS UPDATE (RFC 2136 §3); {@code client}
   * is what the journal records. Never throws for bad input; a busy service or a store failure is
   * SERVFAIL, with nothing applied.
   */
  public Verdict update(Message update, Requester requester, String client) {
    if (!inFlight.tryAcquire()) {
      return Verdict.fail(Rcode.SERVFAIL, "server busy: " + limits.maxInFlight()
          + " requests in flight; try again");
    }
    try {
      return updates.handle(update, requester, client);
    } catch (StoreException e) {
      LOG.warn("store failure, answering SERVFAIL: {}", e.getMessage());
      return Verdict.fail(Rcode.SERVFAIL, "the zone store failed; nothing was changed, try again");
    } finally {
      inFlight.release();
    }
  }

  /** Store failures become SERVFAIL, signed when the request verified, with nothing applied. */
  private DnsResponse verifyAndDispatch(Message query, byte[] wire, RequestContext context) {
    Optional<EdnsCheck.Refusal> edns = EdnsCheck.check(query);
    if (edns.isPresent()) {
      return unsigned(query, context, edns.get().rcode(), edns.get().reason());
    }
    TsigResult tsig;
    try {
      tsig = verifier.verify(query, wire);
    } catch (StoreException e) {
      LOG.warn("key store failure, answering SERVFAIL: {}", e.getMessage());
      return unsigned(query, context, Rcode.SERVFAIL, "the key store failed; try again");
    }
    RequestContext sized = sized(context, tsig);
    try {
      return dispatch(query, tsig, sized);
    } catch (StoreException e) {
      LOG.warn("store failure, answering SERVFAIL: {}", e.getMessage());
      return render(query, tsig, sized, Responses.reply(query, Rcode.SERVFAIL,
          "the zone store failed; nothing was changed, try again"));
    }
  }

  /**
   * A request without a verified TSIG gets at most the unsigned UDP limit over UDP, so that an
   * unsigned query cannot be amplified beyond it (docs/ROBUSTNESS.md, "Hostile inputs").
   */
  private RequestContext sized(RequestContext context, TsigResult tsig) {
    return tsig instanceof TsigResult.Verified ? context
        : context.withUdpLimitAtMost(protocol.unsignedUdpLimit());
  }

  private DnsResponse dispatch(Message query, TsigResult tsig, RequestContext context) {
    if (tsig instanceof TsigResult.Malformed malformed) {
      return render(query, tsig, context, Responses.reply(query, Rcode.FORMERR,
          "malformed TSIG: " + malformed.reason()));
    }
    if (tsig instanceof TsigResult.Failed failed) {
      return render(query, tsig, context, Responses.reply(query, Rcode.NOTAUTH, failed.toString()));
    }
    if (tsig instanceof TsigResult.Verified verified && !rates.tryAcquire(verified.key().name())) {
      return render(query, tsig, context, Responses.reply(query, Rcode.REFUSED, "key "
          + verified.key().name() + " is over its rate limit of "
          + BigDecimal.valueOf(limits.keyRate()).stripTrailingZeros().toPlainString() + " requests/s (burst " + limits.keyBurst() + "); slow down"));
    }
    int opcode = query.getHeader().getOpcode();
    if (opcode == Opcode.QUERY) {
      return queries.handle(query, tsig, context);
    }
    Message response = opcode == Opcode.UPDATE
        ? updates.handle(query, tsig, context)
        : Responses.reply(query, Rcode.NOTIMP, "opcode " + Opcode.string(opcode)
            + " is not implemented");
    return render(query, tsig, context, response);
  }

  private DnsResponse render(Message query, TsigResult tsig, RequestContext context,
      Message response) {
    return DnsResponse.of(responder.render(response, tsig, Responses.limit(query, context)));
  }

  /** An answer before TSIG was verified: never signed (RFC 8945 §5.3.2). */
  private DnsResponse unsigned(Message query, RequestContext context, int rcode, String reason) {
    return render(query, new TsigResult.Unsigned(), context,
        Responses.reply(query, rcode, reason));
  }
}
