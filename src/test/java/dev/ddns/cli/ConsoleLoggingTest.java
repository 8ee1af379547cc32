package dev.ddns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;

/** The ddns jar's log lines: one readable line per message, prefixed by the program. */
class ConsoleLoggingTest {
  private final List<String> lines = new ArrayList<>();

  @AfterEach
  void programBack() {
    ConsoleLogging.program("ddns");
  }

  /**
   * @param logger the logger's name
   * @param log what is logged
   * @param line the line written, or null for none
   */
  record Case(String why, String logger, Consumer<Logger> log, String line) {
    @Override
    public String toString() {
      return why;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("the relay's loggers write as ddns relay", "dev.ddns.relay.Forwarder",
            l -> l.info("forwarding {} to {}", "127.0.0.1:53", "http://h/dns-query"),
            "ddns relay: forwarding 127.0.0.1:53 to http://h/dns-query"),
        new Case("ddns local's loggers write as ddns local", "dev.ddns.local.LocalSystem",
            l -> l.info("ddns local is ready"), "ddns local: ddns local is ready"),
        new Case("shared code writes as the command running", "dev.ddns.core.service.DnsService",
            l -> l.info("zone {} created", "example.test."),
            "ddns zone create: zone example.test. created"),
        new Case("a warning says so", "dev.ddns.relay.UdpListener",
            l -> l.warn("queue full"), "ddns relay: warning: queue full"),
        new Case("a warning's exception follows on the same line, without a trace",
            "dev.ddns.relay.Forwarder", l -> l.warn("endpoint failed",
                new IllegalStateException("refused")),
            "ddns relay: warning: endpoint failed: java.lang.IllegalStateException: refused"),
        new Case("our loggers leave out DEBUG", "dev.ddns.local.LocalSystem",
            l -> l.debug("detail"), null),
        new Case("a library logs errors only: no warning", "org.eclipse.jetty.server.Server",
            l -> l.warn("noisy"), null),
        new Case("a library's error is written, under the command's name",
            "software.amazon.awssdk.core", l -> l.error("broken"),
            "ddns zone create: error: broken"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void line(Case c) {
    ConsoleLogging.program("ddns zone create");
    c.log().accept(new ConsoleLogging.ConsoleLogger(c.logger(), lines::add));
    assertEquals(c.line() == null ? List.of() : List.of(c.line()), lines);
  }

  @Test
  void anErrorCarriesItsStackTraceAfterItsLine() {
    new ConsoleLogging.ConsoleLogger("dev.ddns.local.LocalSystem", lines::add)
        .error("store failure", new IllegalStateException("table gone"));
    String[] text = lines.get(0).split("\\R");
    assertEquals("ddns local: error: store failure: java.lang.IllegalStateException: table gone",
        text[0]);
    assertEquals("java.lang.IllegalStateException: table gone", text[1]);
    assertTrue(text[2].trim().startsWith("at dev.ddns.cli.ConsoleLoggingTest."), text[2]);
  }
}
