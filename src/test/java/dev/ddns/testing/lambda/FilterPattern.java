package dev.ddns.testing.lambda;

import java.util.List;
import java.util.Map;

/**
 * A Lambda event filter pattern (event source mapping {@code FilterCriteria}), with the
 * documented semantics of the subset the template may use: a pattern object matches when every
 * key it names is in the record and matches there; a leaf is an array of conditions of which one
 * must match (a literal string, number or null compares equal; {@code {"prefix": "..."}},
 * {@code {"exists": true|false}} and {@code {"anything-but": [...]}} as documented); a record
 * value that is an array matches when one element does. Any other operator fails loudly.
 */
public final class FilterPattern {
  /** A JSON null in the record, as distinct from a missing field. */
  private static final Object NULL = new Object();

  private final Map<String, Object> pattern;

  private FilterPattern(Map<String, Object> pattern) {
    this.pattern = pattern;
  }

  public static FilterPattern parse(String json) {
    return new FilterPattern(Json.object(Json.parse(json)));
  }

  /** True when the record (the event record as JSON values) matches. */
  public boolean matches(Map<String, Object> record) {
    return matchesObject(pattern, record);
  }

  private static boolean matchesObject(Map<String, Object> pattern, Map<?, ?> value) {
    for (Map.Entry<String, Object> field : pattern.entrySet()) {
      Object actual = value == null ? null : value.get(field.getKey());
      boolean present = value != null && value.containsKey(field.getKey());
      if (field.getValue() instanceof Map<?, ?> nested) {
        if (!(actual instanceof Map<?, ?> actualMap)
            || !matchesObject(Json.object(nested), actualMap)) {
          return false;
        }
      } else if (field.getValue() instanceof List<?> conditions) {
        if (!matchesLeaf(conditions, present, actual)) {
          return false;
        }
      } else {
        throw new AssertionError("filter pattern values must be objects or arrays: "
            + field.getKey() + ": " + field.getValue());
      }
    }
    return true;
  }

  private static boolean matchesLeaf(List<?> conditions, boolean present, Object actual) {
    for (Object condition : conditions) {
      if (condition instanceof Map<?, ?> operator && operator.containsKey("exists")) {
        if (Boolean.TRUE.equals(operator.get("exists")) == (present
            && !(actual instanceof Map))) {
          return true;
        }
        continue;
      }
      if (!present) {
        continue;
      }
      List<?> values = actual instanceof List<?> list ? list : List.of(nullable(actual));
      for (Object value : values) {
        if (condition(condition, value)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Object nullable(Object value) {
    return value == null ? NULL : value;
  }

  private static boolean condition(Object condition, Object value) {
    if (condition instanceof Map<?, ?> operator) {
      if (operator.size() != 1) {
        throw new AssertionError("one operator per condition: " + operator);
      }
      String name = operator.keySet().iterator().next().toString();
      Object argument = operator.get(name);
      return switch (name) {
        case "prefix" -> value instanceof String s && s.startsWith(argument.toString());
        case "anything-but" -> (argument instanceof List<?> list ? list : List.of(argument))
            .stream().noneMatch(a -> literal(a, value));
        default -> throw new AssertionError("filter operator " + name
            + " is not modelled; add its documented semantics to FilterPattern");
      };
    }
    return literal(condition, value);
  }

  private static boolean literal(Object condition, Object value) {
    if (condition == null) {
      return value == NULL;
    }
    if (condition instanceof Number n && value instanceof Number v) {
      return n.doubleValue() == v.doubleValue();
    }
    return condition.equals(value);
  }
}
