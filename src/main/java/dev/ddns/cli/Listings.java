package dev.ddns.cli;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** The time column of {@code ddns key list} and {@code token list}: ISO 8601, to the second. */
final class Listings {
  private Listings() {}

  /** {@code time} to the second, or {@code -} when unknown. */
  static String time(Optional<Instant> time) {
    return time.map(t -> DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS)))
        .orElse("-");
  }
}
