package dev.ddns.testing.tools;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a short-lived external command with stdin text and returns exit code and output. */
public final class Exec {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  public record Result(List<String> command, int exitCode, String output) {
    public Result assertSuccess() {
      if (exitCode != 0) {
        throw new AssertionError(describe());
      }
      return this;
    }

    public String describe() {
      return String.join(" ", command) + " exited " + exitCode + ":\n" + output;
    }
  }

  private Exec() {}

  /** Runs {@code command}; a command still running after 30 s is killed and fails the test. */
  public static Result run(List<String> command, String stdin) {
    return run(command, Map.of(), stdin, TIMEOUT);
  }

  /** Runs {@code command}; one still running after {@code timeout} is killed and fails the test. */
  public static Result run(List<String> command, String stdin, Duration timeout) {
    return run(command, Map.of(), stdin, timeout);
  }

  /**
   * Runs {@code command} with {@code environment} added to this process's environment; a command
   * still running after {@code timeout} is killed and fails the test.
   */
  public static Result run(List<String> command, Map<String, String> environment, String stdin,
      Duration timeout) {
    Path output = null;
    try {
      output = Files.createTempFile("exec-", ".out");
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(output.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        ToolProcess.stop(process.toHandle());
        throw new AssertionError(String.join(" ", command) + " did not finish within "
            + timeout + ":\n" + Files.readString(output));
      }
      return new Result(command, process.exitValue(), Files.readString(output));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      deleteQuietly(output);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a leftover temp file is harmless
      }
    }
  }
}
