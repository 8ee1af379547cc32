package dev.ddns.testing.lambda;

import dev.ddns.lambda.ExpandedTemplate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * EventBridge's scheduled events for a function, from the expanded template's
 * {@code AWS::Events::Rule} that targets the function's alias: the JSON EventBridge sends
 * (version 0, detail-type "Scheduled Event", source aws.events, the rule's ARN in resources,
 * an empty detail).
 */
public final class ScheduledEvents {
  private final String ruleLogicalId;
  private final String scheduleExpression;

  private ScheduledEvents(String ruleLogicalId, String scheduleExpression) {
    this.ruleLogicalId = ruleLogicalId;
    this.scheduleExpression = scheduleExpression;
  }

  /** The one schedule rule in {@code template} whose target is an alias of the function. */
  public static ScheduledEvents of(ExpandedTemplate template, String functionLogicalId,
      Intrinsics intrinsics) {
    List<String> rules = new ArrayList<>();
    String expression = null;
    for (String id : template.ofType("AWS::Events::Rule")) {
      Map<String, Object> properties = template.properties(id);
      for (Object target : (List<?>) properties.get("Targets")) {
        Object arn = ((Map<?, ?>) target).get("Arn");
        if (arn instanceof Map<?, ?> ref
            && String.valueOf(ref.get("Ref")).startsWith(functionLogicalId + "Alias")) {
          rules.add(id);
          expression = intrinsics.string(properties.get("ScheduleExpression"));
        }
      }
    }
    if (rules.size() != 1) {
      throw new AssertionError("expected one schedule rule on an alias of " + functionLogicalId
          + ", found " + rules);
    }
    return new ScheduledEvents(rules.get(0), expression);
  }

  /** The rule's schedule, e.g. {@code rate(1 minute)}. */
  public String scheduleExpression() {
    return scheduleExpression;
  }

  /** The event of the rule firing at {@code time}. */
  public String event(Instant time) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("version", "0");
    event.put("id", UUID.randomUUID().toString());
    event.put("detail-type", "Scheduled Event");
    event.put("source", "aws.events");
    event.put("account", LambdaEnvironment.ACCOUNT);
    event.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
    event.put("region", LambdaEnvironment.REGION);
    event.put("resources", List.of("arn:aws:events:" + LambdaEnvironment.REGION + ":"
        + LambdaEnvironment.ACCOUNT + ":rule/" + LambdaEnvironment.STACK + "-" + ruleLogicalId));
    event.put("detail", Map.of());
    return Json.write(event);
  }
}
