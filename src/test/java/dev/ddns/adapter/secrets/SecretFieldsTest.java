package dev.ddns.adapter.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The flat JSON object keys and tokens are stored as: written in order, read field by field. */
class SecretFieldsTest {
  private static final String SHAPE = "{\"a\": ..., \"b\": ...}";

  @Test
  void writesTheFieldsInOrderAndReadsThemBack() {
    String json = SecretFields.format(Map.entry("b", "2"), Map.entry("a", "1 \"quoted\""));

    assertEquals("{\"b\":\"2\",\"a\":\"1 \\\"quoted\\\"\"}", json);
    SecretFields fields = SecretFields.parse(json, "secret of x", SHAPE);
    assertEquals("1 \"quoted\"", fields.get("a"));
    assertEquals("2", fields.get("b"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "hmac-sha256:c2VjcmV0",
      "'[\"a\", \"b\"]'",
      "'\"a\"'",
      "'{\"a\": '",
  })
  void textThatIsNoObjectIsRefusedNamingTheSecretAndTheShape(String json) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SecretFields.parse(json, "secret of x", SHAPE));

    assertTrue(e.getMessage().startsWith("secret of x is not JSON " + SHAPE + ": "),
        e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "'{\"b\": \"2\"}'",
      "'{\"a\": 1}'",
      "'{\"a\": null}'",
      "'{\"a\": {\"b\": \"c\"}}'",
  })
  void aMissingOrNonStringFieldIsRefusedNamingIt(String json) {
    SecretFields fields = SecretFields.parse(json, "token x", SHAPE);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> fields.get("a"));

    assertEquals("token x has no string field \"a\"", e.getMessage());
  }
}
