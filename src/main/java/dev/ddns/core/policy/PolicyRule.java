package dev.ddns.core.policy;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * One {@code grant} or {@code deny} rule: which requesters ({@link Principal}), which names (by
 * {@link MatchType}), which types.
 *
 * @param line the rule's line number in the policy, from 1
 * @param grant true for {@code grant}, false for {@code deny}
 * @param principal who the rule is about: keys, client addresses or a token
 * @param match how the changed name is compared
 * @param name the name field (the apex for {@code zonesub}, and for {@code self-address} without
 *     one; unused by the {@code self} types)
 * @param types the types covered, with their limits
 */
public record PolicyRule(int line, boolean grant, Principal principal, MatchType match, Name name,
    TypeList types) {

  /** True when this rule is about {@code who} changing {@code type} records at {@code target}. */
  public boolean matches(Requester who, Name target, int type) {
    return principal.covers(who) && match.matches(target, name, who.keyName().orElse(null))
        && types.covers(type) && (match != MatchType.SELF_ADDRESS
            || who instanceof Requester.Address from
                && SelfAddress.coversName(from.address(), target, type));
  }

  /**
   * True when the update RR {@code rr}, changing {@code type} records, changes only data this
   * rule lets {@code who} change; {@code current} is that RRset before the update. A {@code
   * self-address} rule allows the client's own address only ({@link SelfAddress}); every other
   * rule is about names and types alone.
   */
  public boolean permitsData(Requester who, Record rr, int type, List<Record> current) {
    if (match != MatchType.SELF_ADDRESS) {
      return true;
    }
    return who instanceof Requester.Address from
        && SelfAddress.changesOnlyOwn(from.address(), rr, type, current);
  }
}
