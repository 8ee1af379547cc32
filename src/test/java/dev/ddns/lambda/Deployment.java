package dev.ddns.lambda;

import static dev.ddns.lambda.SamTemplate.cast;
import static dev.ddns.lambda.SamTemplate.map;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The expanded template as CloudFormation creates it for a set of parameter values: the part the
 * SAM translator leaves to CloudFormation. A resource whose {@code Condition} is false is left
 * out, {@code Fn::If} takes its branch, and {@code Ref AWS::NoValue} removes the property or list
 * element it stands in. Conditions are {@code Fn::Equals}, {@code Fn::Not}, {@code Fn::And},
 * {@code Fn::Or} and {@code Condition} over parameters and literals; anything else fails the test,
 * naming what it could not evaluate. Other intrinsics ({@code Ref} to a resource, {@code GetAtt},
 * {@code Sub}) stay as they are.
 */
final class Deployment {
  private static final Object NO_VALUE = new Object();

  private final Map<String, Object> root;
  private final Map<String, String> parameters;
  private final Map<String, Object> resources = new LinkedHashMap<>();

  private Deployment(Map<String, Object> root, Map<String, String> given) {
    this.root = root;
    this.parameters = new LinkedHashMap<>();
    map(root, "Parameters").forEach((name, declaration) -> {
      Object fallback = SamTemplate.<Map<String, Object>>cast(declaration).get("Default");
      parameters.put(name, fallback == null ? null : String.valueOf(fallback));
    });
    given.forEach((name, value) -> {
      if (!parameters.containsKey(name)) {
        throw new AssertionError("no parameter " + name + " in " + parameters.keySet());
      }
      parameters.put(name, value);
    });
    SamTemplate.map(root, "Resources").forEach((id, resource) -> {
      Map<String, Object> r = cast(resource);
      Object condition = r.get("Condition");
      if (condition == null || condition((String) condition)) {
        resources.put(id, resolve(r));
      }
    });
  }

  /** The template expanded and deployed with {@code parameters}, the rest at their defaults. */
  static Deployment of(Map<String, String> parameters) {
    return new Deployment(ExpandedTemplate.load(parameters).root(), parameters);
  }

  /** The template expanded and deployed with every parameter at its default. */
  static Deployment defaults() {
    return of(Map.of());
  }

  Map<String, Object> resources() {
    return resources;
  }

  /** The resource {@code id}; fails naming the resources there are when it is not deployed. */
  Map<String, Object> resource(String id) {
    return map(resources, id);
  }

  Map<String, Object> properties(String id) {
    return map(resource(id), "Properties");
  }

  /** Logical ids of every deployed resource of {@code type}, in template order. */
  List<String> ofType(String type) {
    List<String> ids = new ArrayList<>();
    resources.forEach((id, resource) -> {
      if (type.equals(SamTemplate.<Map<String, Object>>cast(resource).get("Type"))) {
        ids.add(id);
      }
    });
    return ids;
  }

  /** The resolved value of output {@code name}. */
  Object output(String name) {
    return resolve(map(map(root, "Outputs"), name)) instanceof Map<?, ?> output
        ? output.get("Value") : null;
  }

  /** The value CloudFormation gives parameter {@code name}. */
  Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name));
  }

  private boolean condition(String name) {
    Map<String, Object> conditions = map(root, "Conditions");
    if (!conditions.containsKey(name)) {
      throw new AssertionError("no condition " + name + " in " + conditions.keySet());
    }
    return truth(conditions.get(name));
  }

  private boolean truth(Object expression) {
    if (!(expression instanceof Map<?, ?> function) || function.size() != 1) {
      throw new AssertionError("not a condition function: " + expression);
    }
    Map.Entry<?, ?> only = function.entrySet().iterator().next();
    List<Object> args = only.getValue() instanceof List<?> list ? cast(list) : List.of();
    return switch ((String) only.getKey()) {
      case "Fn::Equals" -> scalar(args.get(0)).equals(scalar(args.get(1)));
      case "Fn::Not" -> !truth(args.get(0));
      case "Fn::And" -> args.stream().allMatch(this::truth);
      case "Fn::Or" -> args.stream().anyMatch(this::truth);
      case "Condition" -> condition((String) only.getValue());
      default -> throw new AssertionError("cannot evaluate condition " + expression);
    };
  }

  private String scalar(Object value) {
    if (value instanceof Map<?, ?> ref && ref.size() == 1 && ref.get("Ref") instanceof String p) {
      if (!parameters.containsKey(p)) {
        throw new AssertionError("a condition refers to " + p + ", which is not a parameter");
      }
      return String.valueOf(parameters.get(p));
    }
    if (value instanceof Map || value instanceof List) {
      throw new AssertionError("cannot evaluate " + value + " in a condition");
    }
    return String.valueOf(value);
  }

  /** {@code value} with Fn::If taken and AWS::NoValue removed. */
  private Object resolve(Object value) {
    if (value instanceof Map<?, ?> m) {
      if (m.size() == 1 && "AWS::NoValue".equals(m.get("Ref"))) {
        return NO_VALUE;
      }
      if (m.size() == 1 && m.get("Fn::If") instanceof List<?> branches) {
        return resolve(condition((String) branches.get(0)) ? branches.get(1) : branches.get(2));
      }
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((key, v) -> {
        Object resolved = resolve(v);
        if (resolved != NO_VALUE) {
          out.put((String) key, resolved);
        }
      });
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object element : list) {
        Object resolved = resolve(element);
        if (resolved != NO_VALUE) {
          out.add(resolved);
        }
      }
      return out;
    }
    return value;
  }
}
