package dev.ddns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class MainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute(args);
  }

  @Test
  void versionNamesTheTool() {
    assertEquals(0, run("--version"));
    assertTrue(out.toString().startsWith("ddns "), out.toString());
  }

  @Test
  void helpListsTheCommands() {
    assertEquals(0, run("--help"));
    String help = out.toString();
    assertTrue(help.contains("local") && help.contains("relay"), help);
  }

  @Test
  void localHelpShowsTheOptionsScriptsUse() {
    assertEquals(0, run("local", "--help"));
    for (String option : new String[] {"--dns-port", "--http-port", "--zone", "--key-file",
        "--key-name", "--keys", "--store", "--data", "--dynamodb-port", "--table",
        "--unsigned-rate", "--unsigned-prefix-rate", "--slip", "--key-rate", "--key-burst",
        "--max-in-flight"}) {
      assertTrue(out.toString().contains(option), option);
    }
  }

  @Test
  void relayNeedsAnEndpoint() {
    assertEquals(2, run("relay"));
    assertTrue(err.toString().contains("--endpoint"), err.toString());
  }

  @Test
  void relayRejectsABadListenAddressInOneLine() {
    assertEquals(1, run("relay", "--endpoint", "http://127.0.0.1:1/dns-query", "--listen", "nope"));
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
    assertTrue(err.toString().contains("ADDR:PORT"));
  }

  @Test
  void relayRefusesANegativeUnsignedRateInOneLine() {
    assertEquals(1, run("relay", "--endpoint", "http://127.0.0.1:1/dns-query",
        "--listen", "127.0.0.1:0", "--unsigned-rate", "-1"));
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
    assertTrue(err.toString().startsWith("ddns relay: unsigned rate limits and slip must be 0 or"),
        err.toString());
  }

  @Test
  void localRefusesANegativeSlipInOneLine(@TempDir Path dir) {
    assertEquals(1, run("local", "--store", "memory", "--slip", "-2",
        "--key-file", dir.resolve("k.key").toString()));
    assertTrue(err.toString().startsWith("ddns local: unsigned rate limits and slip must be 0 or"),
        err.toString());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "--key-rate, 0, --key-rate must be a positive number of requests per second: 0.0",
      "--key-rate, -5, --key-rate must be a positive number of requests per second: -5.0",
      "--key-rate, NaN, --key-rate must be a positive number of requests per second: NaN",
      "--key-rate, Infinity, --key-rate must be a positive number of requests per second: Infinity",
      "--key-burst, 0, --key-burst must be 1 or more: 0",
      "--max-in-flight, 0, --max-in-flight must be 1 or more: 0"})
  void localRefusesALimitOutOfRangeInOneLine(String option, String value, String message,
      @TempDir Path dir) {
    assertEquals(1, run("local", "--store", "memory", option, value,
        "--key-file", dir.resolve("k.key").toString()));
    assertEquals("ddns local: " + message, err.toString().strip());
  }

  @Test
  void localPortInUseIsOneLineAndExitCodeOne(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int code = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run("local",
          "--dns-port", "0", "--http-port", Integer.toString(taken.getLocalPort()),
          "--dynamodb-port", "0", "--key-file", dir.resolve("k.key").toString()));
      assertEquals(1, code);
      String message = err.toString().strip();
      assertEquals(1, message.lines().count(), message);
      assertTrue(message.startsWith("ddns local: cannot listen on HTTP 127.0.0.1:"), message);
      assertFalse(message.contains("Exception"), message);
    }
  }

  @Test
  void localDynamoDbPortInUseIsOneLineAndExitCodeOne(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int code = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> run("local",
          "--dns-port", "0", "--http-port", "0",
          "--dynamodb-port", Integer.toString(taken.getLocalPort()),
          "--key-file", dir.resolve("k.key").toString()));
      assertEquals(1, code);
      String message = err.toString().strip();
      assertEquals(1, message.lines().count(), message);
      assertEquals("ddns local: cannot listen on DynamoDB Local 127.0.0.1:" + taken.getLocalPort()
          + ": Address already in use; is another server running? Choose other ports with "
          + "--dns-port/--http-port/--dynamodb-port.", message);
    }
  }

  @Test
  void localRefusesDataWithTheMemoryStore(@TempDir Path dir) {
    assertEquals(1, run("local", "--store", "memory", "--data", dir.toString(),
        "--key-file", dir.resolve("k.key").toString()));
    assertEquals("ddns local: --data keeps DynamoDB Local's files; it does not go with "
        + "--store memory", err.toString().strip());
    assertEquals(2, run("local", "--store", "sqlite"));
    assertTrue(err.toString().contains("'sqlite' is not a store; use dynamodb or memory"),
        err.toString());
  }

  @Test
  void durationsParseDays() {
    assertEquals(Duration.ofDays(7), new DurationConverter().convert("7d"));
    assertEquals("7d", Durations.format(Duration.ofDays(7)));
    assertEquals("36h", Durations.format(Duration.ofHours(36)));
    assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
  }

  @Test
  void listenAddressesParse() throws Exception {
    assertEquals(new InetSocketAddress(InetAddress.getByName("::1"), 53),
        RelayCommand.parse("[::1]:53"));
    assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 5053),
        RelayCommand.parse("127.0.0.1:5053"));
    assertThrows(IllegalArgumentException.class, () -> RelayCommand.parse("::1:53"));
    assertThrows(IllegalArgumentException.class, () -> RelayCommand.parse("127.0.0.1:70000"));
  }

  @Test
  void durationsParse() {
    DurationConverter c = new DurationConverter();
    assertEquals(Duration.ofMillis(500), c.convert("500ms"));
    assertEquals(Duration.ofSeconds(5), c.convert("5s"));
    assertEquals(Duration.ofMinutes(2), c.convert("2m"));
    assertEquals(Duration.ofSeconds(7), c.convert("PT7S"));
    assertThrows(CommandLine.TypeConversionException.class, () -> c.convert("soon"));
    assertThrows(CommandLine.TypeConversionException.class, () -> c.convert("0s"));
  }
}
