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
  void refOfTheTableIsItsTableName() {
    assertEquals("ddns", intrinsics.string(Map.of("Ref", "ZoneTable")));
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
    assertEquals("a,ddns", intrinsics.string(Map.of("Fn::Join",
        List.of(",", List.of("a", Map.of("Ref", "ZoneTable"))))));
    assertThrows(AssertionError.class,
        () -> intrinsics.string(Map.of("Fn::GetAtt", List.of("ZoneTable", "Arn"))));
  }

  @Test
  void anIntrinsicNotModelledFailsLoudly() {
    assertThrows(AssertionError.class, () -> intrinsics.string(Map.of("Fn::If",
        List.of("HasAlarmTopic", "a", "b"))));
    assertThrows(AssertionError.class, () -> intrinsics.string(Map.of("Fn::ImportValue", "x")));
  }

  @Test
  void everyFunctionOfTheExpandedTemplateResolves() {
    for (String id : template.ofType("AWS::Lambda::Function")) {
      FunctionDefinition function = FunctionDefinition.of(template, id, intrinsics);
      assertEquals("ddns", function.environment().get("DDNS_TABLE"), id);
      assertTrue(function.handler().startsWith("dev.ddns.lambda." + id + "::"), id);
      assertTrue(function.memoryMb() >= 128 && function.timeoutSeconds() >= 1, id);
    }
  }
}
