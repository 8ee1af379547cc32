package dev.ddns.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The output of a long-running tool (stdout with stderr merged), read line by line on a thread
 * of its own, for waiting on the line that reports an outcome and for failure messages.
 */
final class CapturedOutput {
  private final Process process;
  private final String tool;
  private final StringBuffer text = new StringBuffer();

  private CapturedOutput(Process process, String tool) {
    this.process = process;
    this.tool = tool;
  }

  /** Starts reading {@code process}'s output; {@code tool} names it in messages. */
  static CapturedOutput of(Process process, String tool) {
    CapturedOutput output = new CapturedOutput(process, tool);
    Thread reader = new Thread(output::readLines, tool + "-output");
    reader.setDaemon(true);
    reader.start();
    return output;
  }

  /** How many characters have been read so far: a mark for {@link #await}. */
  int length() {
    return text.length();
  }

  /**
   * The output after character {@code from} up to the end of the first line with {@code line};
   * fails the test when the tool exits, or writes no such line within {@code timeout}.
   */
  String await(int from, String line, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      String tail = text.substring(Math.min(from, text.length()));
      int at = tail.indexOf(line);
      int end = at < 0 ? -1 : tail.indexOf('\n', at);
      if (end >= 0) {
        return tail.substring(0, end);
      }
      Secondary.sleep(20);
    }
    throw new AssertionError(tool + " wrote no line with '" + line + "' within " + timeout
        + (process.isAlive() ? "" : " (it exited)") + "\n" + this);
  }

  @Override
  public String toString() {
    return tool + " output:\n" + text;
  }

  private void readLines() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        text.append(line).append('\n');
      }
    } catch (IOException e) {
      text.append("(output reader failed: ").append(e).append(")\n");
    }
  }
}
