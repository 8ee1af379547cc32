package dev.ddns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.dynamodb.DynamoClients;
import dev.ddns.local.DynamoDbLocalServer;
import dev.ddns.testing.LoopbackSecondary;
import dev.ddns.testing.TestZone;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.SOARecord;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ddns status ZONE --watch} in-process against DynamoDB Local on a loopback port, with a
 * loopback socket answering SOA queries as the zone's secondary (docs/secondaries.md,
 * "Propagation status"): it redraws until interrupted, clearing the screen only on a terminal.
 */
class StatusCommandTest {
  /** How long the test waits for the drawings it needs; a guard, not a measurement. */
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String CLEAR_SCREEN = "\033[H\033[2J";
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static DynamoDbLocalServer dynamo;
  private static DynamoDbClient client;

  private final String table = "status-" + TABLES.incrementAndGet();

  @BeforeAll
  static void startDynamoDbLocal() throws IOException {
    dynamo = DynamoDbLocalServer.start(0, Optional.empty());
    client = DynamoClients.create(Optional.of(dynamo.endpoint()), Optional.empty());
  }

  @AfterAll
  static void stopDynamoDbLocal() {
    client.close();
    dynamo.close();
  }

  @AfterEach
  void restoreTerminal() {
    Terminal.forceInteractive(null);
  }

  /** The zone's frame: its line, the header, the one target current at serial 1. */
  private static Pattern frame(String target) {
    return Pattern.compile("zone watch\\.test\\.  serial 1  version \\d+  at \\S+Z\n"
        + "TARGET +SERIAL +STATE +BEHIND +LAG +LAST NOTIFY\n"
        + Pattern.quote(target) + " +1 +current +- +- +-\n");
  }

  @Test
  void watchRedrawsUntilInterruptedWithoutEscapesWhenNotOnATerminal() throws Exception {
    Terminal.forceInteractive(false);
    try (LoopbackSecondary secondary = secondary()) {
      Watch watch = watch(secondary, "\n\n");
      String[] frames = watch.output.split("\n\n");
      assertTrue(frames.length >= 2, watch.output);
      for (String frame : Arrays.copyOf(frames, 2)) {
        assertTrue(frame(secondary.target()).matcher(frame + "\n").matches(), frame);
      }
      assertFalse(watch.output.contains("\033"), "no escape codes off a terminal");
      assertEquals(0, watch.code, "the last drawing's code: the target is current");
    }
  }

  @Test
  void watchClearsTheScreenBeforeEachDrawingOnATerminal() throws Exception {
    Terminal.forceInteractive(true);
    try (LoopbackSecondary secondary = secondary()) {
      Watch watch = watch(secondary, CLEAR_SCREEN);
      assertTrue(watch.output.startsWith(CLEAR_SCREEN), watch.output);
      List<String> frames = Arrays.stream(watch.output.split(Pattern.quote(CLEAR_SCREEN)))
          .skip(1).limit(2).toList();
      assertEquals(2, frames.size(), watch.output);
      frames.forEach(f -> assertTrue(frame(secondary.target()).matcher(f).matches(), f));
      assertEquals(0, watch.code);
    }
  }

  private static LoopbackSecondary secondary() {
    return LoopbackSecondary.serving((SOARecord) TestZone.rr(
        "watch.test. 3600 SOA ns1.example.net. hostmaster.watch.test. 1 3600 900 604800 300"));
  }

  /** What {@code ddns status --watch 1} printed, interrupted after its second drawing. */
  private record Watch(String output, int code) {}

  /**
   * Makes the zone with {@code secondary} as its target, runs {@code ddns status --watch 1} on a
   * thread until it has printed {@code separator} twice (two drawings), then interrupts it.
   */
  private Watch watch(LoopbackSecondary secondary, String separator) throws Exception {
    StringWriter err = new StringWriter();
    assertEquals(0, ddns(new StringWriter(), err, "zone", "create", "watch.test.", "--ns",
        "ns1.example.net.", "--no-catalog", "--create-table"), err::toString);
    assertEquals(0, ddns(new StringWriter(), err, "zone", "set", "watch.test.", "--notify",
        secondary.target()), err::toString);
    StringWriter out = new StringWriter();
    StringWriter statusErr = new StringWriter();
    AtomicInteger code = new AtomicInteger(-1);
    Thread thread = new Thread(() -> code.set(ddns(out, statusErr, "status", "watch.test.",
        "--watch", "1")), "ddns-status-watch");
    thread.start();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (count(out.toString(), separator) < 2 && System.nanoTime() < deadline
        && thread.isAlive()) {
      Thread.sleep(20);
    }
    thread.interrupt();
    thread.join(PATIENCE.toMillis());
    assertFalse(thread.isAlive(), "the watch ends when interrupted");
    assertEquals("", statusErr.toString());
    return new Watch(out.toString(), code.get());
  }

  private static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }

  /** Runs {@code ddns ARGS --endpoint-url URL --table T}, printing to {@code out} and {@code err}. */
  private int ddns(StringWriter out, StringWriter err, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--endpoint-url", dynamo.endpoint().toString(), "--table", table));
    return Main.commandLine().setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true)).execute(all.toArray(String[]::new));
  }
}
