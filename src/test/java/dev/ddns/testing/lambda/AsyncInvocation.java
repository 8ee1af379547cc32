package dev.ddns.testing.lambda;

import dev.ddns.lambda.ExpandedTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lambda's asynchronous invocation (how EventBridge schedules invoke a function): an event whose
 * invocation fails is retried, by default twice more (three attempts in all), or as often as the
 * function's {@code AWS::Lambda::EventInvokeConfig} sets {@code MaximumRetryAttempts}; then it is
 * dropped or goes to the configured failure destination. Lambda waits one and then two minutes
 * between attempts; the harness does not wait.
 */
public final class AsyncInvocation {
  /** Retries Lambda makes after a failed asynchronous invocation unless configured otherwise. */
  public static final int DEFAULT_RETRIES = 2;

  private AsyncInvocation() {}

  /** The retries the template configures for {@code functionLogicalId}'s async invocations. */
  public static int retries(ExpandedTemplate template, String functionLogicalId) {
    for (String id : template.ofType("AWS::Lambda::EventInvokeConfig")) {
      Map<String, Object> properties = template.properties(id);
      if (properties.get("FunctionName") instanceof Map<?, ?> ref
          && functionLogicalId.equals(ref.get("Ref"))
          && properties.get("MaximumRetryAttempts") instanceof Number retries) {
        return retries.intValue();
      }
    }
    return DEFAULT_RETRIES;
  }

  /** Delivers {@code event} until an attempt succeeds or the retries are used up; every result. */
  public static List<Invocation.Result> deliver(LambdaRuntime runtime, String event,
      int retries) {
    List<Invocation.Result> attempts = new ArrayList<>();
    for (int attempt = 0; attempt <= retries; attempt++) {
      Invocation.Result result = runtime.invoke(event);
      attempts.add(result);
      if (result instanceof Invocation.Response) {
        break;
      }
    }
    return attempts;
  }
}
