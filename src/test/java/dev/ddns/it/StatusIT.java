package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.cli.Main;
import dev.ddns.testing.tools.BindSecondary;
import dev.ddns.testing.tools.Closing;
import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.DnsWire;
import dev.ddns.testing.tools.Exec;
import dev.ddns.testing.tools.KnotSecondary;
import dev.ddns.testing.tools.LocalDdns;
import dev.ddns.testing.tools.Nsupdate;
import dev.ddns.testing.tools.Secondary;
import dev.ddns.testing.tools.SecondaryFleet;
import dev.ddns.testing.tools.ToolProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code ddns status} against {@code ddns local} with BIND and Knot as secondaries and a third
 * notify target that never answers (docs/secondaries.md, "Propagation status"): current
 * secondaries, one that was stopped during updates and is behind, one that is unreachable; the
 * table, the last NOTIFY outcomes and the exit code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusIT {
  private static final Duration START = Duration.ofSeconds(30);
  private static final Duration PROPAGATION = Duration.ofSeconds(10);
  /** The exit code docs/secondaries.md gives for a target that is not current. */
  private static final int NOT_CURRENT = 3;

  private SecondaryFleet fleet;
  private DatagramSocket silent;
  private LocalDdns ddns;
  private BindSecondary bind;
  private KnotSecondary knot;
  private int updates;

  @BeforeAll
  void start() throws IOException {
    fleet = SecondaryFleet.start("status-it-");
    silent = fleet.silent();
    ddns = fleet.ddns();
    bind = fleet.bind();
    knot = fleet.knot();
  }

  @AfterAll
  void stop() {
    Closing.all(fleet);
  }

  private static String target(int port) {
    return SecondaryFleet.target(port);
  }

  @Test
  @Order(1)
  void secondariesThatHaveTheSerialAreCurrentAndTheSilentTargetIsUnreachable() {
    update();
    Run run = awaitStatus("both secondaries current, each target's NOTIFY of the serial recorded",
        r -> notified(r, bind, "answered NOERROR") && notified(r, knot, "answered NOERROR")
            && notified(r, silentTarget(), "silent"));
    assertEquals(NOT_CURRENT, run.code(), "a target is not current:\n" + run.out());
    long serial = serialOfPrimary(run);
    for (Secondary s : List.of(bind, knot)) {
      assertTrue(row(run, s).matches(".*\\s" + serial + "\\s+current\\s+-\\s+-\\s+serial "
          + serial + " answered NOERROR, \\d+ s ago$"), run.out());
    }
    assertTrue(row(run, silentTarget()).matches(".*\\s-\\s+unreachable: no answer within 500 ms"
        + "\\s+-\\s+-\\s+serial " + serial + " silent, \\d+ s ago$"), run.out());
  }

  /**
   * BIND stopped during three updates and started again after the last NOTIFY's retransmissions
   * gave up serves its old serial until the next NOTIFY or its refresh timer
   * (docs/secondaries.md): three serials behind, lagging since the first of them; Knot got them
   * all. Started while a NOTIFY was still being retransmitted, it would take that one.
   */
  @Test
  @Order(2)
  void aSecondaryStoppedDuringUpdatesIsBehindBySerialsAndSeconds() {
    long before = bind.servedSerial();
    bind.stop();
    Run stopped = status();
    assertTrue(row(stopped, bind).contains("unreachable: no answer"), stopped.out());
    for (int i = 0; i < 3; i++) {
      update();
    }
    knot.awaitSerial(s -> s == before + 3, PROPAGATION);
    awaitStatus("the last serial's NOTIFY to the stopped BIND given up as silent",
        r -> notified(r, bind, "silent"));
    bind.start(START);
    Run run = status();
    assertEquals(NOT_CURRENT, run.code(), run.out());
    assertTrue(row(run, bind).matches(".*\\s" + before + "\\s+behind\\s+3 serials\\s+\\d+ s\\s+.*"),
        run.out());
    assertTrue(row(run, knot).contains(" current "), run.out());
  }

  @Test
  @Order(3)
  void withEveryTargetCurrentTheExitCodeIsZero() {
    update();
    awaitStatus("BIND caught up on the next NOTIFY", r -> row(r, bind).contains(" current "));
    Run set = run("zone", "set", DemoZone.NAME, "--notify", target(bind.port()),
        target(knot.port()), "--endpoint-url", ddns.dynamoDbEndpoint().toString());
    assertEquals(0, set.code(), set.out());
    Run run = status();
    assertEquals(0, run.code(), run.out());
    assertTrue(row(run, silentTarget()).startsWith("(no row"), "no longer a target:\n" + run.out());
  }

  // helpers

  private String silentTarget() {
    return target(silent.getLocalPort());
  }

  private void update() {
    updates++;
    String script = "server 127.0.0.1 " + ddns.dnsPort() + "\nzone " + DemoZone.NAME
        + "\nupdate add status" + updates + "." + DemoZone.NAME + " 300 A 192.0.2." + updates
        + "\nsend\n";
    Exec.run(Nsupdate.command(Nsupdate.Auth.k(ddns.localKey()), DnsWire.Transport.UDP), script)
        .assertSuccess();
  }

  record Run(int code, String out) {}

  private Run status() {
    return run("status", DemoZone.NAME, "--endpoint-url", ddns.dynamoDbEndpoint().toString(),
        "--timeout", "500ms");
  }

  /** Runs the {@code ddns} command line in this JVM; stdout and stderr together. */
  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    int code = Main.commandLine().setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(out, true)).execute(args);
    return new Run(code, out.toString());
  }

  /** The target's last NOTIFY was of the primary's serial and went as {@code outcome}. */
  private static boolean notified(Run run, Secondary secondary, String outcome) {
    return notified(run, target(secondary.port()), outcome);
  }

  private static boolean notified(Run run, String target, String outcome) {
    return row(run, target).contains("serial " + serialOfPrimary(run) + " " + outcome + ", ");
  }

  private Run awaitStatus(String what, Predicate<Run> wanted) {
    long deadline = System.nanoTime() + PROPAGATION.toNanos();
    Run run = status();
    while (!wanted.test(run) && System.nanoTime() < deadline) {
      ToolProcess.pause(200);
      run = status();
    }
    assertTrue(wanted.test(run), what + ":\n" + run.out() + "\n" + ddns.diagnostics());
    return run;
  }

  private static String row(Run run, Secondary secondary) {
    return row(run, target(secondary.port()));
  }

  private static String row(Run run, String target) {
    return run.out().lines().filter(l -> l.startsWith(target + " ")).findFirst()
        .orElse("(no row for " + target + ")");
  }

  private static long serialOfPrimary(Run run) {
    String first = run.out().lines().findFirst().orElseThrow();
    return Long.parseLong(first.split("\\s+")[3]);
  }
}
