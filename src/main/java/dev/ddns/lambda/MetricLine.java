package dev.ddns.lambda;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One log line in CloudWatch <a
 * href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html">
 * Embedded Metric Format</a>: a JSON object whose {@code _aws} member tells CloudWatch Logs which of
 * its fields are metrics (namespace {@value #NAMESPACE}). Metrics have no dimensions: CloudWatch
 * bills every distinct metric name and dimension combination as one custom metric for each hour
 * it receives data, so per-value dimensions (opcode, rcode, zone) would multiply the bill; those
 * stay plain, searchable log fields. A {@link #count} is declared a metric only in lines where it
 * counts something, so an event that never happens costs nothing, and its Sum is the same.
 *
 * <p>Metric lines are not log messages: {@link #print} writes them raw on standard output, where
 * CloudWatch Logs reads EMF, apart from the JSON log lines of {@link JsonLogging}.
 */
final class MetricLine {
  /** The CloudWatch namespace of every ddns metric; template.yaml's alarms use it too. */
  static final String NAMESPACE = "ddns";

  private final Instant timestamp;
  private final JsonObject fields = new JsonObject();
  private final List<String> metrics = new ArrayList<>();

  /** Writes one metric line on standard output: the one place EMF leaves the functions. */
  static void print(String line) {
    System.out.println(line);
  }

  MetricLine(Instant timestamp) {
    this.timestamp = timestamp;
  }

  /** A metric published in every line. */
  MetricLine metric(String name, Unit unit, double value) {
    metrics.add(new JsonObject().put("Name", name).put("Unit", unit.cloudWatchName).toString());
    fields.put(name, value);
    return this;
  }

  /** A metric published only when {@code value} is above zero; a plain field otherwise. */
  MetricLine count(String name, Unit unit, double value) {
    return value > 0 ? metric(name, unit, value) : field(name, value);
  }

  MetricLine field(String name, String value) {
    fields.put(name, value);
    return this;
  }

  MetricLine field(String name, double value) {
    fields.put(name, value);
    return this;
  }

  /** The line, {@code _aws} metadata last. */
  String toJson() {
    JsonObject directive = new JsonObject()
        .put("Namespace", NAMESPACE)
        .putArray("Dimensions", List.of(JsonObject.array(List.of())))
        .putArray("Metrics", metrics);
    JsonObject aws = new JsonObject()
        .put("Timestamp", timestamp.toEpochMilli())
        .putArray("CloudWatchMetrics", List.of(directive.toString()));
    return fields.toStringWith("_aws", aws);
  }

  /** CloudWatch metric units used here. */
  enum Unit {
    COUNT("Count"),
    MILLISECONDS("Milliseconds"),
    NONE("None");

    private final String cloudWatchName;

    Unit(String cloudWatchName) {
      this.cloudWatchName = cloudWatchName;
    }
  }
}
