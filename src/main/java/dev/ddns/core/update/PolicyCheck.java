package dev.ddns.core.update;

import dev.ddns.core.model.AddressPrefix;
import dev.ddns.core.model.RecordSet;
import dev.ddns.core.policy.PolicyRule;
import dev.ddns.core.policy.Principal;
import dev.ddns.core.policy.Requester;
import dev.ddns.core.policy.UpdatePolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The requestor's permission, <a href="https://www.rfc-editor.org/rfc/rfc2136#section-3.3">RFC
 * 2136 §3.3</a>, from the zone's {@link UpdatePolicy}: every update RR is checked before anything
 * changes, as BIND checks its {@code update-policy}, and the per-type limits of the granting rules
 * are checked once the RRs are applied. A zone without grant or deny rules lets every verified key
 * change everything (and an unsigned client nothing), except the zone's notify key: the secondaries hold that key to accept the
 * zone's NOTIFY (docs/secondaries.md), so it signs NOTIFY and never an update of the zone.
 */
final class PolicyCheck {
  private final UpdatePolicy policy;
  private final Optional<Requester> requester;
  private final String notifyKey;
  private final Map<RRsetKey, Integer> limits = new LinkedHashMap<>();

  private record RRsetKey(Name name, int type) {}

  private PolicyCheck(UpdatePolicy policy, Optional<Requester> requester, String notifyKey) {
    this.policy = policy;
    this.requester = requester;
    this.notifyKey = notifyKey;
  }

  /**
   * The check for an update asked by {@code who} in a zone whose notify key is {@code notifyKey}
   * (empty for none).
   */
  static PolicyCheck forRequester(UpdatePolicy policy, Requester who, String notifyKey) {
    return new PolicyCheck(policy, Optional.of(who), notifyKey);
  }

  /** The check for the server's own updates (the expiry sweep): grant and deny do not apply. */
  static PolicyCheck forServer() {
    return new PolicyCheck(UpdatePolicy.OPEN, Optional.empty(), "");
  }

  /**
   * RFC 2136 §3.3.2: each update RR must be permitted, else the whole update is REFUSED. Deleting
   * all RRsets of a name needs permission for every type the name holds (BIND's {@code
   * ssu_checkall}). A {@code self-address} grant also checks the data the RR changes.
   */
  Verdict permit(List<Record> updates, WorkingZone zone) {
    if (requester.isEmpty()) {
      return Verdict.OK;
    }
    Requester who = requester.get();
    if (who instanceof Requester.Key key && !notifyKey.isEmpty()
        && keyName(notifyKey).equals(Optional.of(key.name()))) {
      return Verdict.fail(Rcode.REFUSED, "key " + key.name() + " is the notify key of zone "
          + zone.apex() + ": it signs NOTIFY, not updates");
    }
    if (!policy.restrictsKeys() && who instanceof Requester.Key) {
      return Verdict.OK;
    }
    for (Record rr : updates) {
      for (int type : typesChanged(rr, zone)) {
        Optional<PolicyRule> rule = policy.decidingRule(who, rr.getName(), type);
        List<Record> current = zone.rrset(rr.getName(), type).map(RecordSet::records)
            .orElse(List.of());
        if (rule.isEmpty() || !rule.get().grant()
            || !rule.get().permitsData(who, rr, type, current)) {
          return refused(who, rr.getName(), type, rule, zone.apex());
        }
        OptionalInt limit = rule.get().types().limit(type);
        if (rr.getDClass() == DClass.IN && limit.isPresent()) {
          limits.merge(new RRsetKey(rr.getName(), type), limit.getAsInt(), Math::min);
        }
      }
    }
    return Verdict.OK;
  }

  /**
   * REFUSED, saying who may not change what; an unsigned client that no rule covers is told the
   * policy line that would allow this change (docs/policy.md, "Address grants").
   */
  private static Verdict refused(Requester who, Name name, int type, Optional<PolicyRule> rule,
      Name apex) {
    String refusal = who.describe() + " may not change " + name + "/" + Type.string(type);
    if (!(who instanceof Requester.Address from)) {
      return Verdict.fail(Rcode.REFUSED, refusal);
    }
    if (rule.isPresent()) {
      return Verdict.fail(Rcode.REFUSED, refusal + (rule.get().grant()
          ? ": the self-address grant on line " + rule.get().line() + " allows only records that "
              + "hold " + from.address()
          : ": line " + rule.get().line() + " of the policy denies it"));
    }
    return Verdict.fail(Rcode.REFUSED, refusal + ": no grant of zone " + apex + " covers it; to "
        + "allow it, add the policy line 'grant " + new Principal.Address(
            new AddressPrefix(from.address(), from.address().bits()), false) + " name " + name
        + " " + Type.string(type) + "' (docs/policy.md), or sign the update with a TSIG key");
  }

  /**
   * The limits of the rules that granted additions ({@code PTR(1)}): the most records of the type
   * the name may hold after the update. Over the limit, the whole update is REFUSED.
   */
  Verdict limits(WorkingZone zone) {
    for (Map.Entry<RRsetKey, Integer> e : limits.entrySet()) {
      RRsetKey set = e.getKey();
      int count = zone.rrset(set.name(), set.type()).map(RecordSet::size).orElse(0);
      if (count > e.getValue()) {
        return Verdict.fail(Rcode.REFUSED, "the update policy allows at most " + e.getValue()
            + " " + Type.string(set.type()) + " at " + set.name() + "; this update would leave "
            + count);
      }
    }
    return Verdict.OK;
  }

  private static List<Integer> typesChanged(Record rr, WorkingZone zone) {
    if (rr.getDClass() != DClass.ANY || rr.getType() != Type.ANY) {
      return List.of(rr.getType());
    }
    List<Integer> types = new ArrayList<>();
    for (RecordSet set : zone.current(rr.getName()).rrsets()) {
      types.add(set.type());
    }
    return types;
  }

  private static Optional<Name> keyName(String text) {
    try {
      return Optional.of(Name.fromString(text, Name.root));
    } catch (TextParseException e) {
      return Optional.empty();
    }
  }
}
