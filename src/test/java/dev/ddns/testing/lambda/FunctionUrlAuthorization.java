package dev.ddns.testing.lambda;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether a function's URL lets an unsigned caller in, from the expanded template's
 * {@code AWS::Lambda::Url} and {@code AWS::Lambda::Permission} resources, by Lambda's rules: an
 * {@code AWS_IAM} URL refuses every unsigned request; a {@code NONE} URL needs the function's
 * resource policy to grant the public ({@code Principal "*"}) both {@code
 * lambda:InvokeFunctionUrl} with {@code FunctionUrlAuthType NONE} and {@code
 * lambda:InvokeFunction} with {@code InvokedViaFunctionUrl true}, on what the URL targets (the
 * same alias); without either, Lambda answers 403 Forbidden before the function runs.
 */
public final class FunctionUrlAuthorization {
  private final Optional<String> refusal;

  private FunctionUrlAuthorization(Optional<String> refusal) {
    this.refusal = refusal;
  }

  /** Every caller is let in (no URL authorization modelled). */
  public static FunctionUrlAuthorization open() {
    return new FunctionUrlAuthorization(Optional.empty());
  }

  /**
   * The authorization of {@code functionLogicalId}'s URL in {@code resources}; {@code resolve}
   * turns a property (a literal or an intrinsic) into its deployed string value.
   */
  public static FunctionUrlAuthorization of(Map<String, Object> resources,
      String functionLogicalId, Function<Object, String> resolve) {
    List<Map<?, ?>> urls = new ArrayList<>();
    List<Map<?, ?>> permissions = new ArrayList<>();
    resources.forEach((id, resource) -> {
      Map<?, ?> r = (Map<?, ?>) resource;
      Map<?, ?> properties = (Map<?, ?>) r.get("Properties");
      if ("AWS::Lambda::Url".equals(r.get("Type"))
          && targets(properties.get("TargetFunctionArn"), functionLogicalId)) {
        urls.add(properties);
      } else if ("AWS::Lambda::Permission".equals(r.get("Type"))) {
        permissions.add(properties);
      }
    });
    if (urls.size() != 1) {
      throw new AssertionError("expected one URL for " + functionLogicalId + ", found " + urls);
    }
    Map<?, ?> url = urls.get(0);
    String authType = resolve.apply(url.get("AuthType"));
    if (authType.equals("AWS_IAM")) {
      return new FunctionUrlAuthorization(Optional.of("AuthType AWS_IAM: unsigned requests "
          + "are refused"));
    }
    Object target = url.get("TargetFunctionArn");
    boolean invokeUrl = permissions.stream().anyMatch(p -> isPublic(p, target)
        && "lambda:InvokeFunctionUrl".equals(p.get("Action"))
        && "NONE".equals(resolvedOrNull(resolve, p.get("FunctionUrlAuthType"))));
    boolean invokeFunction = permissions.stream().anyMatch(p -> isPublic(p, target)
        && "lambda:InvokeFunction".equals(p.get("Action"))
        && "true".equalsIgnoreCase(resolvedOrNull(resolve, p.get("InvokedViaFunctionUrl"))));
    List<String> missing = new ArrayList<>();
    if (!invokeUrl) {
      missing.add("lambda:InvokeFunctionUrl (FunctionUrlAuthType NONE)");
    }
    if (!invokeFunction) {
      missing.add("lambda:InvokeFunction (InvokedViaFunctionUrl true)");
    }
    return new FunctionUrlAuthorization(missing.isEmpty() ? Optional.empty()
        : Optional.of("no public permission on " + target + " for " + String.join(" and ",
            missing)));
  }

  private static boolean targets(Object arn, String functionLogicalId) {
    return arn instanceof Map<?, ?> ref && ref.get("Ref") instanceof String id
        && (id.equals(functionLogicalId) || id.startsWith(functionLogicalId + "Alias"));
  }

  private static boolean isPublic(Map<?, ?> permission, Object target) {
    return "*".equals(permission.get("Principal")) && target.equals(permission.get("FunctionName"));
  }

  private static String resolvedOrNull(Function<Object, String> resolve, Object value) {
    return value == null ? null : resolve.apply(value);
  }

  /** Why an unsigned caller gets 403; empty when it is let in. */
  public Optional<String> refusal() {
    return refusal;
  }
}
