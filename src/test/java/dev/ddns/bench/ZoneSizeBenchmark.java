package dev.ddns.bench;

import dev.ddns.adapter.dynamodb.DynamoClients;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.adapter.dynamodb.ZoneTable;
import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.RequestContext;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.lambda.RequestLines;
import dev.ddns.local.DynamoDbLocalServer;
import java.io.OutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Update latency against zone size on DynamoDB Local, and capacity units per update.
 *
 * <p>Starts DynamoDB Local in this JVM, served over HTTP on 127.0.0.1 (the path {@code ddns local}
 * uses: {@link DynamoDbLocalServer}, in memory), a {@link DynamoZoneStore} on the lean
 * URL-connection client with static credentials and region us-east-1, wrapped in a
 * {@link CapacityMeter}. For each size it creates a zone of that many records (SOA, NS, the NS
 * host's A, then A/AAAA/TXT records each on its own owner name) through {@code ZoneStore.create},
 * then sends signed single-name UPDATEs through {@link DnsService#handle}, one at a time, timing
 * each: a warm-up, then the measured ones. The update stream cycles a pool of names; each step
 * adds one A record at a name or deletes it again; half the names are new (the node appears and
 * disappears), half are existing generated names (the node grows and shrinks); adds and deletes
 * of new names carry a prerequisite (name not in use / RRset exists), adds at existing names
 * "name in use". Nothing is asserted: it reports p50/p90/p99/mean per size, the p50 ratio of the
 * largest to the smallest zone against the target 1.2, and read/write capacity units per update
 * as DynamoDB Local reports them (ReturnConsumedCapacity TOTAL).
 *
 * <p>After the largest zone, the smallest is measured again ("control"): if latency grew, this
 * tells whether the zone's size or the table's size is the cause.
 *
 * <pre>
 * bench/zone-size [--quick] [--sizes 100,10000,1000000] [--updates 2000] [--warmup 200]
 *                 [--port 0] [--markdown FILE]
 * </pre>
 */
public final class ZoneSizeBenchmark {
  static final String TABLE = "ddns-bench";
  static final String SECRET = "kJznjEUsWSB7kAkQuykoHGLrLPbj7NwUk9qSR+qGe7A=";
  static final int POOL = 64;
  static final double TARGET_RATIO = 1.2;
  static final double TARGET_WCU = 8;
  /** UpdateFunction's MemorySize in template.yaml (Globals). */
  static final int MEMORY_MB = 1024;
  /**
   * Bytes of UpdateFunction's log line for a signed single-name UPDATE
   * ({@code ObservedHandler}'s EMF line, measured by {@link #requestLineBytes}).
   */
  static final long REQUEST_LINE_BYTES = requestLineBytes();

  /**
   * One zone's measurement: {@code wcu} and {@code rcu} per update by AWS's billing rules,
   * {@code reportedWcu} and {@code reportedRcu} as DynamoDB Local reported them.
   */
  record Result(String label, long size, double loadSeconds, long[] nanos, double[] wcu,
      double[] rcu, double[] reportedWcu, double[] reportedRcu, Map<String, Long> calls,
      Map<String, Integer> rcodes, long missingReports, String perCall,
      double itemsPerTransaction, long putItemBytesMax, double journalBytesPerUpdate) {
    double pct(double p) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      int rank = (int) Math.ceil(p / 100.0 * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    double mean() {
      return Arrays.stream(nanos).average().orElse(0) / 1e6;
    }

    double max() {
      return Arrays.stream(nanos).max().orElse(0) / 1e6;
    }

    static double mean(double[] v) {
      return Arrays.stream(v).average().orElse(0);
    }

    static double max(double[] v) {
      return Arrays.stream(v).max().orElse(0);
    }
  }

  public static void main(String[] args) {
    BenchMain.exit(ZoneSizeBenchmark::run, args);
  }

  static int run(String[] args) throws Exception {
    List<Long> sizes = null;
    int updates = 2000;
    int warmup = 200;
    int port = 0;
    boolean quick = false;
    boolean control = true;
    Path markdown = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).map(String::trim)
            .map(s -> s.replace("_", "")).map(Long::parseLong).toList();
        case "--updates" -> updates = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--no-control" -> control = false;
        case "--markdown" -> markdown = Path.of(args[++i]);
        default -> {
          System.err.println("usage: ZoneSizeBenchmark [--quick] [--sizes 100,10000,1000000] "
              + "[--updates N] [--warmup N] [--port P] [--no-control] [--markdown FILE]");
          return 2;
        }
      }
    }
    if (sizes == null) {
      sizes = quick ? List.of(100L, 10_000L) : List.of(100L, 10_000L, 1_000_000L);
    }
    PrintStream out = System.out;
    Clock clock = Clock.systemUTC();
    TsigKey key = TsigKey.of("bench-key.", "hmac-sha256", SECRET);
    List<Result> results = new ArrayList<>();
    try (DynamoDbLocalServer ddb = DynamoDbLocalServer.start(port, Optional.empty())) {
      out.printf("DynamoDB Local on %s (in memory)%n", ddb.endpoint());
      CapacityMeter meter = new CapacityMeter(
          DynamoClients.create(Optional.of(ddb.endpoint()), Optional.of("us-east-1")));
      ZoneTable.ensureExists(meter, TABLE);
      DynamoZoneStore store = new DynamoZoneStore(meter, TABLE, clock);
      DnsService service = new DnsService(store, new StaticKeyStore(List.of(key)), clock);
      for (long size : sizes) {
        Name zone = zoneName(size);
        meter.preImages(false); // a new zone's items have nothing before them
        double load = load(store, zone, size, out);
        meter.preImages(true);
        results.add(measure("" + size, size, load, service, meter, key, clock, zone, updates,
            warmup, out));
      }
      if (control && sizes.size() > 1) {
        long smallest = sizes.stream().min(Long::compare).orElseThrow();
        results.add(measure(smallest + " again (control, after all zones loaded)", smallest, 0,
            service, meter, key, clock, zoneName(smallest), updates, warmup, out));
      }
      meter.close();
    }
    BenchMain.publish(report(results, updates, warmup), out, markdown);
    return 0;
  }

  static Name zoneName(long size) {
    return Name.fromConstantString("z" + size + ".bench.test.");
  }

  /** Owner name of generated record {@code i} (0-based). */
  static Name generated(Name zone, long i) {
    try {
      return Name.concatenate(Name.fromConstantString("h" + i), zone);
    } catch (org.xbill.DNS.NameTooLongException e) {
      throw new IllegalStateException(e);
    }
  }

  static final int FIXED = 3; // SOA, NS, ns1 A

  /** The length of the log line the endpoint writes for one signed single-name UPDATE. */
  static long requestLineBytes() {
    Clock clock = Clock.systemUTC();
    TsigKey key = TsigKey.of("bench-key.", "hmac-sha256", SECRET);
    InMemoryZoneStore store = new InMemoryZoneStore();
    Name zone = zoneName(100);
    load(store, zone, 100, new PrintStream(OutputStream.nullOutputStream()));
    List<String> lines = new ArrayList<>();
    var observed = RequestLines.observed(
        new DnsService(store, new StaticKeyStore(List.of(key)), clock)::handle, lines::add);
    Message m = update(zone, 100, 0);
    m.setTSIG(key.signer(clock));
    observed.handle(m.toWire(RequestContext.MAX_MESSAGE), RequestContext.udp("192.0.2.1:53000"));
    return lines.get(0).getBytes(StandardCharsets.UTF_8).length;
  }

  static double load(ZoneStore store, Name zone, long size, PrintStream out) {
    Name ns1 = Name.fromConstantString("ns1." + zone);
    Name hostmaster = Name.fromConstantString("hostmaster." + zone);
    long generatedCount = Math.max(0, size - FIXED);
    List<Node> fixed = List.of(
        Node.of(zone, List.of(
            new SOARecord(zone, DClass.IN, 3600, ns1, hostmaster, 1, 3600, 900, 604800, 300),
            new NSRecord(zone, DClass.IN, 3600, ns1))),
        Node.of(ns1, List.of(new ARecord(ns1, DClass.IN, 3600, addr4(0)))));
    // Nodes are generated as the store iterates; it still holds its item maps at once.
    AbstractCollection<Node> nodes = new AbstractCollection<>() {
      @Override
      public Iterator<Node> iterator() {
        return new Iterator<>() {
          long next = -fixed.size();

          @Override
          public boolean hasNext() {
            return next < generatedCount;
          }

          @Override
          public Node next() {
            long i = next++;
            if (i < 0) {
              return fixed.get((int) (i + fixed.size()));
            }
            Name name = generated(zone, i);
            Record r = switch ((int) (i % 3)) {
              case 0 -> new ARecord(name, DClass.IN, 300, addr4(i));
              case 1 -> new AAAARecord(name, DClass.IN, 300, addr6(i));
              default -> new TXTRecord(name, DClass.IN, 300, "generated record " + i);
            };
            return Node.of(name, List.of(r));
          }
        };
      }

      @Override
      public int size() {
        return (int) (generatedCount + fixed.size());
      }
    };
    long total = generatedCount + fixed.size();
    long start = System.nanoTime();
    long[] lastPrint = {start};
    out.printf("zone %s: loading %,d records on %,d names ...%n", zone, size, total);
    store.create(new ZoneHead(zone, 0, 1, ZoneSettings.of(SerialPolicy.INCREMENT)
        .withMaxRecords(ZoneSettings.UNLIMITED)), nodes, written -> {
      long now = System.nanoTime();
      if (now - lastPrint[0] > 5_000_000_000L || written >= total) {
        lastPrint[0] = now;
        double s = (now - start) / 1e9;
        out.printf("  %,d / %,d names written, %.0f s, %,.0f names/s%n", written, total, s,
            written / Math.max(s, 1e-9));
      }
    });
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf("zone %s: loaded in %.1f s%n", zone, seconds);
    return seconds;
  }

  static InetAddress addr4(long i) {
    return address(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
  }

  static InetAddress addr6(long i) {
    byte[] b = new byte[16];
    b[0] = 0x20;
    b[1] = 0x01;
    b[2] = 0x0d;
    b[3] = (byte) 0xb8;
    for (int k = 0; k < 8; k++) {
      b[15 - k] = (byte) (i >> (8 * k));
    }
    return address(b);
  }

  static InetAddress address(byte[] b) {
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** The {@code step}-th update of the stream (unsigned). */
  static Message update(Name zone, long size, long step) {
    int slot = (int) ((step / 2) % POOL);
    boolean add = step % 2 == 0;
    boolean existing = slot % 2 == 1 && size > FIXED;
    long generatedCount = Math.max(1, size - FIXED);
    Name name = existing
        ? generated(zone, (slot * 7919L) % generatedCount)
        : Name.fromConstantString("u" + slot + "." + zone);
    ARecord rr = new ARecord(name, DClass.IN, 300, address(new byte[] {(byte) 198, 51, 100,
        (byte) slot}));
    Message m = Message.newUpdate(zone);
    if (add) {
      if (existing) {
        // RFC 2136 §2.4.4 name is in use: class ANY, type ANY
        m.addRecord(Record.newRecord(name, Type.ANY, DClass.ANY, 0), Section.PREREQ);
      } else {
        // RFC 2136 §2.4.5 name is not in use: class NONE, type ANY
        m.addRecord(Record.newRecord(name, Type.ANY, DClass.NONE, 0), Section.PREREQ);
      }
      m.addRecord(rr, Section.UPDATE);
    } else {
      if (!existing) {
        // RFC 2136 §2.4.1 RRset exists (value independent): class ANY, type A
        m.addRecord(Record.newRecord(name, Type.A, DClass.ANY, 0), Section.PREREQ);
      }
      // RFC 2136 §2.5.4 delete an RR from an RRset: class NONE, TTL 0
      m.addRecord(Record.newRecord(name, Type.A, DClass.NONE, 0, rr.rdataToWireCanonical()),
          Section.UPDATE);
    }
    return m;
  }

  static Result measure(String label, long size, double loadSeconds, DnsService service,
      CapacityMeter meter, TsigKey key, Clock clock, Name zone, int updates, int warmup,
      PrintStream out) throws IOException {
    RequestContext context = RequestContext.udp("c");
    long[] nanos = new long[updates];
    double[] wcu = new double[updates];
    double[] rcu = new double[updates];
    double[] reportedWcu = new double[updates];
    double[] reportedRcu = new double[updates];
    Map<String, Integer> rcodes = new TreeMap<>();
    CapacityMeter.Usage measuredStart = null;
    out.printf("zone %s: %d warm-up + %d measured updates ...%n", zone, warmup, updates);
    for (int k = 0; k < warmup + updates; k++) {
      Message m = update(zone, size, k);
      m.setTSIG(key.signer(clock));
      byte[] wire = m.toWire(RequestContext.MAX_MESSAGE);
      CapacityMeter.Usage before = meter.snapshot();
      if (k == warmup) {
        measuredStart = before;
      }
      long t0 = System.nanoTime();
      byte[] response = service.handle(wire, context).single();
      long t1 = System.nanoTime();
      CapacityMeter.Usage used = meter.snapshot().minus(before);
      int rcode = response[3] & 0x0F;
      if (k >= warmup) {
        int j = k - warmup;
        nanos[j] = t1 - t0 - used.billingNanos();
        wcu[j] = used.awsWrite();
        rcu[j] = used.awsRead();
        reportedWcu[j] = used.write();
        reportedRcu[j] = used.read();
        rcodes.merge(Rcode.string(rcode), 1, Integer::sum);
      } else if (rcode != Rcode.NOERROR && k < 4) {
        out.println("  warm-up update " + k + " answered " + Rcode.string(rcode) + ":\n" + m);
      }
    }
    CapacityMeter.Usage total = meter.snapshot().minus(measuredStart);
    Result r;
    List<String> perCall = new ArrayList<>();
    total.calls().forEach((op, n) -> perCall.add(String.format(Locale.ROOT, "%s %.2f ms", op,
        total.nanos().getOrDefault(op, 0L) / 1e6 / n)));
    r = new Result(label, size, loadSeconds, nanos, wcu, rcu, reportedWcu, reportedRcu,
        total.calls(), rcodes, total.reportsMissing(), String.join(", ", perCall),
        total.transactItems() / (double) updates, total.putItemBytesMax(),
        total.journalBytes() / (double) updates);
    out.println("  mean time per DynamoDB call: " + r.perCall() + "; items per TransactWriteItems "
        + "update: " + r.itemsPerTransaction() + ", largest Put item " + r.putItemBytesMax() + " B");
    out.printf(Locale.ROOT, "  p50 %.3f ms, p90 %.3f, p99 %.3f, mean %.3f, max %.3f; "
            + "WCU/update %.2f (max %.0f), RCU/update %.2f (max %.1f); rcodes %s; calls %s%n",
        r.pct(50), r.pct(90), r.pct(99), r.mean(), r.max(), Result.mean(wcu), Result.max(wcu),
        Result.mean(rcu), Result.max(rcu), rcodes, total.calls());
    return r;
  }

  static String report(List<Result> results, int updates, int warmup) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT,
        "Per zone: %d warm-up then %d measured signed single-name updates, one at a time.%n%n",
        warmup, updates));
    s.append("| zone records | load (s) | p50 (ms) | p90 (ms) | p99 (ms) | mean (ms) | max (ms) "
        + "| WRU/update by AWS's rules (mean / max) | RRU/update (mean / max) | rcodes |\n");
    s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Result r : results) {
      s.append(String.format(Locale.ROOT,
          "| %s | %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.2f / %.0f | %.2f / %.1f | %s |%n",
          r.label().matches("\\d+") ? String.format(Locale.ROOT, "%,d", r.size()) : r.label(),
          r.loadSeconds() > 0 ? String.format(Locale.ROOT, "%.1f", r.loadSeconds()) : "–",
          r.pct(50), r.pct(90), r.pct(99), r.mean(), r.max(), Result.mean(r.wcu()),
          Result.max(r.wcu()), Result.mean(r.rcu()), Result.max(r.rcu()), r.rcodes()));
    }
    List<Result> main = results.stream().filter(r -> r.label().matches("\\d+")).toList();
    if (main.size() > 1) {
      Result small = main.stream().min((a, b) -> Long.compare(a.size(), b.size())).orElseThrow();
      Result large = main.stream().max((a, b) -> Long.compare(a.size(), b.size())).orElseThrow();
      double ratio = large.pct(50) / small.pct(50);
      s.append(String.format(Locale.ROOT, "%np50(%,d) / p50(%,d) = **%.2f** (target ≤ %.1f: %s)%n",
          large.size(), small.size(), ratio, TARGET_RATIO, ratio <= TARGET_RATIO ? "met" : "NOT met"));
    }
    s.append("\nCalls per measured update (all sizes alike unless listed): ");
    Result first = results.get(0);
    List<String> perOp = new ArrayList<>();
    first.calls().forEach((op, n) -> perOp.add(String.format(Locale.ROOT, "%s %.2f", op,
        n / (double) updates)));
    s.append(String.join(", ", perOp)).append(".\n");
    for (Result r : results.subList(1, results.size())) {
      if (!r.calls().equals(first.calls())) {
        s.append("  ").append(r.label()).append(": ").append(r.calls()).append('\n');
      }
    }
    s.append("\nMean time per DynamoDB call (client side, loopback HTTP):\n\n");
    for (Result r : results) {
      s.append("- ").append(r.label()).append(": ").append(r.perCall()).append('\n');
    }
    double items = results.stream().mapToDouble(Result::itemsPerTransaction).max().orElse(0);
    long putMax = results.stream().mapToLong(Result::putItemBytesMax).max().orElse(0);
    // capacity and cost, over all measured updates
    double w = results.stream().mapToDouble(r -> Result.mean(r.wcu())).average().orElse(0);
    double rd = results.stream().mapToDouble(r -> Result.mean(r.rcu())).average().orElse(0);
    double wMax = results.stream().mapToDouble(r -> Result.max(r.wcu())).max().orElse(0);
    double reportedW = results.stream().mapToDouble(r -> Result.mean(r.reportedWcu()))
        .average().orElse(0);
    double reportedR = results.stream().mapToDouble(r -> Result.mean(r.reportedRcu()))
        .average().orElse(0);
    long missing = results.stream().mapToLong(Result::missingReports).sum();
    s.append(String.format(Locale.ROOT, "%nRequest units per single-name update by AWS's billing "
            + "rules (`BillingRules`, from the sizes of the items each call read and wrote): "
            + "**%.2f WRU** (max %.0f; target ≤ %.0f: %s) and **%.2f RRU**; each "
            + "TransactWriteItems carried %.2f items, the largest Put %d B. DynamoDB Local "
            + "reported %.2f WCU and %.2f RCU%s (it under-reports transactional writes; plan with "
            + "the AWS figures).%n", w, wMax, TARGET_WCU, wMax <= TARGET_WCU ? "met" : "NOT met",
        rd, items, putMax, reportedW, reportedR,
        missing > 0 ? "; " + missing + " responses carried no capacity" : ""));
    double p50 = results.get(0).pct(50);
    double journal = results.stream().mapToDouble(Result::journalBytesPerUpdate).average()
        .orElse(0);
    List<CostModel.Line> cost = CostModel.perMillionUpdates(new CostModel.Update(w, rd, p50,
        MEMORY_MB, REQUEST_LINE_BYTES, Math.round(journal),
        (int) ZoneSettings.DEFAULT_RETENTION.toDays()));
    s.append(String.format(Locale.ROOT, "%nCost of a million single-name updates "
        + "(`CostModel`: on-demand us-east-1 prices, free tiers left out; the handler time is "
        + "this run's p50 on DynamoDB Local, %.1f ms):%n%n", p50));
    s.append(CostModel.markdown(cost));
    return s.toString();
  }
}
