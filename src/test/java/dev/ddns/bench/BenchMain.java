package dev.ddns.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a benchmark's {@code main} ends: its report printed (and written as Markdown when asked),
 * then its exit code, whatever threads are still running.
 */
final class BenchMain {
  private BenchMain() {}

  /** Prints {@code report} after a blank line, and writes it to {@code markdown} unless null. */
  static void publish(String report, PrintStream out, Path markdown) throws IOException {
    out.println();
    out.println(report);
    if (markdown != null) {
      Files.writeString(markdown, report, StandardCharsets.UTF_8);
    }
  }

  /** A benchmark's body: its exit code. */
  interface Body {
    int run(String[] args) throws Exception;
  }

  /**
   * Runs {@code body} and halts the JVM with its exit code (1 when it throws): DynamoDB Local's
   * threads are not daemons, so a plain return would never leave.
   */
  static void exit(Body body, String[] args) {
    int code = 1;
    try {
      code = body.run(args);
    } catch (Throwable t) {
      t.printStackTrace();
    } finally {
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(code);
    }
  }
}
