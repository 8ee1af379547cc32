package dev.ddns.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 1982 serial arithmetic and the serial policies, as tables. */
class SerialTest {

  @ParameterizedTest(name = "RFC 1982 §3.2: {0} > {1} is {2}")
  @CsvSource({
      "2, 1, true",
      "1, 2, false",
      "1, 1, false",
      "0, 4294967295, true",
      "4294967295, 0, false",
      "2147483648, 1, true",
      "2147483649, 1, false",
      "1, 2147483649, false",
      "100, 4294967000, true"})
  void comparison(long a, long b, boolean greater) {
    assertEquals(greater, Serial.isGreater(a, b));
  }

  @ParameterizedTest(name = "{0}: {1} at {2} -> {3}")
  @CsvSource({
      "INCREMENT, 1, 2026-11-21T10:00:00Z, 2",
      "INCREMENT, 4294967295, 2026-11-21T10:00:00Z, 1",
      "INCREMENT, 4294967294, 2026-11-21T10:00:00Z, 4294967295",
      "UNIXTIME, 1, 2026-11-21T10:00:00Z, 1795255200",
      "UNIXTIME, 1795255200, 2026-11-21T10:00:00Z, 1795255201",
      "UNIXTIME, 1795255500, 2026-11-21T10:00:00Z, 1795255501",
      "DATE, 1, 2026-11-21T10:00:00Z, 2026112100",
      "DATE, 2026112100, 2026-11-21T10:00:00Z, 2026112101",
      "DATE, 2026112199, 2026-11-21T10:00:00Z, 2026112200",
      "DATE, 2026112005, 2026-11-21T23:59:59Z, 2026112100"})
  void policies(SerialPolicy policy, long current, String now, long expected) {
    Clock clock = Clock.fixed(Instant.parse(now), ZoneOffset.UTC);
    assertEquals(expected, policy.next(current, clock));
  }
}
