package dev.ddns.core.policy;

import org.xbill.DNS.Name;

/**
 * One {@code grant} or {@code deny} rule: which keys, which names (by {@link MatchType}), which
 * types.
 *
 * @param line the rule's line number in the policy, from 1
 * @param grant true for {@code grant}, false for {@code deny}
 * @param key the key name, or a wildcard name ({@code *} for every key)
 * @param match how the changed name is compared
 * @param name the name field (the apex for {@code zonesub}; unused by the {@code self} types)
 * @param types the types covered, with their limits
 */
public record PolicyRule(int line, boolean grant, Name key, MatchType match, Name name,
    TypeList types) {

  /** True when this rule is about {@code key} changing {@code type} records at {@code target}. */
  public boolean matches(Name key, Name target, int type) {
    return keyMatches(key) && match.matches(target, name, key) && types.covers(type);
  }

  /**
   * BIND's identity field: a wildcard name matches every key name strictly below its parent (so
   * {@code *} matches every key), any other name only itself.
   */
  boolean keyMatches(Name signer) {
    return this.key.isWild()
        ? MatchType.strictlyBelow(signer, new Name(this.key, 1))
        : this.key.equals(signer);
  }
}
