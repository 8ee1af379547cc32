package dev.ddns.testing.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.lambda.ExpandedTemplate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Intrinsics of the expanded template resolved to local values, and refused when unknown. */
class IntrinsicsTest {
  private final ExpandedTemplate template = ExpandedTemplate.load();
  private final Intrinsics intrinsics = new Intrinsics(template, Map.of("KeyBurst", "7"),
      Map.of("NotifyFailures", "queue-url"), Map.of("ZoneTable.StreamArn", "stream-arn"));

  @Test
  void refOfAParameterIsItsDefaultOrTheOverride() {
    assertEquals("50", intrinsics.string(Map.of("Ref", "KeyRate")));
    assertEquals("7", intrinsics.string(Map.of("Ref", "KeyBurst")));
  }

  @Test
  void anOverrideOfAParameterTheTemplateDoesNotDeclareIsRefused() {
    assertThrows(AssertionError.class, () -> new Intrinsics(template,
        Map.of("TokenPrefx", "routers/"), Map.of(), Map.of()));
  }

  @Test
  void refOfTheTableIsTheNameCloudFormationGeneratesWhenTableNameIsEmpty() {
    assertEquals(LambdaEnvironment.STACK + "-ZoneTable-" + Intrinsics.GENERATED_SUFFIX,
        intrinsics.string(Map.of("Ref", "ZoneTable")));
  }

  @Test
  void refOfTheTableIsTheTableNameGiven() {
    Intrinsics named = new Intrinsics(template, Map.of("TableName", "zones-prod"), Map.of(),
        Map.of());
    assertEquals("zones-prod", named.string(Map.of("Ref", "ZoneTable")));
  }

  @Test
  void fnIfTakesTheBranchOfItsConditionAndNoValueLeavesThePropertyOut() {
    assertEquals(false, intrinsics.condition("HasAlarmTopic"));
    assertEquals("b", intrinsics.string(Map.of("Fn::If", List.of("HasAlarmTopic", "a", "b"))));
    Intrinsics withTopic = new Intrinsics(template, Map.of("AlarmTopicArn", "arn:topic"),
        Map.of(), Map.of());
    assertEquals("a", withTopic.string(Map.of("Fn::If", List.of("HasAlarmTopic", "a", "b"))));
    assertEquals(Map.of("Kept", "x"), intrinsics.resolve(Map.of("Kept", "x",
        "Dropped", Map.of("Ref", "AWS::NoValue"))));
  }

  @Test
  void refOfAnotherResourceNeedsItsLocalName() {
    assertEquals("queue-url", intrinsics.string(Map.of("Ref", "NotifyFailures")));
    assertThrows(AssertionError.class,
        () -> intrinsics.string(Map.of("Ref", "UpdateFunctionLogs")));
    assertThrows(AssertionError.class, () -> intrinsics.string(Map.of("Ref", "Nothing")));
  }

  @Test
  void subAndJoinAndGetAtt() {
    assertEquals("arn:aws:secretsmanager:eu-west-1:123456789012:secret:ddns/tsig/*",
        intrinsics.string(Map.of("Fn::Sub", "arn:${AWS::Partition}:secretsmanager:"
            + "${AWS::Region}:${AWS::AccountId}:secret:${SecretPrefix}*")));
    assertEquals("stream-arn/x", intrinsics.string(Map.of("Fn::Sub",
        List.of("${S}/x", Map.of("S", Map.of("Fn::GetAtt", List.of("ZoneTable", "StreamArn")))))));
    assertEquals("a,b", intrinsics.string(Map.of("Fn::Join",
        List.of(",", List.of("a", "b")))));
    assertThrows(AssertionError.class,
        () -> intrinsics.string(Map.of("Fn::GetAtt", List.of("ZoneTable", "Arn"))));
  }

  @Test
  void anIntrinsicNotModelledFailsLoudly() {
    assertThrows(AssertionError.class, () -> intrinsics.string(Map.of("Fn::ImportValue", "x")));
  }

  @Test
  void everyFunctionOfTheExpandedTemplateResolves() {
    for (String id : template.ofType("AWS::Lambda::Function")) {
      FunctionDefinition function = FunctionDefinition.of(template, id, intrinsics);
      assertEquals(intrinsics.string(Map.of("Ref", "ZoneTable")),
          function.environment().get("DDNS_TABLE"), id);
      assertTrue(function.handler().startsWith("dev.ddns.lambda." + id + "::"), id);
      assertTrue(function.memoryMb() >= 128 && function.timeoutSeconds() >= 1, id);
    }
  }
}
