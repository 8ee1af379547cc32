package dev.ddns.core.query;

import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.tsig.TsigResult;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * Who may transfer a zone (<a href="https://www.rfc-editor.org/rfc/rfc5936#section-5">RFC 5936
 * §5</a> leaves the policy to the server): a client whose TSIG key verified and, when the zone
 * names transfer keys, is one of them.
 */
public final class TransferPolicy {
  private TransferPolicy() {}

  /** Why {@code tsig} may not transfer the zone of {@code head}; empty when it may. */
  public static Optional<String> refusal(TsigResult tsig, ZoneHead head) {
    if (!(tsig instanceof TsigResult.Verified verified)) {
      return Optional.of("zone transfers need a valid TSIG key");
    }
    if (!mayTransfer(verified.key().name(), head)) {
      return Optional.of("key " + verified.key().name() + " may not transfer zone " + head.zone());
    }
    return Optional.empty();
  }

  private static boolean mayTransfer(Name key, ZoneHead head) {
    var allowed = head.settings().transferKeys();
    return allowed.isEmpty() || allowed.stream().anyMatch(k -> sameName(k, key));
  }

  private static boolean sameName(String configured, Name key) {
    String absolute = configured.endsWith(".") ? configured : configured + ".";
    return absolute.equalsIgnoreCase(key.toString());
  }
}
