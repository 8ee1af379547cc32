package dev.ddns.core.service;

import dev.ddns.core.port.CommitResult;
import dev.ddns.core.port.ConcurrentChange;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.tsig.TsigResult;
import dev.ddns.core.update.RecordForm;
import dev.ddns.core.update.UpdateOutcome;
import dev.ddns.core.update.UpdateProcessor;
import dev.ddns.core.update.UpdateRequest;
import dev.ddns.core.update.Verdict;
import dev.ddns.core.update.ZoneSection;
import java.time.Clock;
import java.util.Optional;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * UPDATE requests (<a href="https://www.rfc-editor.org/rfc/rfc2136#section-3">RFC 2136 §3</a>):
 * zone section, authentication, then read–evaluate–commit, re-evaluated when another writer got
 * there first.
 */
final class UpdateHandler {
  /** How often an update is re-read and re-evaluated after losing a race with another writer. */
  static final int MAX_ATTEMPTS = 16;

  private final ZoneStore store;
  private final UpdateProcessor processor;

  UpdateHandler(ZoneStore store, Clock clock) {
    this.store = store;
    this.processor = new UpdateProcessor(clock);
  }

  Message handle(Message update, TsigResult tsig, RequestContext context) {
    Verdict verdict = authorize(update, tsig);
    if (verdict.ok()) {
      String key = ((TsigResult.Verified) tsig).key().name().toString();
      verdict = apply(UpdateRequest.of(update, key, context.client()));
    }
    return Responses.reply(update, verdict.rcode(), verdict.reason());
  }

  /**
   * The form of the records, RFC 2136 §3.1 (zone section, zone served) and §3.3 (permission:
   * TSIG required), in this order.
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
    Name zone = update.getQuestion().getName();
    if (!store.findZone(zone).filter(zone::equals).isPresent()) {
      return Verdict.fail(Rcode.NOTAUTH, "not authoritative for zone " + zone);
    }
    if (!(tsig instanceof TsigResult.Verified)) {
      return Verdict.fail(Rcode.REFUSED, "updates must be signed with a TSIG key");
    }
    return Verdict.OK;
  }

  private Verdict apply(UpdateRequest request) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<ZoneReader> reader = store.readForUpdate(request.zone(), request.touchedNames());
      if (reader.isEmpty()) {
        return Verdict.fail(Rcode.NOTAUTH, "zone " + request.zone() + " is no longer served");
      }
      UpdateOutcome outcome;
      try {
        outcome = processor.evaluate(request, reader.get());
      } catch (ConcurrentChange e) {
        continue;
      }
      if (outcome.commit().isEmpty()) {
        return outcome.verdict();
      }
      CommitResult result = store.commit(outcome.commit().get());
      if (result == CommitResult.COMMITTED) {
        return Verdict.OK;
      }
      if (result == CommitResult.NO_ZONE) {
        return Verdict.fail(Rcode.NOTAUTH, "zone " + request.zone() + " is no longer served");
      }
    }
    return Verdict.fail(Rcode.SERVFAIL, "zone " + request.zone()
        + " is changing too fast; try again");
  }
}
