package dev.ddns.cli;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The columns {@code ddns key list} and {@code ddns token list} share: names padded to the
 * longest (the header {@code NAME} at least), times in ISO 8601 to the second.
 */
final class Listings {
  private Listings() {}

  /** The width of a column holding {@code names} under the header {@code NAME}. */
  static int nameWidth(List<String> names) {
    return Math.max(4, names.stream().mapToInt(String::length).max().orElse(0));
  }

  /** {@code time} to the second, or {@code -} when unknown. */
  static String time(Optional<Instant> time) {
    return time.map(t -> DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS)))
        .orElse("-");
  }
}
