package dev.ddns.lambda;

import static dev.ddns.lambda.SamTemplate.cast;
import static dev.ddns.lambda.SamTemplate.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code template.yaml} as it is deployed: expanded by the SAM translator ({@link
 * ExpandedTemplate}), then with its conditions evaluated for the parameter values in question
 * ({@link Deployment}). What the SAM transform adds (roles, permissions, aliases, event source
 * mappings, rules) is checked here, where it can be seen; {@code TemplateTest} keeps what only
 * the source shows.
 */
class ExpandedTemplateTest {
  private static final List<String> FUNCTIONS =
      List.of("UpdateFunction", "NotifyFunction", "ExpiryFunction");
  private static final String ALIAS = "live";
  private static final Map<String, Object> TABLE = getAtt("ZoneTable", "Arn");
  private static final Map<String, Object> STREAM = getAtt("ZoneTable", "StreamArn");
  private static final List<Object> INDEXES = List.of(
      Map.of("Fn::Sub", "${ZoneTable.Arn}/index/zones"),
      Map.of("Fn::Sub", "${ZoneTable.Arn}/index/expiry"));
  /** The sweep reads due names in a transaction and deletes through the journal. */
  private static final List<String> SWEEP_TABLE_ACTIONS = List.of("dynamodb:GetItem",
      "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");
  private static final Map<String, Object> SECRETS = Map.of("Fn::Sub", "arn:${AWS::Partition}:"
      + "secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${SecretPrefix}*");
  /** The dyndns2 tokens, which the update function alone reads (docs/keys.md, "Tokens"). */
  private static final Map<String, Object> TOKENS = Map.of("Fn::Sub", "arn:${AWS::Partition}:"
      + "secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${TokenPrefix}*");
  /** Reads, and the item actions TransactGetItems and TransactWriteItems are authorised by. */
  private static final List<String> TABLE_ACTIONS = List.of("dynamodb:GetItem",
      "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem",
      "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");
  private static final List<String> LOG_ACTIONS =
      List.of("logs:CreateLogStream", "logs:PutLogEvents");
  /**
   * The one action granted on every resource: {@code dynamodb:ListStreams} has no resource type
   * in the IAM Service Authorization Reference for DynamoDB, so no ARN can scope it; Lambda's
   * DynamoDB event source lists it among the permissions the mapping needs. It lists stream ARNs,
   * never data.
   */
  private static final String UNSCOPABLE = "dynamodb:ListStreams";
  /** Variables Lambda itself sets in every function (the Lambda guide, "Defined runtime environment variables"). */
  private static final Set<String> SET_BY_LAMBDA = Set.of("AWS_REGION", "AWS_DEFAULT_REGION",
      "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION",
      "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_INITIALIZATION_TYPE",
      "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_LAMBDA_RUNTIME_API",
      "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");
  /**
   * Read by the code but left unset in AWS on purpose: endpoint overrides for DynamoDB Local and
   * the Secrets Manager stand-in (unset, the SDK uses the region's endpoints), and local files for
   * the memory store and file keys (the stack uses {@code dynamodb} and {@code secretsmanager}).
   */
  private static final Set<String> LOCAL_ONLY = Set.of(Wiring.DYNAMODB_ENDPOINT,
      Wiring.SECRETS_ENDPOINT, Wiring.KEY_FILE, Wiring.ZONE_FILE);
  /** Set for the JVM, which reads it before any code of ours. */
  private static final Set<String> READ_BY_THE_JVM = Set.of("JAVA_TOOL_OPTIONS");
  private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours)\\)");

  @Test
  void publicUrlIsOpenedByExactlyTheTwoPermissionsOnTheAlias() {
    Deployment deployed = Deployment.of(Map.of("FunctionUrlAuthType", "NONE"));
    Map<String, Object> url = deployed.properties("UpdateFunctionUrl");
    assertEquals(alias("UpdateFunction"), url.get("TargetFunctionArn"));
    assertEquals(Set.of(
        Map.of("Action", "lambda:InvokeFunctionUrl", "FunctionName", alias("UpdateFunction"),
            "Principal", "*", "FunctionUrlAuthType", "NONE"),
        Map.of("Action", "lambda:InvokeFunction", "FunctionName", alias("UpdateFunction"),
            "Principal", "*", "InvokedViaFunctionUrl", true)),
        Set.copyOf(publicPermissions(deployed)));
    assertEquals("NONE", deployed.parameter("FunctionUrlAuthType").orElseThrow(),
        "NONE is the default: the relay signs no SigV4");
    assertEquals(publicPermissions(deployed), publicPermissions(Deployment.defaults()));
  }

  @Test
  void iamUrlHasNoPublicPermission() {
    Deployment deployed = Deployment.of(Map.of("FunctionUrlAuthType", "AWS_IAM"));
    assertEquals(List.of(), publicPermissions(deployed));
    assertEquals(alias("UpdateFunction"),
        deployed.properties("UpdateFunctionUrl").get("TargetFunctionArn"));
  }

  @Test
  void everyFunctionHasItsOwnRoleWithoutManagedPolicies() {
    Deployment deployed = Deployment.defaults();
    List<String> roles = deployed.ofType("AWS::IAM::Role");
    assertEquals(FUNCTIONS.size(), roles.size(), roles.toString());
    for (String role : roles) {
      Map<String, Object> p = deployed.properties(role);
      assertFalse(p.containsKey("ManagedPolicyArns"), role + ": " + p.get("ManagedPolicyArns"));
      assertEquals(List.of(Map.of("Effect", "Allow", "Action", "sts:AssumeRole",
              "Principal", Map.of("Service", "lambda.amazonaws.com"))),
          map(p, "AssumeRolePolicyDocument").get("Statement"), role);
    }
    for (String function : FUNCTIONS) {
      assertTrue(roles.contains(role(deployed, function)), function);
    }
  }

  @Test
  void noStatementGrantsEveryResourceButTheUnscopableListStreams() {
    Deployment deployed = Deployment.defaults();
    for (String function : FUNCTIONS) {
      for (Map<String, Object> statement : statements(deployed, function)) {
        assertEquals("Allow", statement.get("Effect"), statement.toString());
        assertFalse(statement.containsKey("NotAction") || statement.containsKey("NotResource"));
        for (String action : actions(statement)) {
          assertFalse(action.contains("*"), function + ": wildcard action " + action);
          if ("*".equals(statement.get("Resource"))) {
            assertEquals(UNSCOPABLE, action, function + " grants " + action + " on *");
          }
        }
      }
    }
  }

  @Test
  void updateFunctionMayWriteItsLogsAndTheTableAndReadTheKeysAndTokens() {
    Map<String, Set<Object>> expected = new TreeMap<>();
    grant(expected, LOG_ACTIONS, getAtt("UpdateFunctionLogs", "Arn"));
    grant(expected, TABLE_ACTIONS, TABLE);
    grant(expected, List.of("secretsmanager:GetSecretValue"), SECRETS);
    grant(expected, List.of("secretsmanager:GetSecretValue"), TOKENS);
    assertEquals(expected, grants(Deployment.defaults(), "UpdateFunction"));
  }

  @Test
  void notifyFunctionMayReadTheStreamZoneAndKeysAndFillItsQueue() {
    Map<String, Set<Object>> expected = new TreeMap<>();
    grant(expected, LOG_ACTIONS, getAtt("NotifyFunctionLogs", "Arn"));
    grant(expected, List.of("dynamodb:DescribeStream", "dynamodb:GetRecords",
        "dynamodb:GetShardIterator"), STREAM);
    grant(expected, List.of(UNSCOPABLE), "*");
    grant(expected, List.of("dynamodb:GetItem", "dynamodb:Query"), TABLE);
    grant(expected, List.of("secretsmanager:GetSecretValue"), SECRETS);
    grant(expected, List.of("sqs:SendMessage"), getAtt("NotifyFailures", "Arn"));
    assertEquals(expected, grants(Deployment.defaults(), "NotifyFunction"));
  }

  @Test
  void expiryFunctionMayQueryTheIndexesAndDeleteThroughTheJournalButNeverScan() {
    Map<String, Set<Object>> expected = new TreeMap<>();
    grant(expected, LOG_ACTIONS, getAtt("ExpiryFunctionLogs", "Arn"));
    grant(expected, SWEEP_TABLE_ACTIONS, TABLE);
    INDEXES.forEach(index -> grant(expected, List.of("dynamodb:Query"), index));
    grant(expected, List.of("sqs:SendMessage"), getAtt("ExpiryFailures", "Arn"));
    Map<String, Set<Object>> actual = grants(Deployment.defaults(), "ExpiryFunction");
    assertEquals(expected, actual);
    assertFalse(actual.containsKey("dynamodb:Scan"));
  }

  @Test
  void everyFunctionLogsToItsOwnGroup() {
    Deployment deployed = Deployment.defaults();
    for (String function : FUNCTIONS) {
      Map<String, Object> logging = map(deployed.properties(function), "LoggingConfig");
      assertEquals(Map.of("Ref", function + "Logs"), logging.get("LogGroup"), function);
      assertEquals("AWS::Logs::LogGroup", deployed.resource(function + "Logs").get("Type"));
    }
  }

  @Test
  void streamScheduleAndUrlAllInvokeTheLiveAlias() {
    Deployment deployed = Deployment.defaults();
    List<String> mappings = deployed.ofType("AWS::Lambda::EventSourceMapping");
    assertEquals(1, mappings.size(), mappings.toString());
    Map<String, Object> mapping = deployed.properties(mappings.get(0));
    assertEquals(alias("NotifyFunction"), mapping.get("FunctionName"));
    assertEquals(STREAM, mapping.get("EventSourceArn"));
    List<String> rules = deployed.ofType("AWS::Events::Rule");
    assertEquals(1, rules.size(), rules.toString());
    List<Map<String, Object>> targets = cast(deployed.properties(rules.get(0)).get("Targets"));
    assertEquals(List.of(alias("ExpiryFunction")), targets.stream().map(t -> t.get("Arn")).toList());
    assertEquals(alias("UpdateFunction"),
        deployed.properties("UpdateFunctionUrl").get("TargetFunctionArn"));
    for (String function : FUNCTIONS) {
      Map<String, Object> alias = deployed.properties(function + "Alias" + ALIAS);
      assertEquals(ALIAS, alias.get("Name"));
      assertEquals(Map.of("Ref", function), alias.get("FunctionName"));
    }
    for (String id : deployed.ofType("AWS::Lambda::Permission")) {
      Object target = deployed.properties(id).get("FunctionName");
      assertTrue(FUNCTIONS.stream().map(ExpandedTemplateTest::alias).anyMatch(target::equals),
          id + " lets its principal invoke " + target + ", not an alias");
    }
  }

  @Test
  void expiryRunsOneSweepAtATimeAndRecordsTheSweepsItDrops() {
    Deployment deployed = Deployment.defaults();
    assertEquals(1, deployed.properties("ExpiryFunction").get("ReservedConcurrentExecutions"));
    List<String> configs = deployed.ofType("AWS::Lambda::EventInvokeConfig");
    assertEquals(1, configs.size(), configs.toString());
    Map<String, Object> config = deployed.properties(configs.get(0));
    assertEquals(Map.of("Ref", "ExpiryFunction"), config.get("FunctionName"));
    assertEquals(ALIAS, config.get("Qualifier"), "the schedule invokes the alias");
    int retries = (Integer) config.get("MaximumRetryAttempts");
    assertTrue(retries <= 1, "the next scheduled sweep is the retry: " + retries);
    Duration maxAge = Duration.ofSeconds((Integer) config.get("MaximumEventAgeInSeconds"));
    Duration period = schedulePeriod(deployed.parameter("ExpirySchedule").orElseThrow());
    assertTrue(maxAge.compareTo(period) <= 0, "a sweep throttled behind a running one is dropped "
        + "before the next is due: max age " + maxAge + ", schedule " + period);
    Map<String, Object> onFailure = map(map(config, "DestinationConfig"), "OnFailure");
    assertEquals(getAtt("ExpiryFailures", "Arn"), onFailure.get("Destination"));
    assertEquals("AWS::SQS::Queue", deployed.resource("ExpiryFailures").get("Type"));
    Set<String> alarms = alarms(deployed);
    assertTrue(alarms.contains("AWS/Lambda/Errors [{Ref=ExpiryFunction}]"), alarms.toString());
    assertTrue(alarms.contains("AWS/SQS/ApproximateNumberOfMessagesVisible "
        + "[{Fn::GetAtt=[ExpiryFailures, QueueName]}]"), alarms.toString());
  }

  @Test
  void updateFunctionConcurrencyIsCappedUnlessTheParameterSaysNone() {
    Deployment capped = Deployment.defaults();
    String cap = capped.parameter("ReservedConcurrency").orElseThrow();
    assertTrue(Integer.parseInt(cap) > 0 && Integer.parseInt(cap) <= 100, cap);
    assertEquals(Map.of("Ref", "ReservedConcurrency"),
        capped.properties("UpdateFunction").get("ReservedConcurrentExecutions"));
    Deployment uncapped = Deployment.of(Map.of("ReservedConcurrency", "none"));
    assertFalse(uncapped.properties("UpdateFunction").containsKey("ReservedConcurrentExecutions"));
    Map<String, Object> parameter = map(map(ExpandedTemplate.load().root(), "Parameters"),
        "ReservedConcurrency");
    Pattern allowed = Pattern.compile((String) parameter.get("AllowedPattern"));
    for (String value : List.of("none", "1", "10", "250")) {
      assertTrue(allowed.matcher(value).matches(), value);
    }
    for (String value : List.of("0", "-1", "", "None", "10 ")) {
      assertFalse(allowed.matcher(value).matches(), "0 would stop the function: " + value);
    }
  }

  @Test
  void tableNameIsCloudFormationsUnlessGivenAndTheOutputNamesIt() {
    Deployment generated = Deployment.defaults();
    assertEquals("", generated.parameter("TableName").orElseThrow());
    assertFalse(generated.properties("ZoneTable").containsKey("TableName"),
        "a retained table of an earlier stack must not block a new one");
    assertEquals(Map.of("Ref", "ZoneTable"), generated.output("TableName"));
    assertEquals("Retain", generated.resource("ZoneTable").get("DeletionPolicy"));
    Pattern allowed = Pattern.compile((String) map(map(ExpandedTemplate.load().root(),
        "Parameters"), "TableName").get("AllowedPattern"));
    for (String value : List.of("", "ddns", "ddns-prod.v2_1")) {
      assertTrue(allowed.matcher(value).matches(), value);
    }
    for (String value : List.of("dd", "ddns prod", "ddns/prod")) {
      assertFalse(allowed.matcher(value).matches(), "not a DynamoDB table name: " + value);
    }
    Deployment named = Deployment.of(Map.of("TableName", "ddns-prod"));
    assertEquals(Map.of("Ref", "TableName"), named.properties("ZoneTable").get("TableName"));
    for (String function : FUNCTIONS) {
      assertEquals(Map.of("Ref", "ZoneTable"),
          ExpandedTemplate.load().environment(function).get(Wiring.TABLE), function);
    }
  }

  @Test
  void everyVariableTheCodeReadsIsSetAndNoneThatNothingReads() {
    Deployment deployed = Deployment.defaults();
    EnvironmentReads reads = new EnvironmentReads();
    Set<String> readAnywhere = new TreeSet<>();
    for (String function : FUNCTIONS) {
      Map<String, Object> p = deployed.properties(function);
      String handler = ((String) p.get("Handler")).split("::")[0];
      Set<String> read = reads.of(handler);
      readAnywhere.addAll(read);
      Set<String> set = map(map(p, "Environment"), "Variables").keySet();
      Set<String> missing = new TreeSet<>(read);
      missing.removeAll(set);
      missing.removeAll(SET_BY_LAMBDA);
      missing.removeAll(LOCAL_ONLY);
      assertEquals(Set.of(), missing, function + " reads these, the template does not set them");
      Set<String> unread = new TreeSet<>(set);
      unread.removeAll(read);
      unread.removeAll(READ_BY_THE_JVM);
      assertEquals(Set.of(), unread, function + " is given these, its code never reads them");
    }
    assertTrue(readAnywhere.containsAll(LOCAL_ONLY), "the exceptions are still read: "
        + readAnywhere);
    assertTrue(readAnywhere.containsAll(List.of(Wiring.STORE, Wiring.TABLE, Wiring.KEY_RATE)),
        "the bytecode reader finds the Wiring constants: " + readAnywhere);
  }

  @Test
  void alarmsAreTheEightThatEarnTheirCost() {
    assertEquals(Set.of(
        "AWS/Lambda/Errors [{Ref=UpdateFunction}]",
        "AWS/Lambda/Throttles [{Ref=UpdateFunction}]",
        MetricLine.NAMESPACE + "/" + ObservedHandler.UPDATE_SERVFAILS + " []",
        "AWS/Lambda/Errors [{Ref=NotifyFunction}]",
        "AWS/Lambda/IteratorAge [{Ref=NotifyFunction}]",
        "AWS/SQS/ApproximateNumberOfMessagesVisible [{Fn::GetAtt=[NotifyFailures, QueueName]}]",
        "AWS/Lambda/Errors [{Ref=ExpiryFunction}]",
        "AWS/SQS/ApproximateNumberOfMessagesVisible [{Fn::GetAtt=[ExpiryFailures, QueueName]}]"),
        alarms(Deployment.defaults()));
  }

  private static List<Map<String, Object>> publicPermissions(Deployment deployed) {
    List<Map<String, Object>> permissions = new ArrayList<>();
    for (String id : deployed.ofType("AWS::Lambda::Permission")) {
      Map<String, Object> p = deployed.properties(id);
      if ("*".equals(p.get("Principal"))) {
        permissions.add(p);
      }
    }
    return permissions;
  }

  private static String role(Deployment deployed, String function) {
    Map<String, Object> role = map(deployed.properties(function), "Role");
    List<String> getAtt = cast(role.get("Fn::GetAtt"));
    assertEquals("Arn", getAtt.get(1), function);
    return getAtt.get(0);
  }

  private static List<Map<String, Object>> statements(Deployment deployed, String function) {
    List<Map<String, Object>> statements = new ArrayList<>();
    Object policies = deployed.properties(role(deployed, function)).get("Policies");
    for (Object policy : SamTemplate.<List<Object>>cast(policies)) {
      statements.addAll(cast(map(cast(policy), "PolicyDocument").get("Statement")));
    }
    return statements;
  }

  /** Action to the resources it is granted on, over all of {@code function}'s role. */
  private static Map<String, Set<Object>> grants(Deployment deployed, String function) {
    Map<String, Set<Object>> grants = new TreeMap<>();
    for (Map<String, Object> statement : statements(deployed, function)) {
      assertFalse(statement.containsKey("Condition"), statement.toString());
      Object resource = statement.get("Resource");
      List<Object> resources = resource instanceof List<?> list ? cast(list) : List.of(resource);
      for (Object r : resources) {
        grant(grants, List.copyOf(actions(statement)), r);
      }
    }
    return grants;
  }

  private static void grant(Map<String, Set<Object>> grants, List<String> actions, Object on) {
    for (String action : actions) {
      grants.computeIfAbsent(action, a -> new HashSet<>()).add(on);
    }
  }

  private static Set<String> actions(Map<String, Object> statement) {
    Object action = statement.get("Action");
    return action instanceof String single ? Set.of(single) : Set.copyOf(cast(action));
  }

  /** Each alarm as "namespace/metric [dimension values]". */
  private static Set<String> alarms(Deployment deployed) {
    Set<String> alarms = new TreeSet<>();
    for (String id : deployed.ofType("AWS::CloudWatch::Alarm")) {
      Map<String, Object> p = deployed.properties(id);
      List<Map<String, Object>> dimensions = p.containsKey("Dimensions")
          ? cast(p.get("Dimensions")) : List.of();
      alarms.add(p.get("Namespace") + "/" + p.get("MetricName") + " " + dimensions.stream()
          .map(d -> d.get("Value").toString()).toList());
    }
    return alarms;
  }

  private static Duration schedulePeriod(String expression) {
    Matcher m = RATE.matcher(expression);
    assertTrue(m.matches(), "a rate() schedule: " + expression);
    long n = Long.parseLong(m.group(1));
    return m.group(2).startsWith("minute") ? Duration.ofMinutes(n) : Duration.ofHours(n);
  }

  private static Map<String, Object> alias(String function) {
    return Map.of("Ref", function + "Alias" + ALIAS);
  }

  private static Map<String, Object> getAtt(String resource, String attribute) {
    Map<String, Object> getAtt = new LinkedHashMap<>();
    getAtt.put("Fn::GetAtt", List.of(resource, attribute));
    return getAtt;
  }
}
