package dev.ddns.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.testing.lambda.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.slf4j.event.Level;

/** The Lambda jar's log lines: one parseable JSON object each, in Lambda's JSON log fields. */
class JsonLoggingTest {
  private final List<String> lines = new ArrayList<>();
  private final JsonLogging.JsonLogger logger =
      new JsonLogging.JsonLogger("dev.ddns.lambda.Example", Level.INFO, lines::add);

  @Test
  void aMessageWithQuotesBackslashesAndLineBreaksIsOneJsonLine() {
    logger.info("zone \"a\\b\".\nnext\tline \u0001 é");
    assertEquals(1, lines.size());
    assertFalse(lines.get(0).contains("\n"), lines.get(0));
    Map<String, Object> line = Json.object(Json.parse(lines.get(0)));
    assertEquals("zone \"a\\b\".\nnext\tline \u0001 é", line.get("message"));
    assertEquals("INFO", line.get("level"));
    assertEquals("dev.ddns.lambda.Example", line.get("logger"));
    assertTrue(line.get("timestamp").toString().matches("\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z"),
        line.toString());
  }

  @Test
  void theRequestIdOfTheInvocationIsOnEveryLine() {
    MDC.put(RequestIds.KEY, "8f5c-request");
    try {
      logger.warn("first {}", 1);
    } finally {
      RequestIds.clear();
    }
    logger.warn("after");
    assertEquals("8f5c-request", Json.object(Json.parse(lines.get(0))).get("AWSRequestId"));
    assertEquals("first 1", Json.object(Json.parse(lines.get(0))).get("message"));
    assertNull(Json.object(Json.parse(lines.get(1))).get("AWSRequestId"), lines.get(1));
  }

  @Test
  void aFailureCarriesItsTypeMessageAndStackTrace() {
    logger.error("store failure", new IllegalStateException("table \"t\" gone"));
    Map<String, Object> line = Json.object(Json.parse(lines.get(0)));
    assertEquals("ERROR", line.get("level"));
    assertEquals("java.lang.IllegalStateException", line.get("errorType"));
    assertEquals("table \"t\" gone", line.get("errorMessage"));
    assertTrue(line.get("stackTrace") instanceof List<?> trace && !trace.isEmpty()
        && trace.get(0).toString().startsWith("at "), line.toString());
  }

  @Test
  void linesBelowTheLevelAreNotWritten() {
    logger.debug("hidden");
    assertEquals(List.of(), lines);
  }

  @Test
  void theLevelComesFromLambdasSettingAndLibrariesLogWarningsOnly() {
    assertEquals(Level.INFO, JsonLogging.level(null));
    assertEquals(Level.DEBUG, JsonLogging.level("debug"));
    assertEquals(Level.ERROR, JsonLogging.level("FATAL"));
    assertEquals(Level.DEBUG, JsonLogging.threshold("dev.ddns.core.X", Level.DEBUG));
    assertEquals(Level.WARN, JsonLogging.threshold("software.amazon.awssdk.X", Level.DEBUG));
    assertEquals(Level.ERROR, JsonLogging.threshold("software.amazon.awssdk.X", Level.ERROR));
  }
}
