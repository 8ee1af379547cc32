package dev.ddns.testing.lambda;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The environment of a function's runtime process: the function's own variables (from the
 * expanded template), then what Lambda itself sets for the managed java21 runtime (region,
 * function name, version, memory, handler, task root, log group and stream, the Runtime API
 * address, the execution role's temporary credentials), and the local endpoint overrides the
 * code supports. Nothing of the test JVM's own environment.
 */
public final class LambdaEnvironment {
  public static final String REGION = "eu-west-1";
  public static final String ACCOUNT = "123456789012";
  public static final String STACK = "ddns";
  /** Variables Lambda reserves: a function cannot set these itself. */
  private static final Set<String> RESERVED = Set.of("_HANDLER",
      "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
      "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
      "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
      "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
      "AWS_LAMBDA_MAX_CONCURRENCY");

  private LambdaEnvironment() {}

  /**
   * The environment for {@code function} in {@code taskRoot} talking to {@code runtimeApi}, with
   * {@code local} (endpoint overrides) added last; {@code snapStart} marks a SnapStart
   * initialisation ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}); a {@code maxConcurrency}
   * above 1 is a Lambda Managed Instances environment, which Lambda tells how many requests it
   * may get at once ({@code AWS_LAMBDA_MAX_CONCURRENCY}, the function's
   * PerExecutionEnvironmentMaxConcurrency; the runtime runs that many handler threads).
   */
  public static Map<String, String> of(FunctionDefinition function, Path taskRoot,
      String runtimeApi, boolean snapStart, int maxConcurrency, Map<String, String> local) {
    for (String name : function.environment().keySet()) {
      if (RESERVED.contains(name)) {
        throw new AssertionError(function.logicalId() + " sets the reserved variable " + name
            + ", which Lambda refuses");
      }
    }
    Map<String, String> env = new LinkedHashMap<>(function.environment());
    env.put("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
    env.put("LANG", "en_US.UTF-8");
    env.put("TZ", ":UTC");
    env.put("_HANDLER", function.handler());
    env.put("AWS_REGION", REGION);
    env.put("AWS_DEFAULT_REGION", REGION);
    env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
    env.put("AWS_LAMBDA_FUNCTION_NAME", function.functionName());
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
    env.put("AWS_LAMBDA_INITIALIZATION_TYPE", snapStart ? "snap-start" : "on-demand");
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.functionName());
    env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/12/01/[1]0123456789abcdef0123456789abcdef");
    env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
    env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
    env.put("LAMBDA_RUNTIME_DIR", taskRoot.resolve("runtime").toString());
    if (maxConcurrency > 1) {
      env.put("AWS_LAMBDA_MAX_CONCURRENCY", Integer.toString(maxConcurrency));
    }
    env.put("AWS_ACCESS_KEY_ID", "ASIALOCALLAMBDAROLE0");
    env.put("AWS_SECRET_ACCESS_KEY", "local-lambda-execution-role-secret");
    env.put("AWS_SESSION_TOKEN", "local-lambda-execution-role-session");
    env.putAll(local);
    return env;
  }
}
