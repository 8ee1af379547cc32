package dev.ddns.cli;

import java.time.Duration;

/** Short duration text, the inverse of {@link DurationConverter}: {@code 30d}, {@code 12h}. */
final class Durations {
  private Durations() {}

  static String format(Duration d) {
    long s = d.getSeconds();
    if (d.getNano() != 0) {
      return d.toMillis() + "ms";
    }
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
