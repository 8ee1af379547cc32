package dev.ddns.testing.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Lambda's filter-pattern rules (event source mapping FilterCriteria), one row per rule. */
class FilterPatternTest {
  /** The pattern template.yaml gives the NotifyFunction's stream mapping. */
  private static final String ZONE_HEADS = "{\"dynamodb\":{\"Keys\":{\"sk\":{\"S\":[\"HEAD\"]}}}}";

  static Stream<Arguments> rows() {
    return Stream.of(
        Arguments.of("a zone head passes", ZONE_HEADS,
            "{\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":\"ZONE#example.\"},\"sk\":{\"S\":\"HEAD\"}}}}",
            true),
        Arguments.of("a node record does not", ZONE_HEADS,
            "{\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":\"ZONE#example.\"},\"sk\":{\"S\":\"N#www\"}}}}",
            false),
        Arguments.of("a missing field does not match", ZONE_HEADS,
            "{\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":\"ZONE#example.\"}}}}", false),
        Arguments.of("values compare with their type", ZONE_HEADS,
            "{\"dynamodb\":{\"Keys\":{\"sk\":{\"N\":\"HEAD\"}}}}", false),
        Arguments.of("an object where the pattern has values does not match",
            "{\"a\":[\"x\"]}", "{\"a\":{\"b\":\"x\"}}", false),
        Arguments.of("any one of the values", "{\"a\":[\"x\",\"y\"]}", "{\"a\":\"y\"}", true),
        Arguments.of("an array in the record matches by any element", "{\"a\":[\"y\"]}",
            "{\"a\":[\"x\",\"y\"]}", true),
        Arguments.of("numbers compare as numbers", "{\"n\":[5]}", "{\"n\":5.0}", true),
        Arguments.of("null matches a JSON null", "{\"a\":[null]}", "{\"a\":null}", true),
        Arguments.of("null does not match a missing field", "{\"a\":[null]}", "{}", false),
        Arguments.of("prefix", "{\"a\":[{\"prefix\":\"ZONE#\"}]}", "{\"a\":\"ZONE#x.\"}", true),
        Arguments.of("prefix applies to strings only", "{\"a\":[{\"prefix\":\"1\"}]}",
            "{\"a\":12}", false),
        Arguments.of("exists true", "{\"a\":[{\"exists\":true}]}", "{\"a\":\"x\"}", true),
        Arguments.of("exists true, missing", "{\"a\":[{\"exists\":true}]}", "{\"b\":1}", false),
        Arguments.of("exists false, missing", "{\"a\":[{\"exists\":false}]}", "{\"b\":1}", true),
        Arguments.of("exists false, present", "{\"a\":[{\"exists\":false}]}", "{\"a\":1}", false),
        Arguments.of("anything-but", "{\"a\":[{\"anything-but\":[\"x\"]}]}", "{\"a\":\"y\"}",
            true),
        Arguments.of("anything-but the value", "{\"a\":[{\"anything-but\":\"x\"}]}",
            "{\"a\":\"x\"}", false),
        Arguments.of("every field must match", "{\"a\":[\"x\"],\"b\":[\"y\"]}",
            "{\"a\":\"x\",\"b\":\"z\"}", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void matchesAsLambdaDocuments(String rule, String pattern, String record, boolean matches) {
    assertEquals(matches, FilterPattern.parse(pattern).matches(Json.object(Json.parse(record))));
  }

  @ParameterizedTest
  @MethodSource("unmodelled")
  void anOperatorNotModelledFailsLoudly(String pattern) {
    FilterPattern filter = FilterPattern.parse(pattern);
    assertThrows(AssertionError.class,
        () -> filter.matches(Json.object(Json.parse("{\"a\":5}"))));
  }

  static Stream<String> unmodelled() {
    return Stream.of("{\"a\":[{\"numeric\":[\">\",1]}]}", "{\"a\":[{\"suffix\":\"x\"}]}",
        "{\"a\":\"x\"}");
  }
}
