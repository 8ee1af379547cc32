package dev.ddns.core.update;

import dev.ddns.core.model.ChangeSet;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.Serial;
import dev.ddns.core.model.ZoneCommit;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.policy.PolicyCache;
import dev.ddns.core.policy.PolicyParse;
import dev.ddns.core.port.ZoneReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * Evaluates one UPDATE against a read of its zone (<a
 * href="https://www.rfc-editor.org/rfc/rfc2136#section-3">RFC 2136 §3</a>): prescan, the key's
 * permission under the zone's update policy, prerequisites, the update RRs in order, the policy's
 * limits, the size limits (the zone's record limit included), the integrity of the apex NS, then
 * the serial. Pure: it reads the zone and returns the commit, whose head carries the zone's new
 * record count; the caller stores it.
 *
 * <p>The prescan runs before the prerequisites, as in BIND 9.18.11 and later: a malformed update
 * section is FORMERR whatever the zone holds, so the same bad message always gets the same answer.
 * The permission check comes before the prerequisites too, so a key that may not change a name
 * cannot learn what the zone holds from prerequisite answers either.
 */
public final class UpdateProcessor {
  private final Clock clock;
  private final PolicyCache policies = new PolicyCache();

  public UpdateProcessor(Clock clock) {
    this.clock = clock;
  }

  /** Evaluates an update asked by the request's requester, under the zone's update policy. */
  public UpdateOutcome evaluate(UpdateRequest request, ZoneReader reader) {
    return evaluate(request, reader, true);
  }

  /**
   * Evaluates an update the server makes itself (the expiry sweep): the zone's grant and deny
   * rules do not apply, everything else does.
   */
  public UpdateOutcome evaluateOwn(UpdateRequest request, ZoneReader reader) {
    return evaluate(request, reader, false);
  }

  private UpdateOutcome evaluate(UpdateRequest request, ZoneReader reader, boolean byRequester) {
    WorkingZone zone = new WorkingZone(request.zone(), reader);
    Verdict prescan = Prescan.check(request.updates(), request.zone());
    if (!prescan.ok()) {
      return UpdateOutcome.failed(prescan);
    }
    PolicyParse policy =
        policies.parse(request.zone(), reader.head().settings().updatePolicy());
    if (!policy.ok()) {
      return UpdateOutcome.failed(Verdict.fail(Rcode.SERVFAIL, "the update policy of zone "
          + request.zone() + " is invalid (" + policy.errors().get(0) + ")"));
    }
    PolicyCheck permission = byRequester
        ? PolicyCheck.forRequester(policy.policy(), request.requester(),
            reader.head().settings().notifyKey())
        : PolicyCheck.forServer();
    Verdict permitted = permission.permit(request.updates(), zone);
    if (!permitted.ok()) {
      return UpdateOutcome.failed(permitted);
    }
    Verdict prerequisites = Prerequisites.check(request.prerequisites(), zone);
    if (!prerequisites.ok()) {
      return UpdateOutcome.failed(prerequisites);
    }
    SOARecord before = zone.soa();
    for (Record rr : request.updates()) {
      UpdateOperations.apply(rr, zone);
    }
    Verdict typeLimits = permission.limits(zone);
    if (!typeLimits.ok()) {
      return UpdateOutcome.failed(typeLimits);
    }
    ExpiryStamps.stamp(policy.policy(), zone, clock.instant());
    List<Node> changed = zone.changedNodes();
    if (changed.isEmpty()) {
      return UpdateOutcome.unchanged();
    }
    Verdict sizeLimits = UpdateLimits.checkChanged(changed);
    if (!sizeLimits.ok()) {
      return UpdateOutcome.failed(sizeLimits);
    }
    Verdict changeSize = UpdateLimits.checkChangeSize(zone.removedRecords(), zone.addedRecords());
    if (!changeSize.ok()) {
      return UpdateOutcome.failed(changeSize);
    }
    long recordDelta = zone.recordDelta();
    Verdict zoneSize = UpdateLimits.checkZoneSize(reader.head(), recordDelta);
    if (!zoneSize.ok()) {
      return UpdateOutcome.failed(zoneSize);
    }
    Verdict integrity = ApexNsCheck.check(zone, changed);
    if (!integrity.ok()) {
      return UpdateOutcome.failed(integrity);
    }
    bumpSerial(before, zone, reader.head());
    return UpdateOutcome.changed(commit(request, reader.head(), before, zone, recordDelta));
  }

  /**
   * RFC 2136 §3.7: a zone that changed gets a new serial, once per update, unless the update itself
   * set a higher one (§3.4.2.2).
   */
  private void bumpSerial(SOARecord before, WorkingZone zone, ZoneHead head) {
    SOARecord now = zone.soa();
    if (Serial.isGreater(now.getSerial(), before.getSerial())) {
      return;
    }
    long next = head.serialPolicy().next(before.getSerial(), clock);
    zone.put(zone.current(zone.apex()).withSoaSerial(next));
  }

  /** The commit of a changed zone; the serial step replaces the SOA, so the count stays. */
  private ZoneCommit commit(UpdateRequest request, ZoneHead head, SOARecord before,
      WorkingZone zone, long recordDelta) {
    SOARecord after = zone.soa();
    ZoneHead next = head.next(after.getSerial(), recordDelta);
    ChangeSet changes = new ChangeSet(before.getSerial(), after.getSerial(),
        soaFirst(before, zone.removedRecords()), soaFirst(after, zone.addedRecords()));
    return new ZoneCommit(next, head.version(), zone.changedNodes(), changes,
        request.requester().journalName(),
        request.client(), clock.instant()).withSerialOnlyAtApex(zone.apexChangedOnlyInSerial());
  }

  /** IXFR order (RFC 1995 §4): each difference sequence starts with its SOA. */
  private static List<Record> soaFirst(SOARecord soa, List<Record> records) {
    List<Record> out = new ArrayList<>(records.size());
    out.add(soa);
    for (Record r : records) {
      if (!(r instanceof SOARecord)) {
        out.add(r);
      }
    }
    return out;
  }
}
