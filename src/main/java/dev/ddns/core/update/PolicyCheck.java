package dev.ddns.core.update;

import dev.ddns.core.model.RecordSet;
import dev.ddns.core.policy.PolicyRule;
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
 * change everything, except the zone's notify key: the secondaries hold that key to accept the
 * zone's NOTIFY (docs/secondaries.md), so it signs NOTIFY and never an update of the zone.
 */
final class PolicyCheck {
  private final UpdatePolicy policy;
  private final String keyName;
  private final String notifyKey;
  private final Map<RRsetKey, Integer> limits = new LinkedHashMap<>();

  private record RRsetKey(Name name, int type) {}

  private PolicyCheck(UpdatePolicy policy, String keyName, String notifyKey) {
    this.policy = policy;
    this.keyName = keyName;
    this.notifyKey = notifyKey;
  }

  /**
   * The check for an update signed by {@code keyName} in a zone whose notify key is {@code
   * notifyKey} (empty for none).
   */
  static PolicyCheck forKey(UpdatePolicy policy, String keyName, String notifyKey) {
    return new PolicyCheck(policy, keyName, notifyKey);
  }

  /** The check for the server's own updates (the expiry sweep): grant and deny do not apply. */
  static PolicyCheck forServer() {
    return new PolicyCheck(UpdatePolicy.OPEN, "", "");
  }

  /**
   * RFC 2136 §3.3.2: each update RR must be permitted, else the whole update is REFUSED. Deleting
   * all RRsets of a name needs permission for every type the name holds (BIND's {@code
   * ssu_checkall}).
   */
  Verdict permit(List<Record> updates, WorkingZone zone) {
    Optional<Name> key = keyName(keyName);
    if (key.isPresent() && !notifyKey.isEmpty() && key.equals(keyName(notifyKey))) {
      return Verdict.fail(Rcode.REFUSED, "key " + keyName + " is the notify key of zone "
          + zone.apex() + ": it signs NOTIFY, not updates");
    }
    if (!policy.restrictsKeys()) {
      return Verdict.OK;
    }
    for (Record rr : updates) {
      for (int type : typesChanged(rr, zone)) {
        Optional<PolicyRule> rule = key.flatMap(k -> policy.decidingRule(k, rr.getName(), type));
        if (rule.isEmpty() || !rule.get().grant()) {
          return Verdict.fail(Rcode.REFUSED, "key " + keyName + " may not change "
              + rr.getName() + "/" + Type.string(type));
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
    for (RecordSet set : zone.node(rr.getName()).rrsets()) {
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
