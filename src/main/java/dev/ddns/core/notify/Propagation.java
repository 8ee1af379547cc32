package dev.ddns.core.notify;

import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.model.Serial;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How far one secondary is behind the primary (docs/secondaries.md, "Propagation status"): the
 * serials between them by RFC 1982 arithmetic, and for how long the secondary's serial has been
 * out of date, from the journal: since the commit that moved the zone off that serial.
 *
 * @param state how the two serials compare
 * @param serials how many serials apart they are (0 when current or not comparable)
 * @param lag since when the secondary's serial was superseded; empty when not behind, or when the
 *     journal given does not reach back to that serial
 */
public record Propagation(State state, long serials, Optional<Duration> lag) {

  /** How a secondary's serial compares with the primary's (RFC 1982 §3.2). */
  public enum State {
    /** It answers the primary's serial. */
    CURRENT,
    /** Its serial is older. */
    BEHIND,
    /** Its serial is newer: the zone was recreated, or the secondary has another zone's data. */
    AHEAD,
    /** Exactly 2^31 apart: RFC 1982 leaves the comparison undefined. */
    UNDEFINED,
    /** It gave no serial (no answer, an error, no SOA). */
    UNREACHABLE
  }

  /**
   * The propagation of a zone at serial {@code primary} to a secondary that answers {@code
   * secondary}, given {@code journal}, the newest entries of the zone's journal (oldest first).
   */
  public static Propagation of(long primary, OptionalLong secondary, List<JournalEntry> journal,
      Instant now) {
    if (secondary.isEmpty()) {
      return new Propagation(State.UNREACHABLE, 0, Optional.empty());
    }
    long serial = secondary.getAsLong();
    if (serial == primary) {
      return new Propagation(State.CURRENT, 0, Optional.empty());
    }
    if (Serial.isGreater(serial, primary)) {
      return new Propagation(State.AHEAD, Serial.distance(primary, serial), Optional.empty());
    }
    if (!Serial.isGreater(primary, serial)) {
      return new Propagation(State.UNDEFINED, 0, Optional.empty());
    }
    return new Propagation(State.BEHIND, Serial.distance(serial, primary),
        superseded(serial, journal).map(at -> Duration.between(at, now)));
  }

  /**
   * When the zone last moved off {@code serial}: the newest journal entry that started from it.
   * Serials may come round again (RFC 1982 wrap, a recreated zone), so the newest one counts.
   */
  private static Optional<Instant> superseded(long serial, List<JournalEntry> journal) {
    for (int i = journal.size() - 1; i >= 0; i--) {
      JournalEntry e = journal.get(i);
      if (e.changes().fromSerial() == serial) {
        return Optional.of(e.time());
      }
    }
    return Optional.empty();
  }

  /** True when the secondary is up to date. */
  public boolean current() {
    return state == State.CURRENT;
  }
}
