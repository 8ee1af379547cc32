package dev.ddns.core.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.xbill.DNS.Type;

/**
 * The types field of a rule: the record types it covers, each with an optional limit on how many
 * records of that type the name may hold after an update ({@code PTR(1)}). As in BIND, no types
 * means every type except RRSIG, NS, SOA, NSEC and NSEC3; {@code ANY} means every type, and a
 * limit on {@code ANY} applies to the types not listed on their own.
 *
 * @param limits the listed types, in order, each with its limit (0 for none); empty for the
 *     default set
 */
public record TypeList(Map<Integer, Integer> limits) {
  private static final Set<Integer> OUTSIDE_DEFAULT =
      Set.of(Type.RRSIG, Type.NS, Type.SOA, Type.NSEC, Type.NSEC3);

  public TypeList {
    limits = Collections.unmodifiableMap(new LinkedHashMap<>(limits));
  }

  /** The default set: no types listed. */
  public static final TypeList DEFAULT = new TypeList(Map.of());

  public boolean covers(int type) {
    if (limits.isEmpty()) {
      return !OUTSIDE_DEFAULT.contains(type);
    }
    return limits.containsKey(type) || limits.containsKey(Type.ANY);
  }

  /** The most records of {@code type} a name may hold after an update, if the rule limits it. */
  public OptionalInt limit(int type) {
    Integer own = limits.get(type);
    if (own == null) {
      own = limits.get(Type.ANY);
    }
    return own == null || own == 0 ? OptionalInt.empty() : OptionalInt.of(own);
  }

  public boolean hasLimits() {
    return limits.values().stream().anyMatch(n -> n != 0);
  }

  /** True when {@code type} is listed on its own (not only through ANY). */
  public boolean lists(int type) {
    return limits.containsKey(type);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<Integer, Integer> e : limits.entrySet()) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(Type.string(e.getKey()));
      if (e.getValue() != 0) {
        out.append('(').append(e.getValue()).append(')');
      }
    }
    return out.toString();
  }
}
