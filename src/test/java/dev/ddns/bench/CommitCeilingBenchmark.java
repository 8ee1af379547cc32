package dev.ddns.bench;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.adapter.dynamodb.ZoneTable;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.RequestContext;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.testing.DynamoDbModel;
import dev.ddns.testing.TestLogging;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.event.Level;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * How many signed updates a second one zone takes when many writers commit at once, under the
 * DynamoDB model (AWS latencies, transaction conflicts, throttling; {@link DynamoDbModel}) over
 * DynamoDB Local in this JVM, a fresh one for every run (one that has served earlier runs is
 * slower, which would bias the later runs). Each writer has its own {@link DnsService}, as
 * separate Lambda instances do, or all share one, and sends one update after another for {@code
 * --seconds}: either a new name each time, or a new address for one name all writers share. Per
 * run: updates/s, latency percentiles, transactions and conflicts per update, SERVFAILs, and an
 * audit that every acknowledged update is in the journal exactly once, nothing else is, and the
 * journal replayed gives the zone.
 *
 * <pre>
 * bench/commit [--seconds 10] [--warmup 0] [--writers 1,4,16,64] [--services each,shared]
 *     [--split-after SECONDS] [--markdown FILE]
 * </pre>
 */
public final class CommitCeilingBenchmark {
  private static final Name KEY_NAME = Name.fromConstantString("bench-key.");
  private static final long ZONE_RECORDS = 100;
  /**
   * How long a writer waits after a SERVFAIL before its next update, as DHCP servers and ACME
   * clients do; without it a failing writer would load the table as no real client does.
   */
  private static final Duration CLIENT_RETRY = Duration.ofSeconds(1);

  /**
   * One run: {@code writers} writers for {@code seconds}, on distinct names or on one, each with a
   * service of its own (as on-demand Lambda instances, one request at a time) or all sharing one
   * (as one Lambda Managed Instances environment, or {@code ddns local}, where the writer groups
   * the changes waiting for a zone: docs/architecture.md, "Group commit").
   */
  record Run(int writers, boolean oneName, boolean shared) {
    String label() {
      return oneName ? "one name" : "distinct names";
    }

    String services() {
      return shared ? "1 shared" : writers + " (one each)";
    }
  }

  record Result(Run run, int acknowledged, int servfail, double seconds, long[] latencyNanos,
      DynamoDbModel.Counts counts, Audit audit) {
    double perSecond() {
      return acknowledged / seconds;
    }

    double percentileMillis(double p) {
      if (latencyNanos.length == 0) {
        return Double.NaN;
      }
      return latencyNanos[(int) Math.min(latencyNanos.length - 1, p * latencyNanos.length)] / 1e6;
    }

    double per(long n) {
      return (double) n / Math.max(1, acknowledged + servfail);
    }
  }

  /** The journal checked against the answers. */
  record Audit(int lost, int unacknowledged, int duplicated, boolean replayMatches) {
    boolean clean() {
      return lost == 0 && unacknowledged == 0 && duplicated == 0 && replayMatches;
    }
  }

  private CommitCeilingBenchmark() {}

  public static void main(String[] args) {
    BenchMain.exit(CommitCeilingBenchmark::run, args);
  }

  static int run(String[] args) throws Exception {
    double seconds = 10;
    double warmup = 0;
    List<Integer> writerCounts = List.of(1, 4, 16, 64);
    Path markdown = null;
    String profile = "aws";
    List<Boolean> sharing = List.of(false, true);
    Optional<Duration> splitAfter = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--warmup" -> warmup = Double.parseDouble(args[++i]);
        case "--writers" -> writerCounts = Arrays.stream(args[++i].split(","))
            .map(Integer::valueOf).toList();
        case "--markdown" -> markdown = Path.of(args[++i]);
        case "--profile" -> profile = args[++i];
        case "--split-after" -> splitAfter = Optional.of(Duration.ofMillis(
            Math.round(Double.parseDouble(args[++i]) * 1000)));
        case "--services" -> sharing = Arrays.stream(args[++i].split(","))
            .map(CommitCeilingBenchmark::shared).toList();
        default -> {
          System.err.println("usage: CommitCeilingBenchmark [--seconds S] [--warmup S]"
              + " [--writers 1,4,16,64]"
              + " [--services each,shared] [--profile aws|local] [--split-after SECONDS]"
              + " [--markdown FILE]");
          return 2;
        }
      }
    }
    DynamoDbModel.Profile model = switch (profile) {
      case "aws" -> DynamoDbModel.Profile.aws();
      case "local" -> DynamoDbModel.Profile.conflictsOnly();
      default -> throw new IllegalArgumentException("--profile aws or local, not " + profile);
    };
    model = splitAfter.map(model::withSplitForHeat).orElse(model);
    System.setProperty("slf4j.provider", TestLogging.class.getName());
    TestLogging.stderrFrom(Level.ERROR);
    PrintStream out = System.out;
    List<Result> results = new ArrayList<>();
    for (boolean shared : sharing) {
      for (boolean oneName : List.of(false, true)) {
        for (int writers : writerCounts) {
          if (shared && writers == 1) {
            continue;
          }
          results.add(measure(model, new Run(writers, oneName, shared), warmup, seconds, out));
        }
      }
    }
    BenchMain.publish(report(results, warmup, seconds, profile, splitAfter), out, markdown);
    return results.stream().allMatch(r -> r.audit().clean()) ? 0 : 1;
  }

  private static boolean shared(String services) {
    return switch (services) {
      case "each" -> false;
      case "shared" -> true;
      default -> throw new IllegalArgumentException("--services each or shared, not " + services);
    };
  }

  /** One run on a fresh DynamoDB Local. */
  static Result measure(DynamoDbModel.Profile model, Run run, double warmup, double seconds,
      PrintStream out) throws Exception {
    AmazonDynamoDBLocal local = DynamoDBEmbedded.create(true);
    try {
      Result r = measure(local.dynamoDbClient(), model, run, warmup, seconds, out);
      out.println(line(r));
      return r;
    } finally {
      local.shutdown();
    }
  }

  /**
   * {@code run} for {@code seconds} after {@code warmup} seconds of the same load (in which the
   * model's partitions may split for heat); rates, latencies and the model's counts are of the
   * measured seconds, the audit of every update.
   */
  static Result measure(DynamoDbClient local, DynamoDbModel.Profile profile, Run run,
      double warmup, double seconds, PrintStream out) throws Exception {
    Clock clock = Clock.systemUTC();
    String table = ZoneSizeBenchmark.TABLE;
    ZoneTable.ensureExists(local, table);
    Name zone = Name.fromConstantString("w" + run.writers() + (run.oneName() ? "-one" : "-many")
        + ".bench.");
    ZoneSizeBenchmark.load(new DynamoZoneStore(local, table, clock), zone, ZONE_RECORDS, out);
    DynamoDbModel model = new DynamoDbModel(local, profile, run.writers());
    DynamoZoneStore store = new DynamoZoneStore(model, table, clock);
    Set<String> initial = contents(store, zone);
    TsigKey key = TsigKey.of(KEY_NAME.toString(), "hmac-sha256", ZoneSizeBenchmark.SECRET);
    Map<String, Integer> answers = new ConcurrentHashMap<>();
    Map<String, Integer> measured = new ConcurrentHashMap<>();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    long measuredFrom = System.nanoTime() + (long) (warmup * 1e9);
    long deadline = measuredFrom + (long) (seconds * 1e9);
    DnsService shared = new DnsService(store, new StaticKeyStore(List.of(key)), clock);
    ExecutorService pool = Executors.newFixedThreadPool(run.writers());
    List<Future<?>> writers = new ArrayList<>();
    for (int w = 0; w < run.writers(); w++) {
      int writer = w;
      writers.add(pool.submit(() -> {
        DnsService service = run.shared() ? shared
            : new DnsService(store, new StaticKeyStore(List.of(key)), clock);
        for (int j = 0; System.nanoTime() < deadline; j++) {
          Record added = added(zone, run, writer, j);
          byte[] wire = FailedUpdateBenchmark.signed(update(zone, run, added), key, clock);
          long t0 = System.nanoTime();
          byte[] answer = service.handle(wire, RequestContext.udp("w" + writer)).single();
          long t1 = System.nanoTime();
          int rcode = answer[3] & 0x0F;
          answers.put(added.toString(), rcode);
          if (t0 >= measuredFrom) {
            measured.put(added.toString(), rcode);
          }
          if (rcode == Rcode.NOERROR && t0 >= measuredFrom) {
            latencies.add(t1 - t0);
          } else if (rcode != Rcode.NOERROR) {
            Thread.sleep(CLIENT_RETRY.toMillis());
          }
        }
        return null;
      }));
    }
    DynamoDbModel.Pause.SLEEP.pause("warm-up", Duration.ofNanos(measuredFrom - System.nanoTime()));
    DynamoDbModel.Counts warm = model.counts();
    long start = System.nanoTime();
    for (Future<?> f : writers) {
      f.get();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    DynamoDbModel.Counts counts = model.counts().minus(warm);
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    if (answers.values().stream().anyMatch(r -> r != Rcode.NOERROR && r != Rcode.SERVFAIL)) {
      throw new IllegalStateException("unexpected rcodes: " + answers.values());
    }
    int ok = (int) measured.values().stream().filter(r -> r == Rcode.NOERROR).count();
    int servfail = (int) measured.values().stream().filter(r -> r == Rcode.SERVFAIL).count();
    Audit audit = audit(new DynamoZoneStore(local, table, clock), zone, initial, answers);
    return new Result(run, ok, servfail, elapsed, sorted, counts, audit);
  }

  /** The record update {@code j} of {@code writer} adds: unique per writer and update. */
  static Record added(Name zone, Run run, int writer, int j) {
    Name name = run.oneName() ? Name.fromConstantString("shared." + zone)
        : Name.fromConstantString("w" + writer + "-" + j + "." + zone);
    return new ARecord(name, DClass.IN, 300, ZoneSizeBenchmark.address(new byte[] {10,
        (byte) writer, (byte) (j >> 8), (byte) j}));
  }

  /** Adds {@code added}; on the shared name, replaces its address (as DHCP and ddclient do). */
  static Message update(Name zone, Run run, Record added) {
    Message m = Message.newUpdate(zone);
    if (run.oneName()) {
      m.addRecord(Record.newRecord(added.getName(), Type.A, DClass.ANY, 0), Section.UPDATE);
    }
    m.addRecord(added, Section.UPDATE);
    return m;
  }

  static Audit audit(DynamoZoneStore store, Name zone, Set<String> initial,
      Map<String, Integer> answers) {
    List<JournalEntry> journal = store.journal(zone, 0, Integer.MAX_VALUE);
    Map<String, Integer> journaled = new HashMap<>();
    Set<String> replayed = new TreeSet<>(initial);
    boolean replayMatches = true;
    for (JournalEntry e : journal) {
      for (Record r : e.changes().removed()) {
        replayMatches &= replayed.remove(r.toString());
      }
      for (Record r : e.changes().added()) {
        replayMatches &= replayed.add(r.toString());
        if (r.getType() == Type.A) {
          journaled.merge(r.toString(), 1, Integer::sum);
        }
      }
    }
    replayMatches &= replayed.equals(contents(store, zone));
    int lost = 0;
    int unacknowledged = 0;
    for (var e : answers.entrySet()) {
      boolean inJournal = journaled.containsKey(e.getKey());
      lost += e.getValue() == Rcode.NOERROR && !inJournal ? 1 : 0;
      unacknowledged += e.getValue() != Rcode.NOERROR && inJournal ? 1 : 0;
    }
    int duplicated = (int) journaled.values().stream().filter(n -> n > 1).count();
    return new Audit(lost, unacknowledged, duplicated, replayMatches);
  }

  static Set<String> contents(DynamoZoneStore store, Name zone) {
    Set<String> out = new TreeSet<>();
    store.open(zone).orElseThrow().nodes().forEach(n -> n.rrsets()
        .forEach(s -> s.records().forEach(r -> out.add(r.toString()))));
    return out;
  }

  static String line(Result r) {
    return String.format(Locale.ROOT, "%2d writers, %-14s services %-14s %7.1f updates/s  p50 "
        + "%6.1f ms  p99 %7.1f ms  SERVFAIL %4d  %s", r.run().writers(), r.run().label() + ",",
        r.run().services() + ":", r.perSecond(),
        r.percentileMillis(0.5), r.percentileMillis(0.99), r.servfail(), r.counts());
  }

  static String report(List<Result> results, double warmup, double seconds, String profile,
      Optional<Duration> splitAfter) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Each run %.0f s, measured "
        + "after %.0f s of the same load, on a zone of "
        + "%d records, signed updates (HMAC-SHA256); services: a `DnsService` per writer (as "
        + "on-demand Lambda instances) or one all writers share (as one Lambda Managed Instances "
        + "environment, or `ddns local`: its writer groups the changes waiting for a zone). A "
        + "writer waits %d s after a SERVFAIL; DynamoDB model profile `%s`. Per update: transactions sent (`TransactWriteItems`, "
        + "`TransactGetItems`), cancelled for a conflict, cancelled by the version condition "
        + "(another writer committed first) and throttled. The audit: every acknowledged update "
        + "in the journal exactly once, no other, and the journal replayed gives the zone. "
        + "Partitions: %s.%n%n",
        seconds, warmup, ZONE_RECORDS, CLIENT_RETRY.toSeconds(), profile, splitAfter
            .map(d -> String.format(Locale.ROOT, "split for heat after %.1f s at %.0f %% of a "
                + "partition's write units (an assumption: AWS documents no delay)",
                d.toMillis() / 1e3, DynamoDbModel.Profile.HOT_SHARE * 100))
            .orElse("one per partition key, never split")));
    s.append("| writers | names | services | updates/s | p50 (ms) | p99 (ms) | SERVFAIL | TWI / update "
        + "| TGI / update | conflicts / update | version lost / update | throttled writes, reads | splits | audit |\n");
    s.append("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|\n");
    for (Result r : results) {
      DynamoDbModel.Counts c = r.counts();
      s.append(String.format(Locale.ROOT,
          "| %d | %s | %s | %.1f | %.1f | %.1f | %d | %.2f | %.2f | %.2f | %.2f | %d, %d | %d "
              + "| %s |%n",
          r.run().writers(), r.run().label(), r.run().services(), r.perSecond(), r.percentileMillis(0.5),
          r.percentileMillis(0.99), r.servfail(), r.per(c.transactWrites()),
          r.per(c.transactGets()), r.per(c.writeConflicts() + c.readConflicts()),
          r.per(c.conditionsFailed()), c.writesThrottled(), c.readsThrottled(),
          c.partitionSplits(),
          r.audit().clean() ? "clean" : "**" + r.audit() + "**"));
    }
    return s.toString();
  }
}
