package dev.ddns.bench;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.adapter.dynamodb.ZoneTable;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.RequestContext;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.testing.DynamoDbModel;
import dev.ddns.testing.TestLogging;
import java.io.PrintStream;
import java.nio.file.Path;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.event.Level;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * One signed UPDATE of N additions on N names (2,001 by default, the message BIND's and Knot's
 * tests apply) against a zone on DynamoDB Local, alone and under the DynamoDB model with AWS's
 * latencies and per-partition limits ({@link DynamoDbModel.Profile#aws()}): its wire size, time,
 * DynamoDB calls by operation and read and write units by AWS's billing rules ({@link
 * CapacityMeter}). Checks that the zone holds every name afterwards, and exits 1 if not.
 *
 * <pre>bench/large-update [--names 97,2001] [--markdown FILE]</pre>
 */
public final class LargeUpdateBenchmark {
  private static final Name ZONE = Name.fromConstantString("large.bench.");
  private static final int ZONE_RECORDS = 1_000;

  record Result(String store, int names, int bytes, int rcode, double millis, double writeUnits,
      double readUnits, String calls, long held) {}

  private LargeUpdateBenchmark() {}

  public static void main(String[] args) {
    BenchMain.exit(LargeUpdateBenchmark::run, args);
  }

  static int run(String[] args) throws Exception {
    List<Integer> sizes = List.of(97, 98, 500, 2_001);
    Path markdown = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--names" -> sizes = Arrays.stream(args[++i].split(",")).map(Integer::valueOf)
            .toList();
        case "--markdown" -> markdown = Path.of(args[++i]);
        default -> {
          System.err.println("usage: LargeUpdateBenchmark [--names 97,98,500,2001]"
              + " [--markdown FILE]");
          return 2;
        }
      }
    }
    System.setProperty("slf4j.provider", TestLogging.class.getName());
    TestLogging.stderrFrom(Level.ERROR);
    PrintStream out = System.out;
    List<Result> results = new ArrayList<>();
    for (boolean model : List.of(false, true)) {
      for (int names : sizes) {
        AmazonDynamoDBLocal local = DynamoDBEmbedded.create(true);
        try {
          Result r = measure(local, model, names, out);
          results.add(r);
          out.println(line(r));
        } finally {
          local.shutdown();
        }
      }
    }
    BenchMain.publish(report(results), out, markdown);
    return results.stream().allMatch(r -> r.rcode() == Rcode.NOERROR && r.held() == r.names())
        ? 0 : 1;
  }

  /**
   * The update twice, each on a zone of its own table: once through the {@link CapacityMeter} for
   * its calls and units, once without it for its time (the meter reads items beside the calls,
   * from several threads while a large commit stages, so its time cannot be taken out).
   */
  static Result measure(AmazonDynamoDBLocal local, boolean model, int names, PrintStream out)
      throws Exception {
    Applied timed = apply(local, client(local, model, names), "timed", names, out);
    CapacityMeter meter = new CapacityMeter(client(local, model, names));
    CapacityMeter.Usage before = meter.snapshot();
    Applied metered = apply(local, meter, "metered", names, out);
    CapacityMeter.Usage used = meter.snapshot().minus(before);
    String calls = used.calls().entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
        .collect(Collectors.joining(", "));
    int rcode = metered.rcode() == Rcode.NOERROR ? timed.rcode() : metered.rcode();
    return new Result(model ? "model (AWS)" : "DynamoDB Local", names, timed.bytes(), rcode,
        timed.millis(), used.awsWrite(), used.awsRead(), calls,
        Math.min(metered.held(), timed.held()));
  }

  private static DynamoDbClient client(AmazonDynamoDBLocal local, boolean model, int names) {
    return model ? new DynamoDbModel(local.dynamoDbClient(), DynamoDbModel.Profile.aws(), names)
        : local.dynamoDbClient();
  }

  record Applied(int bytes, int rcode, double millis, long held) {}

  /** Loads the zone into a new table and applies the update through {@code client}. */
  private static Applied apply(AmazonDynamoDBLocal local, DynamoDbClient client, String table,
      int names, PrintStream out) {
    Clock clock = Clock.systemUTC();
    DynamoDbClient direct = local.dynamoDbClient();
    ZoneTable.ensureExists(direct, table);
    ZoneSizeBenchmark.load(new DynamoZoneStore(direct, table, clock), ZONE, ZONE_RECORDS, out);
    TsigKey key = TsigKey.of("bench-key.", "hmac-sha256", ZoneSizeBenchmark.SECRET);
    DnsService service = new DnsService(new DynamoZoneStore(client, table, clock),
        new StaticKeyStore(List.of(key)), clock);
    byte[] wire = FailedUpdateBenchmark.signed(update(names), key, clock);
    long t0 = System.nanoTime();
    byte[] answer = service.handle(wire, RequestContext.tcp("bench")).single();
    double millis = (System.nanoTime() - t0) / 1e6;
    long held = new DynamoZoneStore(direct, table, clock).open(ZONE).orElseThrow().nodes()
        .filter(n -> n.name().toString().startsWith("large")).count();
    return new Applied(wire.length, answer[3] & 0x0F, millis, held);
  }

  /** {@code names} A records, one to a name: large0 .. large(N-1). */
  static Message update(int names) {
    Message m = Message.newUpdate(ZONE);
    for (int i = 0; i < names; i++) {
      Name owner = Name.fromConstantString("large" + i + "." + ZONE);
      m.addRecord(new ARecord(owner, DClass.IN, 300, ZoneSizeBenchmark.addr4(i + 1)),
          Section.UPDATE);
    }
    return m;
  }

  static String line(Result r) {
    return String.format(Locale.ROOT, "%s, %,d names, %,d bytes: %s in %,.0f ms, %,.0f write units,"
        + " %,.0f read units (%s); %,d names in the zone", r.store(), r.names(), r.bytes(),
        Rcode.string(r.rcode()), r.millis(), r.writeUnits(), r.readUnits(), r.calls(), r.held());
  }

  static String report(List<Result> results) {
    StringBuilder md = new StringBuilder();
    md.append("| store | names | message | rcode | time | write units | read units | calls |\n");
    md.append("|---|---:|---:|---|---:|---:|---:|---|\n");
    for (Result r : results) {
      md.append(String.format(Locale.ROOT, "| %s | %,d | %,d B | %s | %,.0f ms | %,.0f | %,.0f | %s |%n",
          r.store(), r.names(), r.bytes(), Rcode.string(r.rcode()), r.millis(), r.writeUnits(),
          r.readUnits(), r.calls()));
    }
    return md.toString();
  }
}
