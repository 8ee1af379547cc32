package dev.ddns.core.policy;

import java.time.Duration;
import org.xbill.DNS.Name;

/**
 * An {@code expire} rule: RRsets of the covered names and types are removed once {@code after}
 * has passed since a record was last added to them (the expiry sweep does it, as an ordinary
 * journaled update).
 *
 * @param line the rule's line number in the policy, from 1
 * @param after how long after the last addition the RRset goes
 * @param match how names are compared ({@code name}, {@code subdomain}, {@code zonesub} or
 *     {@code wildcard})
 * @param name the name field (the apex for {@code zonesub})
 * @param types the types that expire
 */
public record ExpiryRule(int line, Duration after, MatchType match, Name name, TypeList types) {

  public boolean covers(Name target, int type) {
    return match.matches(target, name, null) && types.covers(type);
  }
}
