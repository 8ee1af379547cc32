package dev.ddns.testing.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lambda's rules for unsigned callers of a Function URL, on template resources. */
class FunctionUrlAuthorizationTest {
  private static final Map<String, Object> ALIAS = Map.of("Ref", "UpdateFunctionAliaslive");

  private static Map<String, Object> resource(String type, Map<String, Object> properties) {
    return Map.of("Type", type, "Properties", properties);
  }

  private static Map<String, Object> url(String authType) {
    return resource("AWS::Lambda::Url", Map.of("AuthType", authType, "TargetFunctionArn", ALIAS));
  }

  private static final Map<String, Object> INVOKE_URL = resource("AWS::Lambda::Permission",
      Map.of("Action", "lambda:InvokeFunctionUrl", "Principal", "*", "FunctionName", ALIAS,
          "FunctionUrlAuthType", "NONE"));
  private static final Map<String, Object> INVOKE_FUNCTION = resource("AWS::Lambda::Permission",
      Map.of("Action", "lambda:InvokeFunction", "Principal", "*", "FunctionName", ALIAS,
          "InvokedViaFunctionUrl", true));

  private static FunctionUrlAuthorization authorization(Map<String, Object> resources) {
    return FunctionUrlAuthorization.of(resources, "UpdateFunction", String::valueOf);
  }

  private static Map<String, Object> resources(Object... idsAndResources) {
    Map<String, Object> resources = new LinkedHashMap<>();
    for (int i = 0; i < idsAndResources.length; i += 2) {
      resources.put((String) idsAndResources[i], idsAndResources[i + 1]);
    }
    return resources;
  }

  @Test
  void aPublicUrlWithBothPermissionsLetsUnsignedCallersIn() {
    assertEquals(java.util.Optional.empty(), authorization(resources("Url", url("NONE"),
        "A", INVOKE_URL, "B", INVOKE_FUNCTION)).refusal());
  }

  @Test
  void aPublicUrlWithoutItsPermissionsIsForbidden() {
    assertTrue(authorization(resources("Url", url("NONE"))).refusal().orElseThrow()
        .contains("lambda:InvokeFunctionUrl"));
    assertTrue(authorization(resources("Url", url("NONE"), "A", INVOKE_URL)).refusal()
        .orElseThrow().contains("InvokedViaFunctionUrl"));
  }

  @Test
  void permissionsOnAnotherTargetDoNotCount() {
    Map<String, Object> onFunction = resource("AWS::Lambda::Permission",
        Map.of("Action", "lambda:InvokeFunctionUrl", "Principal", "*",
            "FunctionName", Map.of("Ref", "UpdateFunction"), "FunctionUrlAuthType", "NONE"));
    assertTrue(authorization(resources("Url", url("NONE"), "A", onFunction,
        "B", INVOKE_FUNCTION)).refusal().isPresent());
  }

  @Test
  void anIamUrlRefusesUnsignedCallers() {
    assertTrue(authorization(resources("Url", url("AWS_IAM"), "A", INVOKE_URL,
        "B", INVOKE_FUNCTION)).refusal().isPresent());
  }
}
