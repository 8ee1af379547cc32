package dev.ddns.core.policy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.Name;

/**
 * Parsed policies by zone and rule lines, so that an update does not parse its zone's policy
 * again (parsing names and types costs more than checking them). Thread-safe; emptied when it
 * holds {@value #MAX_ENTRIES} policies.
 */
public final class PolicyCache {
  static final int MAX_ENTRIES = 1024;

  private record Key(Name zone, List<String> lines) {}

  private final Map<Key, PolicyParse> parsed = new ConcurrentHashMap<>();

  /** The same as {@link UpdatePolicy#parse}, from the cache when these lines were seen before. */
  public PolicyParse parse(Name zone, List<String> lines) {
    if (lines.isEmpty()) {
      return UpdatePolicy.parse(zone, lines);
    }
    Key key = new Key(zone, lines);
    PolicyParse known = parsed.get(key);
    if (known != null) {
      return known;
    }
    if (parsed.size() >= MAX_ENTRIES) {
      parsed.clear();
    }
    PolicyParse parse = UpdatePolicy.parse(zone, lines);
    parsed.put(key, parse);
    return parse;
  }
}
