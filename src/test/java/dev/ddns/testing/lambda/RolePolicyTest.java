package dev.ddns.testing.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.lambda.ExpandedTemplate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Secrets Manager rights of each function's role in the expanded template, by IAM's rules:
 * what the functions need is allowed, and every other read is an attempt that fails.
 */
class RolePolicyTest {
  private static final String SECRETS = "arn:aws:secretsmanager:" + LambdaEnvironment.REGION
      + ":" + LambdaEnvironment.ACCOUNT + ":secret:";

  private final ExpandedTemplate template = ExpandedTemplate.load();
  private final Intrinsics intrinsics = new Intrinsics(template, Map.of(), Map.of(), Map.of());

  private record Row(String function, String action, String resource, boolean allowed) {}

  @Test
  void eachFunctionReadsTheSecretsItNeedsAndNoOthers() {
    String key = SECRETS + "ddns/tsig/updater.example.test.-AbCdEf";
    String relayKey = SECRETS + "ddns/tsig/_relay.office.-AbCdEf";
    String token = SECRETS + "ddns/token/router-AbCdEf";
    String other = SECRETS + "prod/database-AbCdEf";
    List<Row> rows = List.of(
        new Row("UpdateFunction", "secretsmanager:GetSecretValue", key, true),
        new Row("UpdateFunction", "secretsmanager:GetSecretValue", relayKey, true),
        new Row("UpdateFunction", "secretsmanager:GetSecretValue", token, true),
        new Row("UpdateFunction", "secretsmanager:getsecretvalue", token, true),
        new Row("UpdateFunction", "secretsmanager:GetSecretValue", other, false),
        new Row("UpdateFunction", "secretsmanager:PutSecretValue", token, false),
        new Row("UpdateFunction", "secretsmanager:ListSecrets", "*", false),
        new Row("NotifyFunction", "secretsmanager:GetSecretValue", key, true),
        new Row("NotifyFunction", "secretsmanager:GetSecretValue", token, false),
        new Row("ExpiryFunction", "secretsmanager:GetSecretValue", key, false),
        new Row("ExpiryFunction", "secretsmanager:GetSecretValue", token, false));
    for (Row row : rows) {
      RolePolicy policy = RolePolicy.of(template, row.function(), intrinsics, "secretsmanager");
      assertEquals(row.allowed(), policy.allows(row.action(), row.resource()), row.toString());
    }
  }

  @Test
  void theTokenPrefixParameterMovesWhatTheUpdateFunctionMayRead() {
    Intrinsics moved = new Intrinsics(template, Map.of("TokenPrefix", "routers/"), Map.of(),
        Map.of());
    RolePolicy policy = RolePolicy.of(template, "UpdateFunction", moved, "secretsmanager");

    assertTrue(policy.allows("secretsmanager:GetSecretValue", SECRETS + "routers/r1-AbCdEf"));
    assertEquals(false, policy.allows("secretsmanager:GetSecretValue",
        SECRETS + "ddns/token/r1-AbCdEf"));
  }

  @Test
  void aFunctionWithoutARoleOfTheTemplateIsRefused() {
    assertThrows(AssertionError.class,
        () -> RolePolicy.of(template, "ZoneTable", intrinsics, "secretsmanager"));
  }
}
