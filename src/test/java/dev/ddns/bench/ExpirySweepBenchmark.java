package dev.ddns.bench;

import dev.ddns.adapter.dynamodb.ItemSize;
import dev.ddns.adapter.dynamodb.DynamoDbLocal;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.adapter.dynamodb.TableItems;
import dev.ddns.adapter.dynamodb.ZoneTable;
import dev.ddns.core.model.ChangeSet;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneCommit;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.service.ExpirySweep;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Read request units of one expiry sweep against the size of the table, by AWS's billing rules.
 *
 * <p>For each size it fills a table of the embedded DynamoDB Local (the table definition without
 * its stream; the store's own item layout,
 * {@link TableItems}, written with parallel BatchWriteItem: the import path would build every node
 * in memory first): one zone of that many names, most of them one A, AAAA or TXT record each
 * without an expiry stamp, {@code --stamped} {@code _acme-challenge} TXT names stamped as an
 * update under the zone's {@code expire 1h} rule would stamp them ({@code --due} of them two hours
 * ago, the rest ten minutes ago), and {@code --journal} journal entries (a month of updates: SOA
 * out, SOA and one A in). Then it runs {@link ExpirySweep#sweepAll()} on a {@link DynamoZoneStore}
 * whose client bills every read by the sizes of the items it returned ({@link BilledReads}; the
 * units DynamoDB Local reports are not used), twice: the first run removes the due names, the
 * second finds nothing due (every other minute of a month). For comparison it computes what the
 * Scan-based sweep this replaced read: a consistent Scan of every item, plus the consistent Query
 * of up to 10,000 nodes below the rule's name (the apex here).
 *
 * <pre>
 * bench/expiry [--sizes 10000,1000000] [--stamped 300] [--due 50] [--journal 100000]
 *              [--markdown FILE]
 * </pre>
 */
public final class ExpirySweepBenchmark {
  static final int BATCH = 25;
  static final int WRITERS = 4;
  static final long SCAN_PAGE = 1 << 20;
  /** The old sweep's cap of names below one rule's name. */
  static final int OLD_NAMES_PER_RULE = 10_000;
  /** us-east-1 on-demand, USD per million read request units (aws.amazon.com/dynamodb/pricing/on-demand/). */
  static final double USD_PER_MILLION_RRU = 0.125;
  /** Runs a month at the template's default schedule, rate(1 minute), 30 days. */
  static final long RUNS_PER_MONTH = 30L * 24 * 60;
  static final List<String> POLICY = List.of(
      "grant acme. zonesub TXT",
      "expire 1h zonesub TXT");

  record Table(long names, long stamped, long due, long journal, long items, long bytes,
      long scanUnits, long oldBelowUnits, double loadSeconds) {}

  record Run(double units, Map<String, Double> byOperation, Map<String, Long> calls,
      ExpirySweep.Report report, double millis) {}

  public static void main(String[] args) {
    BenchMain.exit(ExpirySweepBenchmark::run, args);
  }

  static int run(String[] args) throws Exception {
    List<Long> sizes = List.of(10_000L, 1_000_000L);
    int stamped = 300;
    int due = 50;
    long journal = 100_000;
    Path markdown = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).map(String::trim)
            .map(s -> s.replace("_", "")).map(Long::parseLong).toList();
        case "--stamped" -> stamped = Integer.parseInt(args[++i]);
        case "--due" -> due = Integer.parseInt(args[++i]);
        case "--journal" -> journal = Long.parseLong(args[++i].replace("_", ""));
        case "--markdown" -> markdown = Path.of(args[++i]);
        default -> {
          System.err.println("usage: ExpirySweepBenchmark [--sizes 10000,1000000] [--stamped N] "
              + "[--due N] [--journal N] [--markdown FILE]");
          return 2;
        }
      }
    }
    PrintStream out = System.out;
    DynamoDbClient local = DynamoDbLocal.client();
    Instant now = Instant.now();
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    List<Table> tables = new ArrayList<>();
    List<Run[]> runs = new ArrayList<>();
    for (long size : sizes) {
      String tableName = "expiry-bench-" + size;
      // The table definition without its stream: the sweep reads no stream, and DynamoDB Local
      // writes half as fast keeping one.
      local.createTable(ZoneTable.definition(tableName).toBuilder()
          .streamSpecification((StreamSpecification) null).build());
      Name zone = Name.fromConstantString("z" + size + ".bench.test.");
      Table table = fill(local, tableName, zone, size, stamped, due, journal, now, out);
      tables.add(table);
      BilledReads billed = new BilledReads(new CapacityMeter(local));
      ExpirySweep sweep = new ExpirySweep(new DynamoZoneStore(billed, tableName, clock), clock);
      Run first = sweepOnce(sweep, billed);
      Run second = sweepOnce(sweep, billed);
      if (first.report().removed() != due || second.report().removed() != 0) {
        throw new IllegalStateException("sweeps removed " + first.report() + " then "
            + second.report() + "; expected " + due + " then 0");
      }
      out.printf("%,d names: due sweep %.1f RRU %s %s; idle sweep %.1f RRU %s%n", size,
          first.units(), first.byOperation(), first.report(), second.units(),
          second.byOperation());
      runs.add(new Run[] {first, second});
    }
    BenchMain.publish(report(tables, runs), out, markdown);
    return 0;
  }

  static Run sweepOnce(ExpirySweep sweep, BilledReads billed) {
    billed.reset();
    long t0 = System.nanoTime();
    ExpirySweep.Report report = sweep.sweepAll();
    double millis = (System.nanoTime() - t0) / 1e6;
    return new Run(billed.total(), billed.units(), billed.calls(), report, millis);
  }

  /** Writes the zone's nodes and journal, then its head (the zone appears once complete). */
  static Table fill(DynamoDbClient client, String table, Name zone, long names, int stamped,
      int due, long journal, Instant now, PrintStream out) throws Exception {
    long t0 = System.nanoTime();
    Name ns1 = name("ns1", zone);
    long serial = journal + 1;
    ZoneSettings settings = ZoneSettings.of(SerialPolicy.INCREMENT).withUpdatePolicy(POLICY);
    Node apex = Node.of(zone, List.of(soa(zone, serial), new NSRecord(zone, DClass.IN, 3600, ns1)));
    Node nsHost = Node.of(ns1, List.of(new ARecord(ns1, DClass.IN, 3600,
        InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1}))));
    long plain = Math.max(0, names - 2 - stamped);
    ItemCounter counter = new ItemCounter();
    List<Map<String, AttributeValue>> fixed = List.of(TableItems.node(zone, apex, journal),
        TableItems.node(zone, nsHost, journal));
    write(client, table, zone, fixed.size(), i -> fixed.get((int) i), counter);
    write(client, table, zone, plain, i -> TableItems.node(zone, plainNode(zone, i), journal),
        counter);
    Instant dueStamp = now.minus(Duration.ofHours(2));
    Instant freshStamp = now.minus(Duration.ofMinutes(10));
    write(client, table, zone, stamped, i -> TableItems.node(zone,
        challenge(zone, i, i < due ? dueStamp : freshStamp), journal), counter);
    Instant monthAgo = now.minus(ZoneSettings.DEFAULT_RETENTION).plusSeconds(3600);
    long spacing = Math.max(1, Duration.between(monthAgo, now).toMillis() / Math.max(1, journal));
    write(client, table, zone, journal, v -> TableItems.journal(journalEntry(zone, settings, v + 1,
        monthAgo.plusMillis(v * spacing))), counter);
    ZoneHead head = new ZoneHead(zone, journal, serial, settings).withRecords(names);
    Map<String, AttributeValue> headItem = TableItems.head(head);
    write(client, table, zone, 1, i -> headItem, counter);
    double seconds = (System.nanoTime() - t0) / 1e9;
    out.printf("%s: %,d items (%,d bytes) in %.0f s%n", table, counter.items.get(),
        counter.bytes.get(), seconds);
    long nodeItems = 2 + plain + stamped;
    long below = Math.min(nodeItems - 1, OLD_NAMES_PER_RULE + 1);
    long belowBytes = Math.round(below * (double) counter.nodeBytes.get() / nodeItems);
    return new Table(names, stamped, due, journal, counter.items.get(), counter.bytes.get(),
        counter.scanUnits(), pagedUnits(belowBytes), seconds);
  }

  /** Consistent read units of {@code bytes} read in 1 MB pages: each page rounds up to 4 KB. */
  static long pagedUnits(long bytes) {
    long units = 0;
    for (long left = bytes; left > 0; left -= SCAN_PAGE) {
      units += (long) BilledReads.blocks(Math.min(left, SCAN_PAGE));
    }
    return units;
  }

  /** Sizes of what was written, and the units a consistent Scan of it costs (1 MB pages). */
  static final class ItemCounter {
    final AtomicLong items = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong nodeBytes = new AtomicLong();
    private long pageBytes;
    private long scanUnits;

    synchronized void add(Map<String, AttributeValue> item) {
      long size = ItemSize.of(item);
      items.incrementAndGet();
      bytes.addAndGet(size);
      if (item.get("sk").s().startsWith("N#")) {
        nodeBytes.addAndGet(size);
      }
      if (pageBytes + size > SCAN_PAGE) {
        scanUnits += (long) BilledReads.blocks(pageBytes);
        pageBytes = 0;
      }
      pageBytes += size;
    }

    synchronized long scanUnits() {
      return scanUnits + (pageBytes > 0 ? (long) BilledReads.blocks(pageBytes) : 0);
    }
  }

  static void write(DynamoDbClient client, String table, Name zone, long count,
      LongFunction<Map<String, AttributeValue>> item, ItemCounter counter) throws Exception {
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<?>> pending = new ArrayList<>();
      for (long from = 0; from < count; from += BATCH) {
        long start = from;
        long end = Math.min(count, from + BATCH);
        pending.add(writers.submit(() -> {
          List<WriteRequest> requests = new ArrayList<>();
          for (long i = start; i < end; i++) {
            Map<String, AttributeValue> it = item.apply(i);
            counter.add(it);
            requests.add(WriteRequest.builder().putRequest(p -> p.item(it)).build());
          }
          batchWrite(client, table, requests);
        }));
        if (pending.size() >= 4 * WRITERS) {
          for (Future<?> f : pending) {
            f.get();
          }
          pending.clear();
        }
      }
      for (Future<?> f : pending) {
        f.get();
      }
    } finally {
      writers.shutdownNow();
    }
  }

  static void batchWrite(DynamoDbClient client, String table, List<WriteRequest> requests) {
    Map<String, List<WriteRequest>> pending = Map.of(table, requests);
    while (!pending.isEmpty()) {
      Map<String, List<WriteRequest>> request = pending;
      var response = client.batchWriteItem(b -> b.requestItems(request));
      pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
    }
  }

  static Node plainNode(Name zone, long i) {
    Name owner = name("h" + i, zone);
    try {
      Record r = switch ((int) (i % 3)) {
        case 0 -> new ARecord(owner, DClass.IN, 300, InetAddress.getByAddress(new byte[] {
            10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}));
        case 1 -> new AAAARecord(owner, DClass.IN, 300, InetAddress.getByAddress(new byte[] {
            0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) (i >> 16),
            (byte) (i >> 8), (byte) i}));
        default -> new TXTRecord(owner, DClass.IN, 300, "host " + i);
      };
      return Node.of(owner, List.of(r));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A challenge TXT RRset as an update under the zone's expire rule leaves it: stamped. */
  static Node challenge(Name zone, long i, Instant stamp) {
    Name owner = name("_acme-challenge.c" + i, zone);
    return Node.of(owner, List.of(new TXTRecord(owner, DClass.IN, 60,
        "kR3ByT0sWxYyH-4nP2mQeLdA9fJcVbN1oUiZgTq7s8E"))).withLastAdded(Type.TXT, stamp);
  }

  /** The journal entry of update {@code version}: SOA out, SOA and one A record in. */
  static ZoneCommit journalEntry(Name zone, ZoneSettings settings, long version, Instant time) {
    Name owner = name("h" + (version % 1000), zone);
    try {
      Record a = new ARecord(owner, DClass.IN, 300, InetAddress.getByAddress(new byte[] {
          10, 9, (byte) (version >> 8), (byte) version}));
      ChangeSet changes = new ChangeSet(version, version + 1, List.of(soa(zone, version)),
          List.of(soa(zone, version + 1), a));
      return new ZoneCommit(new ZoneHead(zone, version, version + 1, settings), version - 1,
          List.of(), changes, "host-key.", "192.0.2.200", time);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  static SOARecord soa(Name zone, long serial) {
    return new SOARecord(zone, DClass.IN, 3600, name("ns1", zone), name("hostmaster", zone),
        serial, 3600, 900, 604800, 300);
  }

  static Name name(String label, Name zone) {
    try {
      return Name.concatenate(Name.fromConstantString(label), zone);
    } catch (org.xbill.DNS.NameTooLongException e) {
      throw new IllegalStateException(e);
    }
  }

  static String report(List<Table> tables, List<Run[]> runs) {
    StringBuilder md = new StringBuilder();
    md.append("| names in the zone | stamped / due | journal items | items in table | "
        + "sweep removing the due names, RRU | idle sweep, RRU | idle sweep a month, RRU / USD | "
        + "Scan-based sweep before, RRU (computed) |\n");
    md.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int i = 0; i < tables.size(); i++) {
      Table t = tables.get(i);
      Run due = runs.get(i)[0];
      Run idle = runs.get(i)[1];
      double month = idle.units() * RUNS_PER_MONTH;
      md.append(String.format(Locale.ROOT,
          "| %,d | %d / %d | %,d | %,d | %.1f | %.1f | %,.0f / $%.4f | %,d |\n",
          t.names(), t.stamped(), t.due(), t.journal(), t.items(), due.units(), idle.units(),
          month, month * USD_PER_MILLION_RRU / 1e6, t.scanUnits() + t.oldBelowUnits()));
    }
    md.append("\nReads of each sweep, by operation (RRU; calls):\n\n");
    md.append("| names | run | zones / candidates / removed | reads | time |\n|---:|---|---|---|---:|\n");
    for (int i = 0; i < tables.size(); i++) {
      String[] labels = {"removing the due names", "idle"};
      for (int r = 0; r < 2; r++) {
        Run run = runs.get(i)[r];
        StringBuilder ops = new StringBuilder();
        run.byOperation().forEach((op, u) -> ops.append(ops.length() == 0 ? "" : "; ")
            .append(String.format(Locale.ROOT, "%s %.1f (%d)", op, u, run.calls().get(op))));
        md.append(String.format(Locale.ROOT, "| %,d | %s | %d / %d / %d | %s | %.0f ms |\n",
            tables.get(i).names(), labels[r], run.report().zones(), run.report().candidates(),
            run.report().removed(), ops, run.millis()));
      }
    }
    md.append("\nThe Scan-based sweep's figure is what it read per run: a consistent Scan of every "
        + "item (heads, nodes, journal; 1 MB pages, each rounded up to 4 KB) plus the consistent "
        + "Query of up to 10,001 nodes below the rule's name; computed from the sizes of the items "
        + "written. USD at $" + USD_PER_MILLION_RRU + " per million read request units "
        + "(us-east-1 on-demand) and " + String.format(Locale.ROOT, "%,d", RUNS_PER_MONTH)
        + " runs a month (rate(1 minute), 30 days).\n");
    for (int i = 0; i < tables.size(); i++) {
      Table t = tables.get(i);
      md.append(String.format(Locale.ROOT, "Table of %,d names: loaded in %.0f s (%,d bytes).%n",
          t.names(), t.loadSeconds(), t.bytes()));
    }
    return md.toString();
  }

  private ExpirySweepBenchmark() {}
}
