package dev.ddns.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** JSON quoting of log fields. */
class JsonObjectTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "example.com.          | \"example.com.\"",
      "say \"hi\"            | \"say \\\"hi\\\"\"",
      "back\\slash           | \"back\\\\slash\"",
      "'tab\there'           | \"tab\\there\""})
  void quotesStringsAsJson(String text, String json) {
    assertEquals(json, JsonObject.quote(text));
  }

  @Test
  void quotesControlCharactersAsUnicodeEscapes() {
    assertEquals("\"a\\u0001b\\nc\"", JsonObject.quote("a\u0001b\nc"));
  }

  @Test
  void writesWholeNumbersWithoutAFraction() {
    assertEquals("{\"a\":1,\"b\":2.5,\"c\":null}",
        new JsonObject().put("a", 1.0).put("b", 2.5).put("c", Double.NaN).toString());
  }
}
