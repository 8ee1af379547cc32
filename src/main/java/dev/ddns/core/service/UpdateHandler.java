package dev.ddns.core.service;

import dev.ddns.core.model.ReplayRecord;
import dev.ddns.core.policy.Requester;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.tsig.TsigResult;
import dev.ddns.core.update.RecordForm;
import dev.ddns.core.update.UpdateProcessor;
import dev.ddns.core.update.UpdateRequest;
import dev.ddns.core.update.Verdict;
import dev.ddns.core.update.ZoneSection;
import java.time.Clock;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIGRecord;

/**
 * UPDATE requests (<a href="https://www.rfc-editor.org/rfc/rfc2136#section-3">RFC 2136 §3</a>):
 * zone section, authentication, then the change through the {@link ZoneWriter}.
 */
final class UpdateHandler {
  private final ZoneStore store;
  private final UpdateProcessor processor;
  private final ZoneWriter writer;

  private static final Logger LOG = LoggerFactory.getLogger(UpdateHandler.class);

  UpdateHandler(ZoneStore store, Clock clock, RandomGenerator random) {
    this.store = store;
    this.processor = new UpdateProcessor(clock);
    this.writer = new ZoneWriter(store, clock, random);
  }

  Message handle(Message update, TsigResult tsig, RequestContext context) {
    Optional<Requester> who = requester(tsig, context);
    Verdict verdict = authorize(update, who);
    if (verdict.ok()) {
      verdict = apply(update, who.get(), context.clientDescription(),
          replayRecord(tsig, who.get(), context));
    }
    return Responses.reply(update, verdict.rcode(), verdict.reason());
  }

  /** An update asked by {@code who}, whom the caller verified; {@code client} for the journal. */
  Verdict handle(Message update, Requester who, String client) {
    Verdict verdict = authorize(update, Optional.of(who));
    return verdict.ok() ? apply(update, who, client, Optional.empty()) : verdict;
  }

  private Verdict apply(Message update, Requester who, String client,
      Optional<ReplayRecord> replay) {
    Verdict verdict = apply(UpdateRequest.of(update, who, client), replay);
    logRefusal(verdict, update, who, client);
    return verdict;
  }

  /**
   * Who asks, as far as it was verified: the key of a verified TSIG; for an unsigned update, the
   * client's address when the endpoint can trust it (attested by a relay key, or the HTTP peer of
   * a direct request: {@link RequestContext#trustedAddress}), for the policy's address grants.
   */
  private static Optional<Requester> requester(TsigResult tsig, RequestContext context) {
    if (tsig instanceof TsigResult.Verified signed) {
      return Optional.of(new Requester.Key(signed.key().name()));
    }
    return context.trustedAddress().map(address -> new Requester.Address(address,
        context.transport() == Transport.UDP));
  }

  /**
   * A refused update says why in its Extended DNS Error only when the client sent EDNS (RFC
   * 8914); the log says it always.
   */
  private static void logRefusal(Verdict verdict, Message update, Requester who,
      String client) {
    if (verdict.rcode() == Rcode.REFUSED) {
      LOG.info("update of zone {} by {} from {} refused: {}", update.getQuestion().getName(),
          who.describe(), client, verdict.reason());
    }
  }

  /**
   * RFC 2136 §7.8: what a retransmission of a request must find, so that it takes effect at most
   * once. A signed request is known by its key and MAC, until its TSIG time stops verifying (RFC
   * 8945 §5.2.3); an unsigned one an address grant may allow, by the relay key and MAC of its
   * attestation, until the attestation expires (docs/relay.md). A direct unsigned request has
   * none: only its sender, at that address, can send it again.
   */
  private static Optional<ReplayRecord> replayRecord(TsigResult tsig, Requester who,
      RequestContext context) {
    if (tsig instanceof TsigResult.Verified signed) {
      TSIGRecord request = signed.requestTsig();
      return Optional.of(new ReplayRecord(signed.key().name(), request.getSignature(),
          Rcode.NOERROR, signed.validUntil()));
    }
    return context.attestation().filter(a -> who instanceof Requester.Address)
        .map(a -> new ReplayRecord(a.relay(), a.mac(), Rcode.NOERROR, a.validUntil()));
  }

  /**
   * The form of the records, RFC 2136 §3.1 (zone section, zone served) and §3.3 (permission: a
   * verified TSIG, or a trusted client address for the policy's address grants), in this order.
   * An update with a requester learns whether its zone is served from the read that evaluates it
   * (one store round trip fewer); one without asks the store here, to tell NOTAUTH from REFUSED
   * as BIND does.
   */
  private Verdict authorize(Message update, Optional<Requester> who) {
    Verdict form = RecordForm.check(update);
    if (!form.ok()) {
      return form;
    }
    Verdict zoneSection = ZoneSection.check(update);
    if (!zoneSection.ok()) {
      return zoneSection;
    }
    if (who.isPresent()) {
      return Verdict.OK;
    }
    Name zone = update.getQuestion().getName();
    if (!store.findZone(zone).filter(zone::equals).isPresent()) {
      return ZoneWriter.notAuthoritative(zone);
    }
    return Verdict.fail(Rcode.REFUSED, "updates must be signed with a TSIG key");
  }

  /**
   * Through the {@link ZoneWriter}: read, evaluate by the policy and RFC 2136 §3.2–3.4, commit,
   * again after a lost race; a request answered before (RFC 2136 §7.8: a retransmission, or a
   * copy sent by another client) is answered as it was then, and applies nothing.
   */
  private Verdict apply(UpdateRequest request, Optional<ReplayRecord> replay) {
    return writer.write(request.zone(), request.touchedNames(), replay,
        zone -> processor.evaluate(request, zone)).verdict();
  }
}
