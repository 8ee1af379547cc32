package dev.ddns.core.query;

import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.policy.PolicyParse;
import dev.ddns.core.policy.Requester;
import dev.ddns.core.policy.UpdatePolicy;
import dev.ddns.core.tsig.TsigResult;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * Who may transfer a zone (<a href="https://www.rfc-editor.org/rfc/rfc5936#section-5">RFC 5936
 * §5</a> leaves the policy to the server; docs/transfers.md, "Who may transfer"): a client whose
 * TSIG key verified and that the zone trusts with its contents. When the zone names transfer
 * keys, those keys and no other; otherwise the zone's notify key (its secondaries' key) and the
 * keys its update policy grants something, which is every key while the policy has no grant or
 * deny rule (such a zone lets every key change everything).
 */
public final class TransferPolicy {
  private TransferPolicy() {}

  /** Why {@code tsig} may not transfer the zone of {@code head}; empty when it may. */
  public static Optional<String> refusal(TsigResult tsig, ZoneHead head) {
    if (!(tsig instanceof TsigResult.Verified verified)) {
      return Optional.of("zone transfers need a valid TSIG key");
    }
    Name key = verified.key().name();
    ZoneSettings settings = head.settings();
    if (!settings.transferKeys().isEmpty()) {
      return named(settings.transferKeys(), key) ? Optional.empty()
          : Optional.of("key " + key + " may not transfer zone " + head.zone()
              + ": it is not one of the zone's transfer keys");
    }
    if (named(List.of(settings.notifyKey()), key) || granted(head, key)) {
      return Optional.empty();
    }
    return Optional.of("key " + key + " may not transfer zone " + head.zone()
        + ": it has no grant in the zone's update policy and is not its notify key");
  }

  /** True when the zone's update policy grants {@code key} something (or is open to every key). */
  private static boolean granted(ZoneHead head, Name key) {
    PolicyParse parse = UpdatePolicy.parse(head.zone(), head.settings().updatePolicy());
    if (!parse.ok()) {
      return false;
    }
    UpdatePolicy policy = parse.policy();
    return !policy.restrictsKeys() || policy.grantsAnything(new Requester.Key(key));
  }

  private static boolean named(List<String> configured, Name key) {
    return configured.stream().filter(k -> !k.isEmpty()).anyMatch(k -> sameName(k, key));
  }

  private static boolean sameName(String configured, Name key) {
    String absolute = configured.endsWith(".") ? configured : configured + ".";
    return absolute.equalsIgnoreCase(key.toString());
  }
}
