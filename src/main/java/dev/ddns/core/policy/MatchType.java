package dev.ddns.core.policy;

import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * How a rule's name field is compared with the name an update changes: BIND's {@code update-policy}
 * rule types (BIND 9 ARM, "Dynamic Update Policies"). The {@code self} types compare with the name
 * of the TSIG key that signed the update instead of the name field; {@code self-address} lets an
 * unsigned client change its own address records under the name field ({@link SelfAddress}).
 */
public enum MatchType {
  /** The changed name is the rule's name. */
  NAME,
  /** The changed name is the rule's name or below it. */
  SUBDOMAIN,
  /** The changed name is the zone apex or below it; the rule has no name field. */
  ZONESUB,
  /** The changed name expands the rule's wildcard name: it is strictly below its parent. */
  WILDCARD,
  /** The changed name is the key's name. */
  SELF,
  /** The changed name is the key's name or below it. */
  SELFSUB,
  /** The changed name is strictly below the key's name. */
  SELFWILD,
  /**
   * The changed name is the rule's name (the apex without one) or below it, for the client's own
   * address records and reverse name ({@link SelfAddress}).
   */
  SELF_ADDRESS;

  /**
   * True when {@code target} matches; {@code ruleName} is the rule's name field (the apex for
   * {@code zonesub}), {@code key} the signer's key name.
   */
  public boolean matches(Name target, Name ruleName, Name key) {
    return switch (this) {
      case NAME -> target.equals(ruleName);
      // CVE-2020-8624: subdomain compares with its own name, never with the zone's.
      case SUBDOMAIN, ZONESUB, SELF_ADDRESS -> target.subdomain(ruleName);
      case WILDCARD -> strictlyBelow(target, new Name(ruleName, 1));
      case SELF -> key != null && target.equals(key);
      case SELFSUB -> key != null && target.subdomain(key);
      case SELFWILD -> key != null && strictlyBelow(target, key);
    };
  }

  /** True for the types that compare with the signer's key name. */
  public boolean usesKey() {
    return this == SELF || this == SELFSUB || this == SELFWILD;
  }

  /** True for the types that compare with who asks: the key's name, or the client's address. */
  public boolean usesRequester() {
    return usesKey() || this == SELF_ADDRESS;
  }

  /** True for the types whose name field is required. */
  public boolean needsName() {
    return this == NAME || this == SUBDOMAIN || this == WILDCARD;
  }

  /** The word in a rule line, e.g. {@code zonesub}, {@code self-address}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The match type a rule line names, case-insensitively. */
  public static Optional<MatchType> of(String word) {
    for (MatchType type : values()) {
      if (type.word().equalsIgnoreCase(word)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  static boolean strictlyBelow(Name name, Name parent) {
    return name.subdomain(parent) && !name.equals(parent);
  }
}
