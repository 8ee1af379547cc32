package dev.ddns.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ddns.core.model.SerialPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.xbill.DNS.Name;

/**
 * Zone-file import ({@code ddns zone import}) under arbitrary file contents: every failure is a
 * {@link CliException} with a message for the user, never another exception.
 */
class ZoneFilesFuzzTest {
  private static final Name ORIGIN = Name.fromConstantString("example.test.");
  private static Path file;

  @BeforeAll
  static void createFile() throws IOException {
    file = Files.createTempFile("zone-fuzz", ".zone");
  }

  @AfterAll
  static void deleteFile() throws IOException {
    Files.deleteIfExists(file);
  }

  @FuzzTest(maxDuration = "30s")
  void read(byte[] contents) throws IOException {
    Files.write(file, contents);
    try {
      ZoneFiles.read(file, ORIGIN, SerialPolicy.INCREMENT, null);
    } catch (CliException expected) {
      if (expected.getMessage() == null || expected.getMessage().isBlank()) {
        throw new AssertionError("an import error without a message", expected);
      }
    }
  }
}
