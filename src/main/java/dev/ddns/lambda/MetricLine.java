package dev.ddns.lambda;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One log line in CloudWatch <a
 * href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html">
 * Embedded Metric Format</a>: a JSON object whose {@code _aws} member tells CloudWatch Logs which of
 * its fields are metrics (namespace {@value #NAMESPACE}). Each metric is published once per
 * dimension set: per the given dimensions, and once without any, for account-wide totals and
 * alarms. Fields that are neither metrics nor dimensions stay plain, searchable log fields.
 */
final class MetricLine {
  /** The CloudWatch namespace of every ddns metric; template.yaml's alarms use it too. */
  static final String NAMESPACE = "ddns";

  private final Instant timestamp;
  private final JsonObject fields = new JsonObject();
  private final List<String> dimensions = new ArrayList<>();
  private final List<String> metrics = new ArrayList<>();

  MetricLine(Instant timestamp) {
    this.timestamp = timestamp;
  }

  MetricLine dimension(String name, String value) {
    dimensions.add(JsonObject.quote(name));
    fields.put(name, value);
    return this;
  }

  MetricLine metric(String name, Unit unit, double value) {
    metrics.add(new JsonObject().put("Name", name).put("Unit", unit.cloudWatchName).toString());
    fields.put(name, value);
    return this;
  }

  MetricLine field(String name, String value) {
    fields.put(name, value);
    return this;
  }

  /** The line, {@code _aws} metadata last. */
  String toJson() {
    JsonObject directive = new JsonObject()
        .put("Namespace", NAMESPACE)
        .putArray("Dimensions", List.of(JsonObject.array(dimensions), JsonObject.array(List.of())))
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
