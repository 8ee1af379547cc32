package dev.ddns.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** JSON quoting of log fields, and the NOTIFY metrics line. */
class MetricLineTest {
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

  @Test
  void notifyOutcomeIsOneMetricLinePerTarget() {
    List<String> lines = new ArrayList<>();
    Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    new NotifyMetrics(clock, lines::add).record("example.com.", 42, "192.0.2.53:53",
        NotifyMetrics.Outcome.TIMED_OUT, 5, Duration.ofMillis(7500));
    assertEquals(1, lines.size());
    Map<String, Object> line = new Yaml().load(lines.get(0));
    assertEquals("notify", line.get("event"));
    assertEquals("TIMED_OUT", line.get("Outcome"));
    assertEquals("example.com.", line.get("zone"));
    assertEquals(42, line.get("serial"));
    assertEquals(1, line.get("Notifies"));
    assertEquals(5, line.get("NotifyAttempts"));
    assertEquals(7500, line.get("NotifyLatency"));
    Map<String, Object> aws = SamTemplate.cast(line.get("_aws"));
    assertEquals(clock.millis(), ((Number) aws.get("Timestamp")).longValue());
    List<Map<String, Object>> directives = SamTemplate.cast(aws.get("CloudWatchMetrics"));
    assertEquals(List.of(List.of("Outcome"), List.of()), directives.get(0).get("Dimensions"));
  }
}
