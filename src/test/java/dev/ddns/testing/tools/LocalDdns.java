package dev.ddns.testing.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar target/ddns.jar local} as a subprocess on free loopback ports, with its
 * output captured for failure messages. Zones live in DynamoDB Local, as in {@code ddns local}'s
 * default; {@code -Dit.store=memory} runs the same tests on the in-memory store.
 */
public final class LocalDdns implements ServerUnderTest {
  public static final String READY_LINE = "ddns local is ready";
  public static final String STORE = System.getProperty("it.store", "dynamodb");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Pattern DYNAMODB_LINE =
      Pattern.compile("zones in DynamoDB Local at (http://\\S+?)[ ,;)]");
  private static final Pattern NOTIFY_KEY_LINE = Pattern.compile(
      "signed with TSIG key \\S+ \\(\\S+\\) in (.+?)(?: and in .+)?: the secondaries");

  private final ToolProcess process;
  private final Optional<NetworkNamespace> namespace;
  private final int dnsPort;
  private final int httpPort;
  private final Path keyFile;

  private LocalDdns(ToolProcess process, Optional<NetworkNamespace> namespace, int dnsPort,
      int httpPort, Path keyFile) {
    this.process = process;
    this.namespace = namespace;
    this.dnsPort = dnsPort;
    this.httpPort = httpPort;
    this.keyFile = keyFile;
  }

  /** Starts ddns local with its key file in {@code dir} and the extra BIND key files. */
  public static LocalDdns start(Path dir, List<Path> extraKeyFiles) {
    return start(dir, extraKeyFiles, List.of(), Map.of());
  }

  /**
   * Like {@link #start(Path, List)}, with further command-line arguments; a {@code --store} among
   * them overrides {@code -Dit.store}.
   */
  public static LocalDdns start(Path dir, List<Path> extraKeyFiles, List<String> arguments) {
    return start(dir, extraKeyFiles, arguments, Map.of());
  }

  /** Like {@link #start(Path, List)}, with {@code environment} added to the process's own. */
  public static LocalDdns start(Path dir, List<Path> extraKeyFiles,
      Map<String, String> environment) {
    return start(dir, extraKeyFiles, List.of(), environment);
  }

  /** With further command-line arguments and {@code environment} added to the process's own. */
  public static LocalDdns start(Path dir, List<Path> extraKeyFiles, List<String> arguments,
      Map<String, String> environment) {
    return start(Optional.empty(), FreePorts.tcpAndUdp(), dir, extraKeyFiles, arguments,
        environment);
  }

  /**
   * Starts ddns local inside {@code namespace}, its relay on port 53 of the namespace's loopback,
   * for clients that always send to port 53 (ISC dhcpd); the other ports are free ones, the
   * store DynamoDB Local (for {@link #cli}).
   */
  public static LocalDdns startIn(NetworkNamespace namespace, Path dir, List<Path> extraKeyFiles) {
    return start(Optional.of(namespace), 53, dir, extraKeyFiles, List.of("--store", "dynamodb"),
        Map.of());
  }

  private static LocalDdns start(Optional<NetworkNamespace> namespace, int dnsPort, Path dir,
      List<Path> extraKeyFiles, List<String> arguments, Map<String, String> environment) {
    int httpPort = FreePorts.tcp();
    Path keyFile = dir.resolve("ddns-local.key");
    List<String> command = new ArrayList<>(List.of(
        Tools.java().toString(), "-jar", jar().toString(), "local",
        "--dns-port", String.valueOf(dnsPort),
        "--http-port", String.valueOf(httpPort),
        "--key-file", keyFile.toString(),
        "--dynamodb-port", "0"));
    if (!arguments.contains("--store")) {
      command.addAll(List.of("--store", STORE));
    }
    for (Path extra : extraKeyFiles) {
      command.add("--keys");
      command.add(extra.toString());
    }
    command.addAll(arguments);
    Path log;
    try {
      log = Files.createTempFile(dir, "ddns-local-", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ToolProcess process = ToolProcess.start(namespace.map(n -> n.wrap(command)).orElse(command),
        environment, log).awaitLine(line -> line.trim().equals(READY_LINE),
            "'" + READY_LINE + "'", START_TIMEOUT);
    return new LocalDdns(process, namespace, dnsPort, httpPort, keyFile);
  }

  public static Path jar() {
    Path jar = Path.of(System.getProperty("ddns.jar", "target/ddns.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run `mvn package` (or bin/test) first");
    }
    return jar;
  }

  @Override
  public int dnsPort() {
    return dnsPort;
  }

  public int httpPort() {
    return httpPort;
  }

  /** The key that ddns local wrote (or reused) at {@code --key-file}. */
  @Override
  public TestKey localKey() {
    return TestKey.read(keyFile);
  }

  /** The key that signs NOTIFY (with {@code --notify}), from the file ddns local says it is in. */
  public TestKey notifyKey() {
    Matcher m = NOTIFY_KEY_LINE.matcher(output());
    if (!m.find()) {
      throw new IllegalStateException("ddns local printed no notify key:\n" + output());
    }
    return TestKey.read(Path.of(m.group(1)));
  }

  @Override
  public String diagnostics() {
    return "ddns local output:\n" + output();
  }

  /** DynamoDB Local's endpoint as ddns local printed it, for the {@code ddns} admin commands. */
  public java.net.URI dynamoDbEndpoint() {
    Matcher m = DYNAMODB_LINE.matcher(output());
    if (!m.find()) {
      throw new IllegalStateException("ddns local printed no DynamoDB Local endpoint:\n" + output());
    }
    return java.net.URI.create(m.group(1));
  }


  /**
   * Runs {@code ddns ARGUMENTS --endpoint-url DYNAMODB-LOCAL} (an admin command such as
   * {@code zone create}, {@code policy set} or {@code history}) where this ddns local runs, and
   * fails the test unless it succeeds. The JVM compiles with C1 only: a third less CPU for a
   * command that runs a few seconds.
   */
  public Exec.Result cli(String... arguments) {
    List<String> command = new ArrayList<>(List.of(Tools.java().toString(),
        "-XX:TieredStopAtLevel=1", "-jar", jar().toString()));
    command.addAll(List.of(arguments));
    command.addAll(List.of("--endpoint-url", dynamoDbEndpoint().toString()));
    return Exec.run(namespace.map(n -> n.wrap(command)).orElse(command), "",
        Duration.ofSeconds(60)).assertSuccess();
  }

  public String output() {
    return process.output();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.close();
  }
}
