package dev.ddns.testing.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A tool a test runs in the background: started with its output (stdout and stderr) appended to
 * a log file, waited for until it prints a line or passes a check, and stopped the one way every
 * driver stops its tool: SIGTERM, then SIGKILL after a grace period.
 */
public final class ToolProcess implements AutoCloseable {
  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final long POLL_MILLIS = 50;

  private final List<String> command;
  private final Process process;
  private final Path log;
  private final int startMark;

  private ToolProcess(List<String> command, Process process, Path log, int startMark) {
    this.command = List.copyOf(command);
    this.process = process;
    this.log = log;
    this.startMark = startMark;
  }

  /**
   * Starts {@code command} with {@code environment} added, its output appended to {@code log}
   * (a restarted tool keeps its earlier lines there).
   */
  public static ToolProcess start(List<String> command, Map<String, String> environment,
      Path log) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    try {
      int startMark = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8).length()
          : 0;
      return new ToolProcess(command, builder.start(), log, startMark);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until the tool has printed, since it started, a line that {@code ready} accepts; stops
   * it and fails when it exits first or {@code timeout} passes.
   */
  public ToolProcess awaitLine(Predicate<String> ready, String what, Duration timeout) {
    return await(() -> output().substring(startMark).lines().anyMatch(ready), what, timeout);
  }

  /**
   * Waits until {@code ready} holds (a query it answers, a file it wrote); stops the tool and
   * fails, with its output, when it exits first or {@code timeout} passes.
   */
  public ToolProcess await(BooleanSupplier ready, String what, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.getAsBoolean()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        String outcome = process.isAlive() ? "still running after " + timeout
            : "exited with " + process.exitValue();
        close();
        throw new IllegalStateException(String.join(" ", command) + " did not get ready ("
            + what + "; " + outcome + "):\n" + output());
      }
      pause(POLL_MILLIS);
    }
    return this;
  }

  /** How much the log holds so far, in characters: a mark for {@link #awaitText}. */
  public int mark() {
    return output().length();
  }

  /**
   * What the tool printed after {@code mark} up to the end of the first line holding {@code
   * text}, such as the line that reports a request's outcome; fails the test when the tool exits
   * or prints no such line within {@code timeout}.
   */
  public String awaitText(int mark, String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String output = output();
      String tail = output.substring(Math.min(mark, output.length()));
      int at = tail.indexOf(text);
      int end = at < 0 ? -1 : tail.indexOf('\n', at);
      if (end >= 0) {
        return tail.substring(0, end);
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(this + " wrote no line with '" + text + "' within " + timeout
            + (process.isAlive() ? "" : " (it exited)") + ":\n" + output);
      }
      pause(POLL_MILLIS);
    }
  }

  /** Everything the tool has printed so far. */
  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log at " + log + ": " + e + ")";
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the tool: SIGTERM, and SIGKILL when it has not exited within 10 s. */
  @Override
  public void close() {
    stop(process.toHandle());
  }

  /** Stops {@code process}: SIGTERM, and SIGKILL when it has not exited within 10 s. */
  public static void stop(ProcessHandle process) {
    process.destroy();
    try {
      process.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      process.destroyForcibly();
      process.onExit().orTimeout(GRACE.toMillis(), TimeUnit.MILLISECONDS).exceptionally(t -> null)
          .join();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sleeps {@code millis}; an interrupt fails the test. */
  public static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return command.get(0) + " (pid " + process.pid() + ")";
  }
}
