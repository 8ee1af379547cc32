package dev.ddns.core.model;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * How the SOA serial moves when an update changes the zone; the names follow BIND's
 * {@code serial-update-method}.
 */
public enum SerialPolicy {
  /** Add one (RFC 1982 §3.1). */
  INCREMENT,
  /** Seconds since the epoch, or one more than the current serial when that is ahead. */
  UNIXTIME,
  /** {@code YYYYMMDDnn} in UTC, or one more than the current serial when that is ahead. */
  DATE;

  /** The serial that follows {@code current} at the clock's time; never 0. */
  public long next(long current, Clock clock) {
    return switch (this) {
      case INCREMENT -> Serial.next(current, current);
      case UNIXTIME -> Serial.next(current, clock.instant().getEpochSecond());
      case DATE -> Serial.next(current, dateSerial(clock));
    };
  }

  private static long dateSerial(Clock clock) {
    LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    return (day.getYear() * 10_000L + day.getMonthValue() * 100L + day.getDayOfMonth()) * 100L;
  }

  /** Parses {@code increment}, {@code unixtime} or {@code date}, case-insensitively. */
  public static SerialPolicy parse(String text) {
    return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
  }
}
