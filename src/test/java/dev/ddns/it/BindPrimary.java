package dev.ddns.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * BIND ({@code named -g}) as the reference primary for {@link DemoZone}, on a free loopback
 * port, accepting updates and transfers signed with one test key.
 */
final class BindPrimary implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Path dir;
  private final int port;
  private final Process process;
  private final Path log;

  private BindPrimary(Path dir, int port, Process process, Path log) {
    this.dir = dir;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  static BindPrimary start(Path dir, TestKey key) {
    return start(dir, List.of(key));
  }

  /** Starts BIND accepting updates and transfers signed with any of {@code keys}. */
  static BindPrimary start(Path dir, List<TestKey> keys) {
    int port = FreePorts.tcpAndUdp();
    Path conf = dir.resolve("named.conf");
    Path log = dir.resolve("named.log");
    write(dir.resolve("example.test.db"), DemoZone.MASTER_FILE);
    write(conf, config(dir, port, keys));
    try {
      Process process =
          new ProcessBuilder(
                  Tools.named().toString(), "-g", "-n", "1", "-4", "-c", conf.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      BindPrimary bind = new BindPrimary(dir, port, process, log);
      bind.awaitSoa();
      return bind;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return port;
  }

  String diagnostics() {
    List<String> lines = log().lines().toList();
    return "named log (tail):\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  Path directory() {
    return dir;
  }

  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static String config(Path dir, int port, List<TestKey> keys) {
    StringBuilder statements = new StringBuilder();
    StringBuilder keyList = new StringBuilder();
    for (TestKey key : keys) {
      statements.append(key.bindStatement());
      keyList.append("key \"").append(key.name()).append("\"; ");
    }
    return statements
        + "controls { };\n"
        + "options {\n"
        + "  directory \"" + dir + "\";\n"
        + "  pid-file \"" + dir.resolve("named.pid") + "\";\n"
        + "  session-keyfile \"" + dir.resolve("session.key") + "\";\n"
        + "  listen-on port " + port + " { 127.0.0.1; };\n"
        + "  listen-on-v6 { none; };\n"
        + "  recursion no;\n"
        + "  notify no;\n"
        + "  dnssec-validation no;\n"
        + "  check-names primary ignore;\n"
        + "  check-integrity no;\n"
        + "  allow-transfer { " + keyList + "};\n"
        + "};\n"
        + "zone \"" + DemoZone.NAME + "\" {\n"
        + "  type primary;\n"
        + "  file \"" + dir.resolve("example.test.db") + "\";\n"
        + "  allow-update { " + keyList + "};\n"
        + "};\n";
  }

  private void awaitSoa() {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("named exited " + process.exitValue() + ":\n" + log());
      }
      if (answersSoa()) {
        return;
      }
      sleep(100);
    }
    close();
    throw new IllegalStateException("named did not answer SOA within " + START_TIMEOUT + ":\n" + log());
  }

  private boolean answersSoa() {
    byte[] query =
        Message.newQuery(Record.newRecord(Name.fromConstantString(DemoZone.NAME), Type.SOA, 1))
            .toWire();
    Optional<byte[]> answer = DnsWire.udpQuick(port, query);
    if (answer.isEmpty()) {
      return false;
    }
    try {
      return new Message(answer.get()).getRcode() == Rcode.NOERROR;
    } catch (IOException e) {
      return false;
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

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
