package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.Dig;
import dev.ddns.testing.tools.DnsWire;
import dev.ddns.testing.tools.Exec;
import dev.ddns.testing.tools.LocalDdns;
import dev.ddns.testing.tools.Nsupdate;
import dev.ddns.testing.tools.TestKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Update;

/**
 * One RFC 2136 UPDATE of 2,001 additions (about 50 KB, so nsupdate sends it over TCP) through the
 * relay of ddns local on DynamoDB Local, where it is too large for one transaction and is
 * committed in stages (docs/architecture.md, "Large updates"), with the real nsupdate and dig: it
 * is applied as one update (every record once in a signed AXFR, the serial one step up, and an
 * IXFR from the old serial that is exactly one difference sequence of the 2,001 additions), and
 * the same size of update with one RRset past its 100-record limit is REFUSED with nothing of it
 * applied.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LargeUpdateIT {
  private static final int NAMES = 2_001;
  /** One more than {@code UpdateLimits.MAX_RECORDS_PER_RRSET}. */
  private static final int CROWD = 101;
  private static final int TTL = 300;

  @TempDir static Path dir;
  private static LocalDdns ddns;

  @BeforeAll
  static void start() {
    ddns = LocalDdns.start(dir, List.of(), List.of("--store", "dynamodb"));
  }

  @AfterAll
  static void stop() {
    if (ddns != null) {
      ddns.close();
    }
  }

  /** First, so that it meets a zone with no commit of the other test still in flight. */
  @Test
  @Order(1)
  void oneRrsetPastItsLimitRefusesAllTwoThousandAndOne() {
    List<String> additions = new ArrayList<>(spread("refused-", 30));
    for (int i = 0; i < CROWD; i++) {
      additions.add("crowd." + DemoZone.NAME + " " + TTL + " A 10.99." + i / 100 + "." + i % 100);
    }
    ZoneSnapshot before = ZoneSnapshot.of(axfr());

    Exec.Result update = send(additions);

    assertNotEquals(0, update.exitCode(), update.describe());
    assertTrue(update.output().contains("REFUSED"), "expected REFUSED in:\n"
        + update.describe() + "\n" + ddns.diagnostics());
    assertTrue(ddns.output().contains("crowd." + DemoZone.NAME + "/A would hold " + CROWD
        + " records"), "refused for the RRset limit:\n" + ddns.diagnostics());
    ZoneSnapshot after = ZoneSnapshot.of(axfr());
    assertEquals(before.soaSerial(), after.soaSerial(), "a refused update moved the serial");
    assertEquals(before, after, "a refused update changed the zone: "
        + before.describeDifference("before", after, "after"));
  }

  @Test
  @Order(2)
  void twoThousandAndOneAdditionsAreOneUpdate() {
    List<String> additions = spread("big-", 20);
    List<Record> zoneBefore = axfr();
    long before = serial(zoneBefore);

    long sent = System.nanoTime();
    Exec.Result update = send(additions);

    if (update.exitCode() != 0) {
      fail(update.describe() + "\n" + whenServed(before + 1, sent) + "\n" + ddns.diagnostics());
    }
    List<Record> zoneAfter = axfr();
    long after = serial(zoneAfter);
    assertEquals(before + 1, after, "one update, one step of the serial");
    Map<String, Long> counts = withoutSoa(zoneAfter).stream()
        .collect(Collectors.groupingBy(ZoneSnapshot::normalise, TreeMap::new,
            Collectors.counting()));
    SortedSet<String> expected = new TreeSet<>(additions);
    withoutSoa(zoneBefore).forEach(r -> expected.add(ZoneSnapshot.normalise(r)));
    assertEquals(expected, counts.keySet(), "the zone is what it was plus the 2,001 records");
    assertEquals(List.of(), counts.entrySet().stream().filter(e -> e.getValue() != 1)
        .map(Map.Entry::getKey).toList(), "records that AXFR holds more than once");

    Exec.Result ixfr = Dig.run(ddns.dnsPort(), "-y", key().yArgument(), "+noall", "+answer",
        DemoZone.NAME, "IXFR=" + before).assertSuccess();
    List<Record> records = parse(ixfr.output());
    String shown = "one difference sequence (RFC 1995 §4), " + records.size() + " records:\n"
        + head(ixfr.output());
    assertEquals(NAMES + 4, records.size(), shown);
    List<Long> soaSerials = records.stream().filter(r -> r instanceof SOARecord)
        .map(r -> ((SOARecord) r).getSerial()).toList();
    assertEquals(List.of(after, before, after, after), soaSerials, shown);
    assertEquals(List.of(after, before, after), records.subList(0, 3).stream()
        .map(LargeUpdateIT::soaSerial).toList(), "new SOA, old SOA, no deletions, new SOA");
    assertEquals(after, soaSerial(records.get(records.size() - 1)), shown);
    List<String> added = records.subList(3, records.size() - 1).stream()
        .map(ZoneSnapshot::normalise).toList();
    assertEquals(NAMES, new TreeSet<>(added).size(), "each addition once");
    assertEquals(new TreeSet<>(additions), new TreeSet<>(added), "the additions are the update's");
  }

  /** {@code NAMES} A records in 10.OCTET/16, one to a name: PREFIX0000..PREFIX2000, normalised. */
  private static List<String> spread(String prefix, int octet) {
    List<String> records = new ArrayList<>();
    for (int i = 0; i < NAMES; i++) {
      records.add(String.format("%s%04d.%s %d A 10.%d.%d.%d", prefix, i, DemoZone.NAME, TTL,
          octet, i / 100, i % 100));
    }
    return records;
  }

  /** One nsupdate over TCP ({@code -v}), signed with the local key; its time on stdout. */
  private static Exec.Result send(List<String> records) {
    int bytes = wireSize(records);
    assertTrue(bytes > 48 * 1024, "the update is not large: " + bytes + " bytes");
    long start = System.nanoTime();
    Exec.Result result = Nsupdate.run(Nsupdate.Auth.y(key()), DnsWire.Transport.TCP,
        Nsupdate.script(ddns.dnsPort(), records.stream().map(r -> "update add " + r)
            .toArray(String[]::new)));
    System.out.printf("LargeUpdateIT: %,d additions (%,d bytes unsigned) answered in %d ms,"
        + " nsupdate exited %d%n", records.size(), bytes,
        (System.nanoTime() - start) / 1_000_000, result.exitCode());
    return result;
  }

  /**
   * For a failed update: whether, and how long after it was sent, the zone reached {@code serial}
   * all the same (the relay answers SERVFAIL when the endpoint takes longer than its request
   * timeout, RelayConfig.DEFAULT_REQUEST_TIMEOUT, while the endpoint goes on with the update).
   */
  private static String whenServed(long serial, long sent) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Exec.Result soa = Dig.run(ddns.dnsPort(), "+short", DemoZone.NAME, "SOA");
      String[] fields = soa.output().trim().split("\\s+");
      if (soa.exitCode() == 0 && fields.length == 7 && fields[2].equals(String.valueOf(serial))) {
        return "yet the zone was at serial " + serial + " " + (System.nanoTime() - sent)
            / 1_000_000 + " ms after nsupdate started";
      }
      sleep(Duration.ofMillis(200));
    }
    return "the zone did not reach serial " + serial + " within 60 s";
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The UPDATE message's size as dnsjava writes it, with name compression as nsupdate does. */
  private static int wireSize(List<String> records) {
    try {
      Update update = new Update(Name.fromString(DemoZone.NAME));
      records.stream().map(LargeUpdateIT::record).forEach(update::add);
      return update.toWire().length;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Record record(String text) {
    List<Record> records = parse(text);
    assertEquals(1, records.size(), text);
    return records.get(0);
  }

  /** The zone by a signed AXFR with dig. */
  private static List<Record> axfr() {
    return parse(Dig.run(ddns.dnsPort(), "-y", key().yArgument(), "+noall", "+answer",
        DemoZone.NAME, "AXFR").assertSuccess().output());
  }

  private static TestKey key() {
    return ddns.localKey();
  }

  private static List<Record> withoutSoa(List<Record> records) {
    return records.stream().filter(r -> !(r instanceof SOARecord)).toList();
  }

  private static long serial(List<Record> zone) {
    return soaSerial(zone.get(0));
  }

  private static long soaSerial(Record record) {
    assertTrue(record instanceof SOARecord, "not an SOA: " + record);
    return ((SOARecord) record).getSerial();
  }

  /** The records of dig's output (or of one record's text). */
  private static List<Record> parse(String text) {
    List<Record> records = new ArrayList<>();
    try (Master master = new Master(new ByteArrayInputStream(
        text.getBytes(StandardCharsets.UTF_8)), Name.fromString(DemoZone.NAME))) {
      for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
        records.add(r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse:\n" + head(text), e);
    }
    return records;
  }

  /** The first lines of a long output, for a failure message. */
  private static String head(String text) {
    return text.lines().limit(20).collect(Collectors.joining("\n"))
        + (text.lines().count() > 20 ? "\n..." : "");
  }
}
