package dev.ddns.testing.lambda;

import dev.ddns.lambda.ExpandedTemplate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code AWS::Lambda::Function} of the expanded template (SAM's Globals merged in): its
 * handler, memory, timeout and environment, the intrinsics resolved to local values.
 *
 * @param logicalId the resource's logical id, e.g. {@code UpdateFunction}
 * @param functionName the name CloudFormation would give it ({@code STACK-LogicalId})
 */
public record FunctionDefinition(String logicalId, String functionName, String handler,
    int memoryMb, int timeoutSeconds, boolean snapStart, Map<String, String> environment) {
  /** Lambda's defaults when a function sets no MemorySize or Timeout. */
  private static final int DEFAULT_MEMORY_MB = 128;
  private static final int DEFAULT_TIMEOUT_S = 3;

  public static FunctionDefinition of(ExpandedTemplate template, String logicalId,
      Intrinsics intrinsics) {
    Map<String, Object> resource = template.resource(logicalId);
    if (!"AWS::Lambda::Function".equals(resource.get("Type"))) {
      throw new AssertionError(logicalId + " is a " + resource.get("Type")
          + " in the expanded template, not an AWS::Lambda::Function");
    }
    Map<String, Object> properties = template.properties(logicalId);
    Map<String, String> environment = new LinkedHashMap<>();
    Object env = properties.get("Environment");
    if (env != null) {
      Map<?, ?> variables = (Map<?, ?>) ((Map<?, ?>) env).get("Variables");
      variables.forEach((name, value) -> environment.put(name.toString(),
          intrinsics.string(value)));
    }
    Object snapStart = properties.get("SnapStart");
    return new FunctionDefinition(logicalId, LambdaEnvironment.STACK + "-" + logicalId,
        intrinsics.string(properties.get("Handler")),
        number(intrinsics, properties.get("MemorySize"), DEFAULT_MEMORY_MB),
        number(intrinsics, properties.get("Timeout"), DEFAULT_TIMEOUT_S),
        snapStart instanceof Map<?, ?> s && "PublishedVersions".equals(s.get("ApplyOn")),
        Map.copyOf(environment));
  }

  private static int number(Intrinsics intrinsics, Object value, int otherwise) {
    return value == null ? otherwise : Integer.parseInt(intrinsics.string(value));
  }

  /** This definition with {@code name} set to {@code value} ({@code null}: removed). */
  public FunctionDefinition withVariable(String name, String value) {
    Map<String, String> changed = new LinkedHashMap<>(environment);
    if (value == null) {
      changed.remove(name);
    } else {
      changed.put(name, value);
    }
    return new FunctionDefinition(logicalId, functionName, handler, memoryMb, timeoutSeconds,
        snapStart, Map.copyOf(changed));
  }

  /** The ARN of the function's {@code live} alias, which every event source targets. */
  public String aliasArn() {
    return "arn:aws:lambda:" + LambdaEnvironment.REGION + ":" + LambdaEnvironment.ACCOUNT
        + ":function:" + functionName + ":live";
  }
}
