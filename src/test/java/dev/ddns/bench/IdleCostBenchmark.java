package dev.ddns.bench;

import dev.ddns.adapter.dynamodb.DynamoClients;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.adapter.dynamodb.ZoneTable;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.RequestContext;
import dev.ddns.lambda.DynamoUsage;
import dev.ddns.lambda.ExpandedTemplate;
import dev.ddns.lambda.ExpiryFunction;
import dev.ddns.lambda.RequestLines;
import dev.ddns.lambda.SamTemplate;
import dev.ddns.local.DynamoDbLocalServer;
import dev.ddns.local.LocalContext;
import dev.ddns.testing.TestLogging;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The fixed monthly cost of a deployment that serves no update ({@link CostModel#idleMonth}),
 * from what ships rather than from typed-in counts: the alarms of the SAM-expanded template, the
 * custom metrics one query's log line publishes on the DynamoDB store (a secondary checking the
 * SOA every hour), and
 * the expiry sweep at the template's schedule, run here on DynamoDB Local over a zone with an
 * {@code expire} rule and nothing due, its read units billed by {@link BillingRules} and its
 * handler time and log line measured.
 *
 * <pre>
 * bench/cost [--runs 30] [--markdown FILE]
 * </pre>
 */
public final class IdleCostBenchmark {
  private static final String TABLE = "ddns-idle";
  private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours)\\)");

  private IdleCostBenchmark() {}

  public static void main(String[] args) {
    System.setProperty("slf4j.provider", TestLogging.class.getName());
    BenchMain.exit(IdleCostBenchmark::run, args);
  }

  static int run(String[] args) throws Exception {
    int runs = 30;
    Path markdown = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--markdown" -> markdown = Path.of(args[++i]);
        default -> {
          System.err.println("usage: IdleCostBenchmark [--runs N] [--markdown FILE]");
          return 2;
        }
      }
    }
    ExpandedTemplate template = ExpandedTemplate.load();
    int alarms = template.ofType("AWS::CloudWatch::Alarm").size();
    Sweep sweep = measureSweep(template, runs);
    int metrics = sweep.queryMetrics();
    List<CostModel.Line> lines = CostModel.idleMonth(new CostModel.Idle(alarms, metrics, 0,
        new CostModel.Sweep(sweep.runsPerMonth(), sweep.millis(), sweep.memoryMb(),
            sweep.readUnits(), sweep.logBytes())));
    String report = String.format(Locale.ROOT, "Counted: %d alarms in the expanded template, "
        + "%d custom metrics in the log line of one query, the sweep at `%s` (%,.0f runs a "
        + "month). Measured over %d sweeps of a zone with an `expire` rule and nothing due, on "
        + "DynamoDB Local: p50 %.1f ms in the handler, %.1f read request units per run by AWS's "
        + "rules, a %d B log line.%n%n", alarms, metrics, sweep.schedule(), sweep.runsPerMonth(),
        runs, sweep.millis(), sweep.readUnits(), sweep.logBytes())
        + CostModel.markdown(lines)
        + String.format(Locale.ROOT, "%nIdle: **$%.2f a month**, plus $%.2f per TSIG key "
            + "(a secret each; a zone with secondaries has its notify key too). The custom "
            + "metrics line is billed only for the hours something is asked: without it, $%.2f."
            + "%n", CostModel.total(lines), CostModel.SECRET_MONTH,
            CostModel.total(lines) - metrics * CostModel.CUSTOM_METRIC_MONTH);
    System.out.println(report);
    if (markdown != null) {
      Files.writeString(markdown, report, StandardCharsets.UTF_8);
    }
    return 0;
  }

  /**
   * The metrics (name and dimension values) the EMF line of an SOA query for {@code zone}
   * publishes, answered from {@code store} as UpdateFunction answers it.
   */
  @SuppressWarnings("unchecked")
  static int metricsOfOneQuery(ZoneStore store, Name zone) {
    List<String> lines = new ArrayList<>();
    var observed = RequestLines.observed(new DnsService(store, new StaticKeyStore(List.of()),
        Clock.systemUTC())::handle, lines::add);
    Message query = Message.newQuery(Record.newRecord(zone, Type.SOA, 1));
    observed.handle(query.toWire(), RequestContext.udp("192.0.2.1:53000"));
    if (lines.size() != 1) {
      throw new IllegalStateException("one request, " + lines.size() + " log lines: " + lines);
    }
    Map<String, Object> line = new Yaml(new SafeConstructor(new LoaderOptions())).load(lines.get(0));
    Map<String, Object> aws = (Map<String, Object>) line.get("_aws");
    Set<String> published = new HashSet<>();
    for (Object o : (List<Object>) aws.get("CloudWatchMetrics")) {
      Map<String, Object> directive = (Map<String, Object>) o;
      for (Object dimensions : (List<Object>) directive.get("Dimensions")) {
        StringBuilder values = new StringBuilder();
        for (Object d : (List<Object>) dimensions) {
          values.append(d).append('=').append(line.get(d.toString())).append(',');
        }
        for (Object m : (List<Object>) directive.get("Metrics")) {
          published.add(((Map<String, Object>) m).get("Name") + "/" + values);
        }
      }
    }
    return published.size();
  }

  record Sweep(String schedule, double runsPerMonth, double millis, int memoryMb,
      double readUnits, long logBytes, int queryMetrics) {}

  static Sweep measureSweep(ExpandedTemplate template, int runs) throws Exception {
    String schedule = scheduleOf(template);
    int memory = ((Number) template.properties("ExpiryFunction").get("MemorySize")).intValue();
    Clock clock = Clock.systemUTC();
    try (DynamoDbLocalServer ddb = DynamoDbLocalServer.start(0, Optional.empty())) {
      CapacityMeter meter = new CapacityMeter(DynamoClients.create(Optional.of(ddb.endpoint()),
          Optional.of("us-east-1"), List.of(new DynamoUsage())));
      ZoneTable.ensureExists(meter, TABLE);
      DynamoZoneStore store = new DynamoZoneStore(meter, TABLE, clock);
      Name zone = ZoneSizeBenchmark.zoneName(1000);
      meter.preImages(false);
      ZoneSizeBenchmark.load(store, zone, 1000, new PrintStream(OutputStream.nullOutputStream()));
      meter.preImages(true);
      store.updateSettings(zone, ZoneSettings.of(SerialPolicy.INCREMENT)
          .withUpdatePolicy(List.of("expire 1h subdomain _acme-challenge." + zone + " TXT")));
      ExpiryFunction function = new ExpiryFunction(store, clock);
      double[] millis = new double[runs];
      double units = 0;
      long logBytes = 0;
      for (int i = -5; i < runs; i++) {
        CapacityMeter.Usage before = meter.snapshot();
        long t0 = System.nanoTime();
        List<String> log;
        try (TestLogging.Captured captured = TestLogging.capture()) {
          function.handleRequest(null, new LocalContext("ExpiryFunction", Duration.ofMinutes(1)));
          log = captured.messages();
        }
        long t1 = System.nanoTime();
        CapacityMeter.Usage used = meter.snapshot().minus(before);
        if (i >= 0) {
          millis[i] = (t1 - t0 - used.billingNanos()) / 1e6;
          units += used.awsRead();
          logBytes = Math.max(logBytes, log.stream()
              .mapToLong(l -> l.getBytes(StandardCharsets.UTF_8).length + 1).sum());
        }
      }
      int metrics = metricsOfOneQuery(store, zone);
      meter.close();
      Arrays.sort(millis);
      return new Sweep(schedule, runsPerMonth(schedule), millis[runs / 2], memory, units / runs,
          logBytes, metrics);
    }
  }

  /** The schedule of ExpiryFunction's rule, as the parameter default gives it. */
  static String scheduleOf(ExpandedTemplate template) {
    Map<String, Object> parameters = SamTemplate.map(template.root(), "Parameters");
    return SamTemplate.map(parameters, "ExpirySchedule").get("Default").toString();
  }

  static double runsPerMonth(String schedule) {
    Matcher m = RATE.matcher(schedule);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a rate(...) schedule: " + schedule);
    }
    double minutes = Long.parseLong(m.group(1)) * (m.group(2).startsWith("hour") ? 60 : 1);
    return CostModel.MINUTES_PER_MONTH / minutes;
  }
}
