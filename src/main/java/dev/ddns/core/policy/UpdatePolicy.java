package dev.ddns.core.policy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * A zone's update policy: ordered {@code grant} and {@code deny} rules in the manner of BIND's
 * {@code update-policy} (the first rule that matches the requester, the name and the type decides;
 * no matching rule means no), and {@code expire} rules that give RRsets a lifetime. Without any
 * grant or deny rule, every key that verifies may change everything in the zone; a requester
 * other than a key (an address, a token) needs a grant always. Grammar in {@code docs/policy.md}.
 *
 * @param rules the grant and deny rules, in order
 * @param expiries the expire rules, in order
 */
public record UpdatePolicy(List<PolicyRule> rules, List<ExpiryRule> expiries) {
  /** No rules at all: every verified key may change everything, nothing expires. */
  public static final UpdatePolicy OPEN = new UpdatePolicy(List.of(), List.of());

  public UpdatePolicy {
    rules = List.copyOf(rules);
    expiries = List.copyOf(expiries);
  }

  /** Reads the rule lines of {@code zone}; blank lines and {@code #} comments are skipped. */
  public static PolicyParse parse(Name zone, List<String> lines) {
    return new PolicyParser(zone).parse(lines);
  }

  /** True when keys are restricted: the policy has at least one grant or deny rule. */
  public boolean restrictsKeys() {
    return !rules.isEmpty();
  }

  /**
   * True when some {@code grant} rule is about {@code who} (for a key: by name, or by a wildcard
   * that covers it), whatever names and types it covers; deny rules grant nothing.
   */
  public boolean grantsAnything(Requester who) {
    return rules.stream().anyMatch(r -> r.grant() && r.principal().covers(who));
  }

  /** The first grant or deny rule about {@code who} changing {@code type} at {@code target}. */
  public Optional<PolicyRule> decidingRule(Requester who, Name target, int type) {
    return rules.stream().filter(r -> r.matches(who, target, type)).findFirst();
  }

  /**
   * True when {@code who} may change records of {@code type} at {@code target}, by names and
   * types ({@link PolicyRule#permitsData} checks the data of a {@code self-address} grant). An open
   * policy lets every key change everything, and nobody else anything.
   */
  public boolean permits(Requester who, Name target, int type) {
    if (!restrictsKeys()) {
      return who instanceof Requester.Key;
    }
    return decidingRule(who, target, type).map(PolicyRule::grant).orElse(false);
  }

  /**
   * True when {@code lines} parse and hold an {@code expire} rule: the zones a store lists for the
   * expiry sweep. A policy that does not parse expires nothing (docs/policy.md).
   */
  public static boolean expires(Name zone, List<String> lines) {
    if (lines.isEmpty()) {
      return false;
    }
    PolicyParse parse = parse(zone, lines);
    return parse.ok() && !parse.policy().expiries.isEmpty();
  }

  /** The shortest lifetime of the expire rules; empty when nothing expires. */
  public Optional<Duration> shortestExpiry() {
    return expiries.stream().map(ExpiryRule::after).min(Duration::compareTo);
  }

  /** The first expire rule covering RRsets of {@code type} at {@code target}. */
  public Optional<ExpiryRule> expiryFor(Name target, int type) {
    return expiries.stream().filter(r -> r.covers(target, type)).findFirst();
  }
}
