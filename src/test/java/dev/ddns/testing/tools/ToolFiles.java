package dev.ddns.testing.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files the drivers write for their tools: configurations, zone files, keys. */
public final class ToolFiles {
  private ToolFiles() {}

  /** Writes {@code text} to {@code file}, replacing what it held; a failure fails the test. */
  public static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
