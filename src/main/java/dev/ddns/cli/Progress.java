package dev.ddns.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress line on stderr: count, rate and, when the total is known, percentage. On a terminal
 * it redraws one line a few times a second; otherwise it prints a plain line every few seconds,
 * so logs stay readable.
 */
final class Progress {
  private static final long TERMINAL_EVERY_NANOS = 200_000_000L;
  private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

  private final PrintWriter err;
  private final boolean terminal;
  private final String what;
  private final String unit;
  private final long total;
  private final long start = System.nanoTime();
  private long lastShown = start;
  private long done;
  private boolean shown;

  /**
   * @param what e.g. {@code "reading zone.db"}
   * @param unit e.g. {@code "records"}
   * @param total the expected count, or -1 when unknown (then the percentage is of {@code
   *     fraction} passed to {@link #update(long, double)}, if any)
   */
  Progress(PrintWriter err, boolean terminal, String what, String unit, long total) {
    this.err = err;
    this.terminal = terminal;
    this.what = what;
    this.unit = unit;
    this.total = total;
  }

  void update(long count) {
    update(count, total > 0 ? (double) count / total : -1);
  }

  /** Reports {@code count} done; {@code fraction} in 0..1, or negative when unknown. */
  void update(long count, double fraction) {
    done = count;
    long now = System.nanoTime();
    if (now - lastShown >= (terminal ? TERMINAL_EVERY_NANOS : PLAIN_EVERY_NANOS)) {
      lastShown = now;
      show(fraction, false);
    }
  }

  /** The final line, always printed. */
  void finish() {
    show(total > 0 ? (double) done / total : (done > 0 ? 1.0 : -1), true);
  }

  private void show(double fraction, boolean last) {
    double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    StringBuilder line = new StringBuilder(what).append(": ");
    if (terminal && fraction >= 0) {
      int width = 24;
      int filled = (int) Math.round(Math.min(1.0, fraction) * width);
      line.append('[').append("#".repeat(filled)).append(" ".repeat(width - filled)).append("] ");
    }
    line.append(String.format(Locale.ROOT, "%,d", done));
    if (total > 0) {
      line.append(String.format(Locale.ROOT, "/%,d", total));
    }
    line.append(' ').append(unit);
    if (fraction >= 0) {
      line.append(String.format(Locale.ROOT, " (%.0f%%)", Math.min(1.0, fraction) * 100));
    }
    line.append(String.format(Locale.ROOT, ", %,.0f %s/s", done / seconds, unit));
    if (last) {
      line.append(String.format(Locale.ROOT, ", %.1f s", seconds));
    }
    if (terminal) {
      err.print("\r" + line + "\u001b[K" + (last ? "\n" : ""));
    } else {
      err.println(line);
    }
    err.flush();
    shown = true;
  }

  boolean shown() {
    return shown;
  }
}
