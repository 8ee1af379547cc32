package dev.ddns.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What ddns costs in AWS, by AWS's published on-demand prices for us-east-1 (the pricing pages of
 * DynamoDB, Lambda, CloudWatch and Secrets Manager; free tiers left out, so the figures are what
 * an account past them pays). The one cost model of docs/BENCHMARKS.md: the zone-size benchmark
 * feeds it the request units it measured by {@link BillingRules}, and {@code bench/cost} the
 * resources of the expanded template, so no figure is typed in by hand.
 */
final class CostModel {
  /** DynamoDB on-demand, per million write / read request units. */
  static final double WRITE_REQUEST_UNIT = 0.625e-6;
  static final double READ_REQUEST_UNIT = 0.125e-6;
  /** DynamoDB standard table class storage, per GB-month. */
  static final double STORAGE_GB_MONTH = 0.25;
  /** Lambda, per request and per GB-second on arm64. */
  static final double LAMBDA_REQUEST = 0.20e-6;
  static final double LAMBDA_ARM_GB_SECOND = 0.0000133334;
  /** CloudWatch: a custom metric per month (pro-rated by the hour it is published), an alarm. */
  static final double CUSTOM_METRIC_MONTH = 0.30;
  static final double ALARM_MONTH = 0.10;
  /** CloudWatch Logs ingestion per GB. */
  static final double LOG_INGESTION_GB = 0.50;
  /** Secrets Manager, per secret per month and per API call. */
  static final double SECRET_MONTH = 0.40;
  static final double SECRET_API_CALL = 0.05 / 10_000;
  /**
   * Bytes of the platform lines Lambda writes per invocation (START, END and REPORT in the text
   * log format, REPORT with its duration, memory and restore fields), rounded up.
   */
  static final int PLATFORM_LOG_BYTES = 400;
  static final double HOURS_PER_MONTH = 730;
  static final double MINUTES_PER_MONTH = HOURS_PER_MONTH * 60;

  private CostModel() {}

  /** One line of a cost table: what, how it is counted, and dollars. */
  record Line(String item, String basis, double usd) {}

  /**
   * What one update of an UpdateFunction request path costs.
   *
   * @param writeUnits write request units by AWS's rules, index writes included
   * @param readUnits read request units by AWS's rules
   * @param handlerMillis the handler's time, which Lambda bills (rounded up to 1 ms)
   * @param memoryMb the function's memory setting
   * @param logBytes the request's own log line
   * @param journalBytes the journal entry an update leaves, kept for {@code retentionDays} (its
   *     replay record expires after the TSIG fudge and is left out)
   * @param retentionDays the zone's journal retention
   */
  record Update(double writeUnits, double readUnits, double handlerMillis, int memoryMb,
      long logBytes, long journalBytes, int retentionDays) {}

  /**
   * What NotifyFunction spends per invocation in the cost table: one NOTIFY round trip to the
   * secondaries and the zone's SOA read. It depends on the secondaries' distance, so it is an
   * assumption, named in the table, not a measurement (a silent secondary makes it up to the
   * function's 2 s answer window).
   */
  static final int NOTIFY_MILLIS_ASSUMED = 30;

  /** The cost of a million updates, line by line; the last line is the total. */
  static List<Line> perMillionUpdates(Update u) {
    double million = 1e6;
    List<Line> lines = new ArrayList<>();
    lines.add(new Line("DynamoDB writes", fmt("%.1f WRU per update", u.writeUnits()),
        u.writeUnits() * million * WRITE_REQUEST_UNIT));
    lines.add(new Line("DynamoDB reads", fmt("%.1f RRU per update", u.readUnits()),
        u.readUnits() * million * READ_REQUEST_UNIT));
    lines.add(new Line("UpdateFunction requests", "one invocation per update",
        million * LAMBDA_REQUEST));
    double billedSeconds = Math.ceil(u.handlerMillis()) / 1000.0;
    lines.add(new Line("UpdateFunction duration", fmt("%.0f ms billed at %d MB, arm64",
        Math.ceil(u.handlerMillis()), u.memoryMb()),
        million * billedSeconds * u.memoryMb() / 1024.0 * LAMBDA_ARM_GB_SECOND));
    lines.add(new Line("NotifyFunction requests", "at most one invocation per update (a batch "
        + "holds every head change of its 1 s window)", million * LAMBDA_REQUEST));
    lines.add(new Line("NotifyFunction duration", fmt("%d ms assumed (a NOTIFY round trip) at "
        + "%d MB, arm64", NOTIFY_MILLIS_ASSUMED, u.memoryMb()), million * NOTIFY_MILLIS_ASSUMED
        / 1000.0 * u.memoryMb() / 1024.0 * LAMBDA_ARM_GB_SECOND));
    lines.add(new Line("Stream reads", "free: GetRecords calls made by Lambda triggers", 0));
    double logGb = million * (u.logBytes() + PLATFORM_LOG_BYTES) / 1e9;
    lines.add(new Line("CloudWatch Logs ingestion", fmt("%d B request line + %d B Lambda "
        + "platform lines", u.logBytes(), PLATFORM_LOG_BYTES), logGb * LOG_INGESTION_GB));
    double storedGbMonths = million * u.journalBytes() / 1e9 * u.retentionDays() / 30.0;
    lines.add(new Line("DynamoDB storage", fmt("%d B journal entry per update, kept %d days",
        u.journalBytes(), u.retentionDays()), storedGbMonths * STORAGE_GB_MONTH));
    lines.add(new Line("**total**", "", lines.stream().mapToDouble(Line::usd).sum()));
    return lines;
  }

  /**
   * The fixed monthly cost of a deployment that serves no update at all.
   *
   * @param alarms the template's CloudWatch alarms
   * @param customMetrics distinct custom metrics (name and dimension values) a request publishes;
   *     billed only for the hours they are published, so this line is what a deployment that
   *     answers at least one request every hour pays
   * @param keys TSIG keys (secrets) under the prefix, notify keys included
   * @param sweep the expiry sweep at its schedule
   */
  record Idle(int alarms, int customMetrics, int keys, Sweep sweep) {}

  /**
   * The expiry sweep's cost drivers per run.
   *
   * @param runsPerMonth invocations at the template's schedule
   * @param millis the handler's time per run
   * @param memoryMb the function's memory setting
   * @param readUnits read request units per run by AWS's rules
   * @param logBytes its own log lines per run
   */
  record Sweep(double runsPerMonth, double millis, int memoryMb, double readUnits,
      long logBytes) {}

  /** The idle deployment's monthly cost, line by line; the last line is the total. */
  static List<Line> idleMonth(Idle idle) {
    Sweep s = idle.sweep();
    List<Line> lines = new ArrayList<>();
    lines.add(new Line("CloudWatch alarms", idle.alarms() + " standard alarms",
        idle.alarms() * ALARM_MONTH));
    lines.add(new Line("Custom metrics", idle.customMetrics() + " metrics, only in hours with "
        + "requests: none when idle, this much with a request every hour",
        idle.customMetrics() * CUSTOM_METRIC_MONTH));
    lines.add(new Line("Secrets", idle.keys() + " key(s) × $0.40", idle.keys() * SECRET_MONTH));
    lines.add(new Line("Expiry sweep: requests", fmt("%,.0f runs", s.runsPerMonth()),
        s.runsPerMonth() * LAMBDA_REQUEST));
    lines.add(new Line("Expiry sweep: duration", fmt("%.0f ms per run at %d MB, arm64",
        Math.ceil(s.millis()), s.memoryMb()), s.runsPerMonth() * Math.ceil(s.millis()) / 1000.0
        * s.memoryMb() / 1024.0 * LAMBDA_ARM_GB_SECOND));
    lines.add(new Line("Expiry sweep: reads", fmt("%.1f RRU per run", s.readUnits()),
        s.runsPerMonth() * s.readUnits() * READ_REQUEST_UNIT));
    lines.add(new Line("Expiry sweep: logs", fmt("%d B per run + platform lines", s.logBytes()),
        s.runsPerMonth() * (s.logBytes() + PLATFORM_LOG_BYTES) / 1e9 * LOG_INGESTION_GB));
    lines.add(new Line("Stream, queues, table storage", "no requests, no messages, no items: "
        + "nothing billed", 0));
    lines.add(new Line("**total**", "", lines.stream().mapToDouble(Line::usd).sum()));
    return lines;
  }

  /**
   * The cost of a million signed updates that apply nothing (a failed prerequisite, a delete of
   * what is not there, a copy of a request answered before), line by line; the last line is the
   * total. No head moves, so no NOTIFY and no journal entry; the replay record a first answer
   * leaves (docs/tsig.md, "Replays") expires after the TSIG fudge and its storage is left out.
   *
   * @param writeUnits write request units by AWS's rules: the replay record's PutItem
   * @param readUnits read request units by AWS's rules: the update's read
   * @param handlerMillis the handler's time, which Lambda bills (rounded up to 1 ms)
   * @param memoryMb the function's memory setting
   * @param logBytes the request's own log line
   */
  static List<Line> perMillionUnappliedUpdates(double writeUnits, double readUnits,
      double handlerMillis, int memoryMb, long logBytes) {
    double million = 1e6;
    List<Line> lines = new ArrayList<>();
    lines.add(new Line("DynamoDB writes", fmt("%.1f WRU per update", writeUnits),
        writeUnits * million * WRITE_REQUEST_UNIT));
    lines.add(new Line("DynamoDB reads", fmt("%.1f RRU per update", readUnits),
        readUnits * million * READ_REQUEST_UNIT));
    lines.add(new Line("UpdateFunction requests", "one invocation per update",
        million * LAMBDA_REQUEST));
    lines.add(new Line("UpdateFunction duration", fmt("%.0f ms billed at %d MB, arm64",
        Math.ceil(handlerMillis), memoryMb), million * Math.ceil(handlerMillis) / 1000.0
        * memoryMb / 1024.0 * LAMBDA_ARM_GB_SECOND));
    double logGb = million * (logBytes + PLATFORM_LOG_BYTES) / 1e9;
    lines.add(new Line("CloudWatch Logs ingestion", fmt("%d B request line + %d B Lambda "
        + "platform lines", logBytes, PLATFORM_LOG_BYTES), logGb * LOG_INGESTION_GB));
    lines.add(new Line("**total**", "", lines.stream().mapToDouble(Line::usd).sum()));
    return lines;
  }

  /** {@code lines} as a markdown table. */
  static String markdown(List<Line> lines) {
    StringBuilder s = new StringBuilder("| item | basis | USD |\n|---|---|---:|\n");
    for (Line l : lines) {
      s.append(fmt("| %s | %s | %s |%n", l.item(), l.basis(), l.item().startsWith("**")
          ? fmt("**%.2f**", l.usd()) : fmt("%.2f", l.usd())));
    }
    return s.toString();
  }

  static double total(List<Line> lines) {
    return lines.get(lines.size() - 1).usd();
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
