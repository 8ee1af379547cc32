package dev.ddns.testing.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@code ddns local} ({@link LocalDdns}) for all the tests of a class, in a temporary folder
 * of its own: started before the first test, stopped and its folder deleted after the last.
 * Register it with {@code @RegisterExtension static final LocalDdnsPerClass local = new
 * LocalDdnsPerClass(ARGUMENTS);}.
 */
public final class LocalDdnsPerClass implements BeforeAllCallback, AfterAllCallback {
  private final List<String> arguments;
  private Path dir;
  private LocalDdns ddns;

  /** @param arguments further command-line arguments of {@code ddns local} */
  public LocalDdnsPerClass(List<String> arguments) {
    this.arguments = List.copyOf(arguments);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("ddns-it-");
    ddns = LocalDdns.start(dir, List.of(), arguments);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    Closing.all(ddns);
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  /** The running {@code ddns local}. */
  public LocalDdns ddns() {
    return ddns;
  }

  /** Its folder: the key file and the relay key file are there. */
  public Path dir() {
    return dir;
  }
}
