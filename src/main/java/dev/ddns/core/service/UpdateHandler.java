package dev.ddns.core.service;

import dev.ddns.core.model.ReplayRecord;
import dev.ddns.core.model.ZoneCommit;
import dev.ddns.core.port.ConcurrentChange;
import dev.ddns.core.port.UpdateRead;
import dev.ddns.core.port.UpdateTooLarge;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.tsig.TsigResult;
import dev.ddns.core.update.RecordForm;
import dev.ddns.core.update.UpdateOutcome;
import dev.ddns.core.update.UpdateProcessor;
import dev.ddns.core.update.UpdateRequest;
import dev.ddns.core.update.Verdict;
import dev.ddns.core.update.ZoneSection;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIGRecord;

/**
 * UPDATE requests (<a href="https://www.rfc-editor.org/rfc/rfc2136#section-3">RFC 2136 §3</a>):
 * zone section, authentication, then read–evaluate–commit, re-evaluated when another writer got
 * there first.
 */
final class UpdateHandler {
  private final ZoneStore store;
  private final Clock clock;
  private final UpdateProcessor processor;
  private final Backoff backoff;
  private final ZoneLocks locks = new ZoneLocks();

  private static final Logger LOG = Logger.getLogger(UpdateHandler.class.getName());

  UpdateHandler(ZoneStore store, Clock clock, RandomGenerator random) {
    this.store = store;
    this.clock = clock;
    this.processor = new UpdateProcessor(clock);
    this.backoff = new Backoff(clock, random);
  }

  Message handle(Message update, TsigResult tsig, RequestContext context) {
    Verdict verdict = authorize(update, tsig);
    if (verdict.ok()) {
      TsigResult.Verified signed = (TsigResult.Verified) tsig;
      String key = signed.key().name().toString();
      verdict = apply(UpdateRequest.of(update, key, context.clientDescription()),
          Optional.of(replayRecord(signed))).verdict();
      logRefusal(verdict, update, key, context);
    }
    return Responses.reply(update, verdict.rcode(), verdict.reason());
  }

  /**
   * A signed update refused (a limit, the policy) says why in its Extended DNS Error only when
   * the client sent EDNS (RFC 8914); the log says it always.
   */
  private static void logRefusal(Verdict verdict, Message update, String key,
      RequestContext context) {
    if (verdict.rcode() == Rcode.REFUSED) {
      LOG.log(Level.INFO, "update of zone {0} by key {1} from {2} refused: {3}", new Object[] {
          update.getQuestion().getName(), key, context.clientDescription(), verdict.reason()});
    }
  }

  /**
   * RFC 2136 §7.8: what a retransmission of this request must find. It stays useful while the
   * request's TSIG time is valid (RFC 8945 §5.2.3), so it expires when the verified window ends.
   */
  private static ReplayRecord replayRecord(TsigResult.Verified signed) {
    TSIGRecord tsig = signed.requestTsig();
    return new ReplayRecord(signed.key().name(), tsig.getSignature(), Rcode.NOERROR,
        signed.validUntil());
  }

  /**
   * The form of the records, RFC 2136 §3.1 (zone section, zone served) and §3.3 (permission:
   * TSIG required), in this order. A signed update learns whether its zone is served from the
   * read that evaluates it (one store round trip fewer); an unsigned one asks the store here, to
   * tell NOTAUTH from REFUSED as BIND does.
   */
  private Verdict authorize(Message update, TsigResult tsig) {
    Verdict form = RecordForm.check(update);
    if (!form.ok()) {
      return form;
    }
    Verdict zoneSection = ZoneSection.check(update);
    if (!zoneSection.ok()) {
      return zoneSection;
    }
    if (tsig instanceof TsigResult.Verified) {
      return Verdict.OK;
    }
    Name zone = update.getQuestion().getName();
    if (!store.findZone(zone).filter(zone::equals).isPresent()) {
      return notAuthoritative(zone);
    }
    return Verdict.fail(Rcode.REFUSED, "updates must be signed with a TSIG key");
  }

  private static Verdict notAuthoritative(Name zone) {
    return Verdict.fail(Rcode.NOTAUTH, "not authoritative for zone " + zone);
  }

  /**
   * An update that carries no MAC, so no replay record either: one a dyndns2 token authorized
   * (docs/clients.md). What it did tells an update that changed the zone from one that did not.
   */
  Applied applyUnsigned(UpdateRequest request) {
    return apply(request, Optional.empty());
  }

  /**
   * What an update came to.
   *
   * @param verdict NOERROR or why not
   * @param changed true when the zone changed (a commit was stored)
   */
  record Applied(Verdict verdict, boolean changed) {
    static Applied unchanged(Verdict verdict) {
      return new Applied(verdict, false);
    }
  }

  /** One update of a zone at a time in this process (see {@link ZoneLocks}). */
  private Applied apply(UpdateRequest request, Optional<ReplayRecord> replay) {
    ReentrantLock lock = locks.of(request.zone());
    lock.lock();
    try {
      return applyWithRetries(request, replay);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Read, evaluate, commit; after losing a race with another writer, wait (jittered) and do it
   * all again on a fresh read, until a deadline.
   */
  private Applied applyWithRetries(UpdateRequest request, Optional<ReplayRecord> replay) {
    Instant deadline = backoff.deadline();
    for (int attempt = 0; attempt == 0 || backoff.pause(attempt, deadline); attempt++) {
      try {
        Optional<Applied> applied = attempt(request, replay);
        if (applied.isPresent()) {
          return applied.get();
        }
      } catch (UpdateTooLarge e) {
        return firstAnswer(replay, Verdict.fail(Rcode.REFUSED, e.getMessage()));
      }
    }
    return firstAnswer(replay, Verdict.fail(Rcode.SERVFAIL, "zone " + request.zone()
        + " is changing too fast; try again"));
  }

  /**
   * One read–evaluate–commit; empty when another writer got there first. A request answered
   * before (RFC 2136 §7.8: a retransmission, or a copy sent by another client) is answered as it
   * was then, and applies nothing.
   */
  private Optional<Applied> attempt(UpdateRequest request, Optional<ReplayRecord> replay) {
    Optional<UpdateRead> read = replay.isPresent()
        ? store.readForUpdate(request.zone(), request.touchedNames(), replay.get())
        : store.readForUpdate(request.zone(), request.touchedNames())
            .map(reader -> new UpdateRead(reader, Optional.empty()));
    if (read.isEmpty()) {
      return Optional.of(firstAnswer(replay, notAuthoritative(request.zone())));
    }
    if (read.get().replayed().isPresent()) {
      return Optional.of(original(read.get().replayed().get()));
    }
    UpdateOutcome outcome;
    try {
      outcome = processor.evaluate(request, read.get().zone());
    } catch (ConcurrentChange e) {
      return Optional.empty();
    }
    if (outcome.commit().isEmpty()) {
      return Optional.of(firstAnswer(replay, outcome.verdict()));
    }
    ZoneCommit commit = replay.map(outcome.commit().get()::withReplay)
        .orElse(outcome.commit().get());
    return switch (store.commit(commit)) {
      case COMMITTED -> Optional.of(new Applied(Verdict.OK, true));
      case NO_ZONE -> Optional.of(firstAnswer(replay, notAuthoritative(request.zone())));
      case CONFLICT -> Optional.empty();
      case REPLAYED -> Optional.of(original(
          store.findReplay(replay.get().key(), replay.get().mac()).orElse(replay.get())));
    };
  }

  /**
   * {@code verdict} for a request that commits nothing (it failed, or changed nothing), recorded
   * so that every copy gets the same answer and none takes effect later (RFC 2136 §7.8, docs/tsig.md,
   * "Replays"); when a copy was answered first, that answer instead.
   */
  private Applied firstAnswer(Optional<ReplayRecord> replay, Verdict verdict) {
    return replay.flatMap(r -> store.recordAnswer(r.answered(verdict.rcode(), verdict.reason()),
        clock.instant())).map(UpdateHandler::original).orElse(Applied.unchanged(verdict));
  }

  /** The answer a request got before, from its replay record (same key and MAC, same request). */
  private static Applied original(ReplayRecord record) {
    return Applied.unchanged(new Verdict(record.rcode(), record.reason()));
  }

}
