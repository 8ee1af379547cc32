package dev.ddns.testing.tools;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar target/ddns.jar relay --endpoint URL --relay-key FILE --listen 127.0.0.1:PORT
 * --listen [::1]:PORT}
 * (the secondaries transfer from {@code ::1}, NOTIFY comes from {@code 127.0.0.1}) as a subprocess,
 * as docs/deploy.md runs it in front of the Function URL; its output goes to a file in a folder.
 */
public final class RelayProcess implements AutoCloseable {
  private static final Duration START = Duration.ofSeconds(60);
  public static final String READY_LINE = "ddns relay is ready";

  private final ToolProcess process;
  private final int port;

  private RelayProcess(ToolProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts a relay to {@code endpoint} on a free loopback port, attesting with the relay key in
   * {@code relayKey}; returns once it is ready.
   */
  public static RelayProcess start(URI endpoint, Path relayKey, Path dir) {
    int port = FreePorts.tcpAndUdp();
    return start(List.of("--endpoint", endpoint.toString(), "--relay-key", relayKey.toString(),
        "--listen", "127.0.0.1:" + port, "--listen", "[::1]:" + port),
        port, dir);
  }

  /** Starts {@code ddns relay ARGUMENTS}, which listen on loopback {@code port}. */
  public static RelayProcess start(List<String> arguments, int port, Path dir) {
    Path log = dir.resolve("relay-" + port + ".log");
    List<String> command = new java.util.ArrayList<>(List.of(Tools.java().toString(), "-jar",
        LocalDdns.jar().toString(), "relay"));
    command.addAll(arguments);
    return new RelayProcess(ToolProcess.start(command, Map.of(), log)
        .awaitLine(line -> line.contains(READY_LINE), "'" + READY_LINE + "'", START), port);
  }

  public int port() {
    return port;
  }

  public String output() {
    return process.output();
  }

  @Override
  public void close() {
    process.close();
  }
}
