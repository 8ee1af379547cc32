package dev.ddns.testing.lambda;

import dev.ddns.lambda.ExpandedTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CloudFormation's intrinsic functions over the expanded template, resolved to local values as a
 * stack deployed here would have them: {@code Ref} of a parameter gives its value (the default
 * unless overridden), of a pseudo parameter the local region and account, of a DynamoDB table its
 * {@code TableName}, of another resource the name given in {@code physicalIds};
 * {@code Fn::GetAtt} the attribute given in {@code attributes}; {@code Fn::Sub} and
 * {@code Fn::Join} their strings; {@code Fn::If} its branch by the template's {@code Conditions}
 * ({@code Fn::Equals}, {@code Fn::Not}, {@code Fn::And}, {@code Fn::Or}, {@code Condition}), with
 * {@code AWS::NoValue} leaving a property out, as CloudFormation does. A table whose
 * {@code TableName} is left out gets a name the way CloudFormation makes one: the stack's name, the
 * logical id and a suffix. Anything else fails naming it: an environment variable must never
 * silently become a wrong value.
 */
public final class Intrinsics {
  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");
  /** What {@code Ref AWS::NoValue} resolves to: the property is left out. */
  public static final Object NO_VALUE = new Object() {
    @Override
    public String toString() {
      return "AWS::NoValue";
    }
  };
  /** The suffix of the names CloudFormation generates here (it draws a random one). */
  static final String GENERATED_SUFFIX = "LOCAL0TEST1";

  private final ExpandedTemplate template;
  private final Map<String, String> parameters;
  private final Map<String, String> physicalIds;
  private final Map<String, String> attributes;

  /**
   * @param parameterOverrides parameter values that replace the template's defaults
   * @param physicalIds the local name of each resource that {@code Ref} may reach
   * @param attributes {@code LogicalId.Attribute} to value, for {@code Fn::GetAtt}
   */
  public Intrinsics(ExpandedTemplate template, Map<String, String> parameterOverrides,
      Map<String, String> physicalIds, Map<String, String> attributes) {
    this.template = template;
    this.parameters = parameters(template, parameterOverrides);
    this.physicalIds = Map.copyOf(physicalIds);
    this.attributes = Map.copyOf(attributes);
  }

  private static Map<String, String> parameters(ExpandedTemplate template,
      Map<String, String> overrides) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("AWS::Region", LambdaEnvironment.REGION);
    values.put("AWS::AccountId", LambdaEnvironment.ACCOUNT);
    values.put("AWS::Partition", "aws");
    values.put("AWS::URLSuffix", "amazonaws.com");
    values.put("AWS::StackName", LambdaEnvironment.STACK);
    Object declared = template.root().get("Parameters");
    if (declared instanceof Map<?, ?> map) {
      map.forEach((name, spec) -> {
        Object value = spec instanceof Map<?, ?> s ? s.get("Default") : null;
        if (value != null) {
          values.put(name.toString(), scalar(value));
        }
      });
    }
    overrides.forEach((name, value) -> {
      if (!(declared instanceof Map<?, ?> map && map.containsKey(name))) {
        throw new AssertionError("the template declares no parameter " + name);
      }
      values.put(name, value);
    });
    return values;
  }

  /** {@code value} with every intrinsic resolved, as the string CloudFormation would set. */
  public String string(Object value) {
    Object resolved = resolve(value);
    if (resolved instanceof Map || resolved instanceof List) {
      throw new AssertionError("not a string value: " + value);
    }
    return scalar(resolved);
  }

  /** {@code value} with every intrinsic resolved; lists and plain maps resolved inside. */
  public Object resolve(Object value) {
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.stream().map(this::resolve).filter(v -> v != NO_VALUE).forEach(out::add);
      return out;
    }
    if (!(value instanceof Map<?, ?> map)) {
      return value;
    }
    if (map.size() == 1) {
      String key = map.keySet().iterator().next().toString();
      Object argument = map.values().iterator().next();
      if (key.equals("Ref")) {
        return ref(argument.toString());
      }
      if (key.startsWith("Fn::")) {
        return function(key, argument);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> {
      Object resolved = resolve(v);
      if (resolved != NO_VALUE) {
        out.put(k.toString(), resolved);
      }
    });
    return out;
  }

  private Object ref(String name) {
    if (name.equals("AWS::NoValue")) {
      return NO_VALUE;
    }
    if (parameters.containsKey(name)) {
      return parameters.get(name);
    }
    if (physicalIds.containsKey(name)) {
      return physicalIds.get(name);
    }
    if (template.resources().containsKey(name)) {
      Map<String, Object> resource = template.resource(name);
      if ("AWS::DynamoDB::Table".equals(resource.get("Type"))) {
        Object tableName = resolve(template.properties(name).get("TableName"));
        return tableName == null || tableName == NO_VALUE
            ? parameters.get("AWS::StackName") + "-" + name + "-" + GENERATED_SUFFIX
            : scalar(tableName);
      }
      throw new AssertionError("Ref " + name + " (" + resource.get("Type")
          + ") has no local value; give it in physicalIds");
    }
    throw new AssertionError("Ref " + name + ": no such parameter or resource");
  }

  private Object function(String name, Object argument) {
    return switch (name) {
      case "Fn::GetAtt" -> getAtt(argument);
      case "Fn::Sub" -> sub(argument);
      case "Fn::Join" -> join(argument);
      case "Fn::If" -> {
        List<?> branches = (List<?>) argument;
        yield resolve(condition(branches.get(0).toString()) ? branches.get(1) : branches.get(2));
      }
      default -> throw new AssertionError(name + " is not resolved locally (argument "
          + argument + "); teach Intrinsics its meaning before relying on it");
    };
  }

  /** The template's condition {@code name}, evaluated on the parameter values. */
  public boolean condition(String name) {
    Object conditions = template.root().get("Conditions");
    if (!(conditions instanceof Map<?, ?> map) || !map.containsKey(name)) {
      throw new AssertionError("no condition " + name + " in the template");
    }
    return truth(map.get(name));
  }

  private boolean truth(Object expression) {
    Map<?, ?> map = (Map<?, ?>) expression;
    String function = map.keySet().iterator().next().toString();
    Object argument = map.values().iterator().next();
    List<?> args = argument instanceof List<?> list ? list : List.of(argument);
    return switch (function) {
      case "Fn::Equals" -> scalar(resolve(args.get(0))).equals(scalar(resolve(args.get(1))));
      case "Fn::Not" -> !truth(args.get(0));
      case "Fn::And" -> args.stream().allMatch(this::truth);
      case "Fn::Or" -> args.stream().anyMatch(this::truth);
      case "Condition" -> condition(argument.toString());
      default -> throw new AssertionError(function + " is not a condition function");
    };
  }

  private String getAtt(Object argument) {
    String key = argument instanceof List<?> list
        ? list.get(0) + "." + list.get(1) : argument.toString();
    String value = attributes.get(key);
    if (value == null) {
      throw new AssertionError("Fn::GetAtt " + key + " has no local value; give it in attributes");
    }
    return value;
  }

  private String sub(Object argument) {
    String text;
    Map<String, String> local = new LinkedHashMap<>();
    if (argument instanceof List<?> list) {
      text = list.get(0).toString();
      ((Map<?, ?>) list.get(1)).forEach((k, v) -> local.put(k.toString(), string(v)));
    } else {
      text = argument.toString();
    }
    Matcher m = SUB_VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String variable = m.group(1);
      String value = local.containsKey(variable) ? local.get(variable)
          : variable.contains(".") && !variable.startsWith("AWS::")
              ? getAtt(variable) : scalar(ref(variable));
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString().replace("${!", "${");
  }

  private String join(Object argument) {
    List<?> list = (List<?>) argument;
    List<String> parts = new ArrayList<>();
    for (Object part : (List<?>) resolve(list.get(1))) {
      parts.add(scalar(part));
    }
    return String.join(list.get(0).toString(), parts);
  }

  private static String scalar(Object value) {
    if (value instanceof Double d && d == Math.rint(d)) {
      return Long.toString(d.longValue());
    }
    return String.valueOf(value);
  }
}
