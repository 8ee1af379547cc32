package dev.ddns.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar target/ddns.jar relay --endpoint URL --relay-key FILE --listen 127.0.0.1:PORT
 * --listen [::1]:PORT}
 * (the secondaries transfer from {@code ::1}, NOTIFY comes from {@code 127.0.0.1}) as a subprocess,
 * as docs/deploy.md runs it in front of the Function URL; its output goes to a file in a folder.
 */
final class RelayProcess implements AutoCloseable {
  private static final Duration START = Duration.ofSeconds(60);
  static final String READY_LINE = "ddns relay is ready";

  private final Process process;
  private final int port;
  private final Path log;

  private RelayProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts a relay to {@code endpoint} on a free loopback port, attesting with the relay key in
   * {@code relayKey}; returns once it is ready.
   */
  static RelayProcess start(URI endpoint, Path relayKey, Path dir) {
    int port = FreePorts.tcpAndUdp();
    return start(List.of("--endpoint", endpoint.toString(), "--relay-key", relayKey.toString(),
        "--listen", "127.0.0.1:" + port, "--listen", "[::1]:" + port),
        port, dir);
  }

  /** Starts {@code ddns relay ARGUMENTS}, which listen on loopback {@code port}. */
  static RelayProcess start(List<String> arguments, int port, Path dir) {
    Path log = dir.resolve("relay-" + port + ".log");
    List<String> command = new java.util.ArrayList<>(List.of(Tools.java().toString(), "-jar",
        LocalDdns.jar().toString(), "relay"));
    command.addAll(arguments);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      RelayProcess relay = new RelayProcess(process, port, log);
      relay.awaitReady(command);
      return relay;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(List<String> command) {
    long deadline = System.nanoTime() + START.toNanos();
    while (!output().contains(READY_LINE)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        close();
        throw new IllegalStateException(String.join(" ", command) + " did not get ready:\n"
            + output());
      }
      Secondary.sleep(50);
    }
  }

  int port() {
    return port;
  }

  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no relay log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
