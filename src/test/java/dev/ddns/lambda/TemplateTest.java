package dev.ddns.lambda;

import static dev.ddns.lambda.SamTemplate.cast;
import static dev.ddns.lambda.SamTemplate.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.dynamodb.ZoneTable;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code template.yaml} against the code and {@code infra/}: environment, least-privilege
 * policies, the stream event source, the table, SnapStart, alarms. That each Handler exists in the
 * Lambda jar is {@code LambdaJarIT}'s part, after packaging.
 */
class TemplateTest {
  /** Packages that never run in Lambda (not in the Lambda jar). */
  private static final List<String> NOT_IN_LAMBDA = List.of("cli", "relay", "local");
  /** Endpoint overrides and local files for tests and ddns local; Lambda uses the AWS defaults. */
  private static final Set<String> LOCAL_ONLY = Set.of("DDNS_DYNAMODB_ENDPOINT",
      "DDNS_SECRETS_ENDPOINT", "DDNS_KEY_FILE", "DDNS_ZONE_FILE");
  private static final Pattern VARIABLE = Pattern.compile("\"(DDNS_[A-Z0-9_]+)\"");
  private static final Map<String, Object> TABLE_ARN = getAtt("ZoneTable", "Arn");
  private static final Map<String, Object> STREAM_ARN = getAtt("ZoneTable", "StreamArn");
  private static final Set<String> STREAM_ACTIONS = Set.of("dynamodb:DescribeStream",
      "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams");
  /** What DynamoZoneStore calls: reads, and the item actions inside TransactWriteItems. */
  private static final Set<String> TABLE_ACTIONS = Set.of("dynamodb:GetItem",
      "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem",
      "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");

  private static SamTemplate template;

  @BeforeAll
  static void load() throws IOException {
    template = SamTemplate.load();
  }

  @Test
  void isASamTemplateWithItsThreeFunctions() {
    assertEquals("AWS::Serverless-2016-10-31", template.root().get("Transform"));
    assertEquals(Map.of(
        "UpdateFunction", "dev.ddns.lambda.UpdateFunction::handleRequest",
        "NotifyFunction", "dev.ddns.lambda.NotifyFunction::handleRequest",
        "ExpiryFunction", "dev.ddns.lambda.ExpiryFunction::handleRequest"), template.handlers());
  }

  @Test
  void expiryFunctionRunsOnAScheduleAndTouchesOnlyTheTable() {
    Map<String, Object> events = map(template.properties("ExpiryFunction"), "Events");
    assertEquals(List.of("Schedule"), events.values().stream()
        .map(e -> ((Map<?, ?>) e).get("Type")).toList());
    for (Map<String, Object> statement : statements("ExpiryFunction")) {
      assertEquals(TABLE_ARN, statement.get("Resource"));
      assertFalse(actions(statement).stream().anyMatch(STREAM_ACTIONS::contains));
    }
  }

  @Test
  void everyVariableTheLambdaCodeReadsIsSet() throws IOException {
    Set<String> set = new TreeSet<>(environment(globals()).keySet());
    for (String function : template.handlers().keySet()) {
      set.addAll(environment(template.properties(function)).keySet());
    }
    Set<String> missing = new TreeSet<>(variablesReadInLambda());
    missing.removeAll(set);
    missing.removeAll(LOCAL_ONLY);
    assertEquals(Set.of(), missing, "read by the code but not set in template.yaml");
    assertEquals("dynamodb", environment(globals()).get("DDNS_STORE"));
    assertEquals(Map.of("Ref", "ZoneTable"), environment(globals()).get("DDNS_TABLE"));
    assertEquals(Map.of("Ref", "SecretPrefix"), environment(globals()).get("DDNS_SECRET_PREFIX"));
  }

  @Test
  void functionsRunOnArm64WithSnapStartOnAnAlias() {
    Map<String, Object> globals = globals();
    assertEquals(List.of("arm64"), globals.get("Architectures"));
    assertTrue(Set.of("java17", "java21").contains((String) globals.get("Runtime")));
    assertEquals(Map.of("ApplyOn", "PublishedVersions"), globals.get("SnapStart"));
    assertTrue(globals.get("AutoPublishAlias") instanceof String);
    for (String function : template.handlers().keySet()) {
      Map<String, Object> properties = template.properties(function);
      assertEquals(".", properties.get("CodeUri"), function);
      assertEquals("makefile", map(map(template.resources(), function), "Metadata")
          .get("BuildMethod"), function);
    }
  }

  @Test
  void makefileBuildsEveryFunctionFromTheLambdaJar() throws IOException {
    String makefile = Files.readString(Path.of("Makefile"));
    assertTrue(makefile.contains("JAR := target/ddns-lambda.jar"), makefile);
    for (String function : template.handlers().keySet()) {
      assertTrue(makefile.contains("build-" + function), function);
    }
  }

  @Test
  void functionUrlAuthIsAParameterNoneOrIam() {
    Map<String, Object> parameter = map(map(template.root(), "Parameters"), "FunctionUrlAuthType");
    assertEquals(List.of("NONE", "AWS_IAM"), parameter.get("AllowedValues"));
    assertEquals(Map.of("AuthType", Map.of("Ref", "FunctionUrlAuthType")),
        template.properties("UpdateFunction").get("FunctionUrlConfig"));
    Map<String, Object> endpoint = map(map(template.root(), "Outputs"), "EndpointUrl");
    assertEquals(Map.of("Fn::Sub", "${UpdateFunctionUrl.FunctionUrl}dns-query"),
        endpoint.get("Value"));
  }

  @Test
  void updateFunctionMayTouchOnlyTheTableAndTheKeyPrefix() {
    List<Map<String, Object>> statements = statements("UpdateFunction");
    for (Map<String, Object> statement : statements) {
      Object resource = statement.get("Resource");
      Set<String> actions = actions(statement);
      if (resource.equals(TABLE_ARN)) {
        assertTrue(TABLE_ACTIONS.containsAll(actions), actions.toString());
      } else {
        assertSecretPrefix(statement);
      }
    }
    assertEquals(TABLE_ACTIONS, actionsOn(statements, TABLE_ARN));
  }

  @Test
  void notifyFunctionReadsTheStreamAndSendsOnlyToItsFailureQueue() {
    List<Map<String, Object>> statements = statements("NotifyFunction");
    Map<String, Object> queueArn = getAtt("NotifyFailures", "Arn");
    for (Map<String, Object> statement : statements) {
      Object resource = statement.get("Resource");
      Set<String> actions = actions(statement);
      if (resource.equals(STREAM_ARN)) {
        assertEquals(STREAM_ACTIONS, actions);
      } else if (resource.equals(TABLE_ARN)) {
        assertEquals(Set.of("dynamodb:GetItem", "dynamodb:Query"), actions);
      } else if (resource.equals(queueArn)) {
        assertEquals(Set.of("sqs:SendMessage"), actions);
      } else {
        assertSecretPrefix(statement);
      }
    }
    assertEquals(STREAM_ACTIONS, actionsOn(statements, STREAM_ARN));
    for (Map<String, Object> statement : statements("UpdateFunction")) {
      assertFalse(actions(statement).stream().anyMatch(STREAM_ACTIONS::contains),
          "only NotifyFunction reads the stream");
    }
  }

  @Test
  void streamEventSourceBisectsRetriesBoundedlyAndReportsItemFailures() {
    Map<String, Object> events = map(template.properties("NotifyFunction"), "Events");
    assertEquals(1, events.size());
    Map<String, Object> event = cast(events.values().iterator().next());
    assertEquals("DynamoDB", event.get("Type"));
    Map<String, Object> p = map(event, "Properties");
    assertEquals(STREAM_ARN, p.get("Stream"));
    assertEquals(true, p.get("BisectBatchOnFunctionError"));
    int retries = (Integer) p.get("MaximumRetryAttempts");
    assertTrue(retries >= 0 && retries <= 10, "bounded retries: " + retries);
    int window = (Integer) p.get("MaximumBatchingWindowInSeconds");
    assertTrue(window > 0 && window <= 5, "a short batching window: " + window);
    assertEquals(List.of("ReportBatchItemFailures"), p.get("FunctionResponseTypes"));
    Map<String, Object> onFailure = map(map(p, "DestinationConfig"), "OnFailure");
    Map<String, Object> destination = cast(onFailure.get("Destination"));
    List<String> getAtt = cast(destination.get("Fn::GetAtt"));
    assertEquals("AWS::SQS::Queue", map(template.resources(), getAtt.get(0)).get("Type"));
  }

  @Test
  void tableMatchesTheDefinitionInInfra() throws IOException {
    Map<String, Object> infra;
    try (Reader in = Files.newBufferedReader(Path.of("infra/table.json"))) {
      infra = new Yaml().load(in);
    }
    Map<String, Object> table = template.properties("ZoneTable");
    assertEquals(infra.get("AttributeDefinitions"), table.get("AttributeDefinitions"));
    assertEquals(infra.get("KeySchema"), table.get("KeySchema"));
    assertEquals(infra.get("BillingMode"), table.get("BillingMode"));
    Map<String, Object> stream = map(infra, "StreamSpecification");
    assertEquals(true, stream.get("StreamEnabled"));
    assertEquals(Map.of("StreamViewType", stream.get("StreamViewType")),
        table.get("StreamSpecification"));
    assertEquals(Map.of("AttributeName", ZoneTable.TTL_ATTRIBUTE, "Enabled", true),
        table.get("TimeToLiveSpecification"));
    assertEquals(Map.of("PointInTimeRecoveryEnabled", true),
        table.get("PointInTimeRecoverySpecification"));
    assertEquals(true, table.get("DeletionProtectionEnabled"));
    assertEquals("Retain", map(template.resources(), "ZoneTable").get("DeletionPolicy"));
  }

  @Test
  void alarmsWatchErrorsThrottlesIteratorAgeAndTheFailureQueue() {
    Set<String> watched = new TreeSet<>();
    template.resources().forEach((id, resource) -> {
      Map<String, Object> r = cast(resource);
      if ("AWS::CloudWatch::Alarm".equals(r.get("Type"))) {
        Map<String, Object> p = map(r, "Properties");
        List<Map<String, Object>> dimensions = cast(p.get("Dimensions"));
        watched.add(p.get("Namespace") + "/" + p.get("MetricName") + " " + dimensions.stream()
            .map(d -> d.get("Value").toString()).toList());
      }
    });
    assertTrue(watched.containsAll(List.of(
        "AWS/Lambda/Errors [{Ref=UpdateFunction}]",
        "AWS/Lambda/Throttles [{Ref=UpdateFunction}]",
        "AWS/Lambda/Errors [{Ref=NotifyFunction}]",
        "AWS/Lambda/Throttles [{Ref=NotifyFunction}]",
        "AWS/Lambda/IteratorAge [{Ref=NotifyFunction}]",
        "AWS/SQS/ApproximateNumberOfMessagesVisible [{Fn::GetAtt=[NotifyFailures, QueueName]}]",
        MetricLine.NAMESPACE + "/Requests [UPDATE, SERVFAIL]")), watched.toString());
  }

  @Test
  void everyFunctionLogsToAGroupWithRetention() {
    for (String function : template.handlers().keySet()) {
      Map<String, Object> logging = map(template.properties(function), "LoggingConfig");
      Map<String, Object> ref = cast(logging.get("LogGroup"));
      Map<String, Object> group = template.properties((String) ref.get("Ref"));
      assertEquals(Map.of("Ref", "LogRetentionDays"), group.get("RetentionInDays"), function);
    }
  }

  private static Map<String, Object> globals() {
    return map(map(template.root(), "Globals"), "Function");
  }

  private static Map<String, Object> environment(Map<String, Object> properties) {
    if (!properties.containsKey("Environment")) {
      return Map.of();
    }
    return map(map(properties, "Environment"), "Variables");
  }

  /** {@code "DDNS_..."} literals in the main sources of the packages that run in Lambda. */
  private static Set<String> variablesReadInLambda() throws IOException {
    Path main = Path.of("src/main/java/dev/ddns");
    Set<String> variables = new TreeSet<>();
    try (Stream<Path> files = Files.walk(main)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        if (NOT_IN_LAMBDA.contains(main.relativize(file).getName(0).toString())) {
          continue;
        }
        Matcher m = VARIABLE.matcher(Files.readString(file));
        while (m.find()) {
          variables.add(m.group(1));
        }
      }
    }
    assertTrue(variables.contains("DDNS_STORE"), variables.toString());
    return variables;
  }

  private static List<Map<String, Object>> statements(String function) {
    List<Object> policies = cast(template.properties(function).get("Policies"));
    List<Map<String, Object>> statements = new ArrayList<>();
    for (Object policy : policies) {
      assertTrue(policy instanceof Map, "inline statements only, no managed policy: " + policy);
      Map<String, Object> document = cast(policy);
      List<Map<String, Object>> inline = cast(document.get("Statement"));
      statements.addAll(inline);
    }
    for (Map<String, Object> statement : statements) {
      assertEquals("Allow", statement.get("Effect"));
      assertFalse(statement.get("Resource") instanceof List, "one resource per statement");
      assertFalse("*".equals(statement.get("Resource")), "no wildcard resource");
      assertFalse(actions(statement).stream().anyMatch(a -> a.contains("*")),
          "no wildcard action: " + statement);
    }
    return statements;
  }

  private static Set<String> actions(Map<String, Object> statement) {
    Object action = statement.get("Action");
    return action instanceof String single ? Set.of(single) : Set.copyOf(cast(action));
  }

  private static Set<String> actionsOn(List<Map<String, Object>> statements, Object resource) {
    Set<String> actions = new TreeSet<>();
    statements.stream().filter(s -> s.get("Resource").equals(resource))
        .forEach(s -> actions.addAll(actions(s)));
    return actions;
  }

  private static void assertSecretPrefix(Map<String, Object> statement) {
    assertEquals(Set.of("secretsmanager:GetSecretValue"), actions(statement), statement.toString());
    assertEquals(Map.of("Fn::Sub", "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:"
        + "${AWS::AccountId}:secret:${SecretPrefix}*"), statement.get("Resource"));
  }

  private static Map<String, Object> getAtt(String resource, String attribute) {
    Map<String, Object> getAtt = new HashMap<>();
    getAtt.put("Fn::GetAtt", List.of(resource, attribute));
    return getAtt;
  }
}
