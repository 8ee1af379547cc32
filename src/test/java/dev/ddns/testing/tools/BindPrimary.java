package dev.ddns.testing.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * BIND ({@code named -g}) as the reference primary for {@link DemoZone}, on a free loopback
 * port, accepting updates and transfers signed with one test key.
 */
public final class BindPrimary implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Path dir;
  private final int port;
  private final ToolProcess process;

  private BindPrimary(Path dir, int port, ToolProcess process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  public static BindPrimary start(Path dir, TestKey key) {
    return start(dir, List.of(key));
  }

  /** Starts BIND accepting updates and transfers signed with any of {@code keys}. */
  public static BindPrimary start(Path dir, List<TestKey> keys) {
    int port = FreePorts.tcpAndUdp();
    Path conf = dir.resolve("named.conf");
    ToolFiles.write(dir.resolve("example.test.db"), DemoZone.MASTER_FILE);
    ToolFiles.write(conf, config(dir, port, keys));
    ToolProcess process = ToolProcess.start(List.of(Tools.named().toString(), "-g", "-n", "1",
        "-4", "-c", conf.toString()), Map.of(), dir.resolve("named.log"));
    process.await(() -> answersSoa(port), "an answer to SOA " + DemoZone.NAME, START_TIMEOUT);
    return new BindPrimary(dir, port, process);
  }

  public int port() {
    return port;
  }

  public String diagnostics() {
    List<String> lines = log().lines().toList();
    return "named log (tail):\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  public Path directory() {
    return dir;
  }

  public String log() {
    return process.output();
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

  private static boolean answersSoa(int port) {
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
    process.close();
  }
}
