package dev.ddns.bench;

import dev.ddns.adapter.dynamodb.DynamoClients;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.adapter.dynamodb.ZoneTable;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.model.ReplayRecord;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.RequestContext;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.local.DynamoDbLocalServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * What a signed UPDATE that applies nothing costs on DynamoDB by AWS's billing rules, now that its
 * answer is recorded (docs/tsig.md, "Replays"): a failed prerequisite, a delete of what is not
 * there, a copy of a request answered before, and a copy whose record lost the race, next to an
 * applied update. DynamoDB Local in this JVM, a zone of 100 records, a {@link CapacityMeter};
 * each kind {@code --updates} times, each a fresh signature unless it is a copy. Prints a
 * markdown table and the cost model of a million failed updates.
 *
 * <pre>
 * bench/failed-updates [--updates 500] [--markdown FILE]
 * </pre>
 */
public final class FailedUpdateBenchmark {
  static final long ZONE_RECORDS = 100;

  record Kind(String label, String rcode, double[] wru, double[] rru, long[] nanos,
      Map<String, Long> calls) {
    double mean(double[] v) {
      return Arrays.stream(v).average().orElse(0);
    }

    double p50Millis() {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      return sorted[sorted.length / 2] / 1e6;
    }
  }

  private FailedUpdateBenchmark() {}

  public static void main(String[] args) {
    BenchMain.exit(FailedUpdateBenchmark::run, args);
  }

  static int run(String[] args) throws Exception {
    int updates = 500;
    Path markdown = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--updates" -> updates = Integer.parseInt(args[++i]);
        case "--markdown" -> markdown = Path.of(args[++i]);
        default -> {
          System.err.println("usage: FailedUpdateBenchmark [--updates N] [--markdown FILE]");
          return 2;
        }
      }
    }
    PrintStream out = System.out;
    Clock clock = Clock.systemUTC();
    TsigKey key = TsigKey.of("bench-key.", "hmac-sha256", ZoneSizeBenchmark.SECRET);
    List<Kind> kinds = new ArrayList<>();
    long replayItemBytes;
    try (DynamoDbLocalServer ddb = DynamoDbLocalServer.start(0, Optional.empty())) {
      CapacityMeter meter = new CapacityMeter(
          DynamoClients.create(Optional.of(ddb.endpoint()), Optional.of("us-east-1")));
      ZoneTable.ensureExists(meter, ZoneSizeBenchmark.TABLE);
      DynamoZoneStore store = new DynamoZoneStore(meter, ZoneSizeBenchmark.TABLE, clock);
      DnsService service = new DnsService(store, new StaticKeyStore(List.of(key)), clock);
      Name zone = ZoneSizeBenchmark.zoneName(ZONE_RECORDS);
      meter.preImages(false);
      ZoneSizeBenchmark.load(store, zone, ZONE_RECORDS, out);
      meter.preImages(true);
      Name inUse = ZoneSizeBenchmark.generated(zone, 0);
      kinds.add(measure("applied: add a new name (for comparison)", updates, meter,
          i -> signed(add(zone, Name.fromConstantString("a" + i + "." + zone), false), key, clock),
          service));
      kinds.add(measure("failed prerequisite: \"name not in use\" at a name in use (YXDOMAIN)",
          updates, meter, i -> signed(add(zone, inUse, true), key, clock), service));
      kinds.add(measure("no-op: delete an A record the name does not have (NOERROR)", updates,
          meter, i -> signed(deleteAbsent(zone, inUse), key, clock), service));
      byte[] answered = signed(add(zone, inUse, true), key, clock);
      service.handle(answered, RequestContext.udp("first"));
      kinds.add(measure("a copy of a request answered before (any rcode)", updates, meter,
          i -> answered, service));
      ReplayRecord lost = new ReplayRecord(key.name(), new Message(answered).getTSIG()
          .getSignature(), Rcode.NOERROR, clock.instant().plusSeconds(300));
      kinds.add(measureStore("a copy whose record lost the race (its PutItem's condition fails)",
          updates, meter, () -> store.recordAnswer(lost, clock.instant())));
      replayItemBytes = meter.largestReplayItem();
      meter.close();
    }
    BenchMain.publish(report(kinds, updates, replayItemBytes), out, markdown);
    return 0;
  }

  static Message add(Name zone, Name name, boolean notInUse) {
    Message m = Message.newUpdate(zone);
    if (notInUse) {
      m.addRecord(Record.newRecord(name, Type.ANY, DClass.NONE, 0), Section.PREREQ);
    }
    m.addRecord(new ARecord(name, DClass.IN, 300, ZoneSizeBenchmark.address(
        new byte[] {(byte) 198, 51, 100, 7})), Section.UPDATE);
    return m;
  }

  static Message deleteAbsent(Name zone, Name name) {
    Message m = Message.newUpdate(zone);
    m.addRecord(new ARecord(name, DClass.NONE, 0, ZoneSizeBenchmark.address(
        new byte[] {(byte) 203, 0, 113, 1})), Section.UPDATE);
    return m;
  }

  static byte[] signed(Message m, TsigKey key, Clock clock) {
    m.setTSIG(key.signer(clock));
    return m.toWire(RequestContext.MAX_MESSAGE);
  }

  static Kind measure(String label, int updates, CapacityMeter meter, LongFunction<byte[]> wire,
      DnsService service) {
    Map<String, Integer> rcodes = new TreeMap<>();
    Kind kind = measure(label, updates, meter, i -> {
      byte[] answer = service.handle(wire.apply(i), RequestContext.udp("bench")).single();
      rcodes.merge(Rcode.string(answer[3] & 0x0F), 1, Integer::sum);
    });
    return new Kind(kind.label(), rcodes.toString(), kind.wru(), kind.rru(), kind.nanos(),
        kind.calls());
  }

  static Kind measureStore(String label, int updates, CapacityMeter meter, Runnable call) {
    return measure(label, updates, meter, i -> call.run());
  }

  interface Step {
    void run(long i);
  }

  static Kind measure(String label, int updates, CapacityMeter meter, Step step) {
    double[] wru = new double[updates];
    double[] rru = new double[updates];
    long[] nanos = new long[updates];
    CapacityMeter.Usage start = meter.snapshot();
    for (int i = 0; i < updates; i++) {
      CapacityMeter.Usage before = meter.snapshot();
      long t0 = System.nanoTime();
      step.run(i);
      long t1 = System.nanoTime();
      CapacityMeter.Usage used = meter.snapshot().minus(before);
      wru[i] = used.awsWrite();
      rru[i] = used.awsRead();
      nanos[i] = t1 - t0 - used.billingNanos();
    }
    return new Kind(label, "–", wru, rru, nanos, meter.snapshot().minus(start).calls());
  }

  static String report(List<Kind> kinds, int updates, long replayItemBytes) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Each kind %d times on a zone "
        + "of %d records; units by AWS's billing rules (`BillingRules`); the largest replay item "
        + "written was %d B.%n%n", updates, ZONE_RECORDS, replayItemBytes));
    s.append("| signed UPDATE | rcodes | calls per update | WRU | RRU | p50 handler (ms) |\n");
    s.append("|---|---|---|---:|---:|---:|\n");
    for (Kind k : kinds) {
      List<String> calls = new ArrayList<>();
      k.calls().forEach((op, n) -> calls.add(String.format(Locale.ROOT, "%s %.2f", op,
          n / (double) updates)));
      s.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.2f | %.2f |%n", k.label(),
          k.rcode(), String.join(", ", calls), k.mean(k.wru()), k.mean(k.rru()),
          k.p50Millis()));
    }
    Kind failed = kinds.get(1);
    List<CostModel.Line> cost = CostModel.perMillionUnappliedUpdates(failed.mean(failed.wru()),
        failed.mean(failed.rru()), failed.p50Millis(), ZoneSizeBenchmark.MEMORY_MB,
        ZoneSizeBenchmark.REQUEST_LINE_BYTES);
    s.append(String.format(Locale.ROOT, "%nCost of a million failed updates (`CostModel`: "
        + "on-demand us-east-1, free tiers left out; the handler time is this run's p50 on "
        + "DynamoDB Local, %.1f ms):%n%n", failed.p50Millis()));
    s.append(CostModel.markdown(cost));
    return s.toString();
  }
}
