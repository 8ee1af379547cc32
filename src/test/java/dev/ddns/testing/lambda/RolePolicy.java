package dev.ddns.testing.lambda;

import dev.ddns.lambda.ExpandedTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a function's execution role lets it do with one AWS service, by IAM's evaluation of the
 * inline statements of its {@code AWS::IAM::Role} in the expanded template: an action on a
 * resource is allowed when an Allow statement matches both and no Deny statement does (nothing
 * matching: denied). {@code Action} and {@code Resource} patterns take {@code *} and {@code ?},
 * actions case-insensitively. Only the statements about the service are read (their resources
 * resolved by {@link Intrinsics}); anything this does not model (managed policies,
 * {@code NotAction}, {@code NotResource}, {@code Condition}) fails naming it rather than being
 * read as allowed.
 */
public final class RolePolicy {
  private static final Set<String> MODELLED = Set.of("Sid", "Effect", "Action", "Resource");

  private record Statement(boolean allow, List<Pattern> actions, List<Pattern> resources) {
    boolean matches(String action, String resource) {
      return actions.stream().anyMatch(p -> p.matcher(action.toLowerCase(Locale.ROOT)).matches())
          && resources.stream().anyMatch(p -> p.matcher(resource).matches());
    }
  }

  private final String role;
  private final List<Statement> statements;

  private RolePolicy(String role, List<Statement> statements) {
    this.role = role;
    this.statements = List.copyOf(statements);
  }

  /** The statements about {@code service} (e.g. {@code secretsmanager}) of the function's role. */
  public static RolePolicy of(ExpandedTemplate template, String functionLogicalId,
      Intrinsics intrinsics, String service) {
    String role = roleId(template.properties(functionLogicalId).get("Role"), functionLogicalId);
    Map<String, Object> properties = template.properties(role);
    if (properties.containsKey("ManagedPolicyArns")) {
      throw new AssertionError(role + " has managed policies, which are not modelled");
    }
    List<Statement> statements = new ArrayList<>();
    for (Object policy : list(properties.get("Policies"))) {
      Map<?, ?> document = (Map<?, ?>) ((Map<?, ?>) policy).get("PolicyDocument");
      for (Object s : list(document.get("Statement"))) {
        Map<?, ?> statement = (Map<?, ?>) s;
        for (Object key : statement.keySet()) {
          if (!MODELLED.contains(key.toString())) {
            throw new AssertionError(role + ": " + key + " in a statement is not modelled");
          }
        }
        List<String> actions = list(statement.get("Action")).stream().map(Object::toString)
            .toList();
        if (actions.stream().anyMatch(a -> concerns(a, service))) {
          statements.add(new Statement("Allow".equals(statement.get("Effect")),
              actions.stream().map(a -> glob(a.toLowerCase(Locale.ROOT))).toList(),
              list(statement.get("Resource")).stream().map(r -> glob(intrinsics.string(r)))
                  .toList()));
        }
      }
    }
    return new RolePolicy(role, statements);
  }

  /** Whether the role may do {@code action} (e.g. {@code secretsmanager:GetSecretValue}). */
  public boolean allows(String action, String resourceArn) {
    return statements.stream().noneMatch(s -> !s.allow() && s.matches(action, resourceArn))
        && statements.stream().anyMatch(s -> s.allow() && s.matches(action, resourceArn));
  }

  /** The role's logical id. */
  public String role() {
    return role;
  }

  private static String roleId(Object role, String functionLogicalId) {
    if (role instanceof Map<?, ?> getAtt && getAtt.get("Fn::GetAtt") instanceof List<?> args
        && args.size() == 2 && "Arn".equals(args.get(1))) {
      return args.get(0).toString();
    }
    if (role instanceof Map<?, ?> getAtt && getAtt.get("Fn::GetAtt") instanceof String arg
        && arg.endsWith(".Arn")) {
      return arg.substring(0, arg.length() - ".Arn".length());
    }
    throw new AssertionError(functionLogicalId + "'s Role is not a role of the template: " + role);
  }

  private static boolean concerns(String action, String service) {
    return action.equals("*") || action.toLowerCase(Locale.ROOT).startsWith(
        service.toLowerCase(Locale.ROOT) + ":");
  }

  private static List<?> list(Object value) {
    return value instanceof List<?> list ? list : List.of(value);
  }

  /** An IAM pattern as a regular expression: {@code *} any run of characters, {@code ?} one. */
  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (String part : pattern.split("(?=[*?])|(?<=[*?])")) {
      regex.append(part.equals("*") ? ".*" : part.equals("?") ? "." : Pattern.quote(part));
    }
    return Pattern.compile(regex.toString());
  }
}
