package dev.ddns.lambda;

import static dev.ddns.lambda.SamTemplate.cast;
import static dev.ddns.lambda.SamTemplate.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.dynamodb.ZoneTable;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code template.yaml} as written, for what only the source shows: the functions, their build,
 * SnapStart, the stream event source's settings, the table against {@code infra/}. What
 * CloudFormation deploys (roles, permissions, aliases, environment, alarms) is {@code
 * ExpandedTemplateTest}'s part; that each Handler exists in the Lambda jar is {@code
 * LambdaJarIT}'s, after packaging.
 */
class TemplateTest {
  private static final Map<String, Object> STREAM_ARN = getAtt("ZoneTable", "StreamArn");

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
  void expiryFunctionRunsOnTheScheduleParameter() {
    Map<String, Object> events = map(template.properties("ExpiryFunction"), "Events");
    assertEquals(1, events.size(), events.toString());
    Map<String, Object> event = cast(events.values().iterator().next());
    assertEquals("Schedule", event.get("Type"));
    assertEquals(Map.of("Ref", "ExpirySchedule"), map(event, "Properties").get("Schedule"));
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

  private static Map<String, Object> getAtt(String resource, String attribute) {
    Map<String, Object> getAtt = new HashMap<>();
    getAtt.put("Fn::GetAtt", List.of(resource, attribute));
    return getAtt;
  }
}
