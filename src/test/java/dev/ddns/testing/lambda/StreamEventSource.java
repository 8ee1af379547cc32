package dev.ddns.testing.lambda;

import dev.ddns.lambda.ExpandedTemplate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The DynamoDB event source mapping of the expanded template for one function, over DynamoDB
 * Local's stream: it reads the real stream records (Streams API), turns each into the record
 * Lambda sends (eventID, eventName, eventVersion, eventSource, awsRegion, the dynamodb part with
 * Keys, NewImage, OldImage, SequenceNumber, SizeBytes, StreamViewType and
 * ApproximateCreationDateTime in epoch seconds, eventSourceARN), drops those the mapping's
 * {@code FilterCriteria} do not match (any of its filters), and invokes the function with
 * batches of at most {@code BatchSize} records as {@code {"Records": [...]}}.
 *
 * <p>{@link #deliver} models what Lambda does with a batch's outcome, as documented for stream
 * sources: with {@code ReportBatchItemFailures} a response naming failed items is retried from
 * the lowest failed sequence number; a function error is retried, split in halves first when
 * {@code BisectBatchOnFunctionError} is set (a split does not count as a retry); after
 * {@code MaximumRetryAttempts} retries the records go to the {@code OnFailure} destination.
 */
public final class StreamEventSource {
  private final DynamoDbStreamsClient streams;
  private final String streamArn;
  private final List<FilterPattern> filters;
  private final int batchSize;
  private final int maximumRetries;
  private final boolean bisect;
  private final boolean reportsItemFailures;
  private final Map<String, String> iterators = new LinkedHashMap<>();

  /** What became of delivered records: every invocation, and what went to the destination. */
  public record Delivery(List<Invocation.Result> attempts,
      List<List<Map<String, Object>>> toFailureDestination) {}

  private StreamEventSource(DynamoDbStreamsClient streams, String streamArn,
      List<FilterPattern> filters, Map<String, Object> mapping) {
    this.streams = streams;
    this.streamArn = streamArn;
    this.filters = filters;
    this.batchSize = ((Number) mapping.getOrDefault("BatchSize", 100)).intValue();
    Object retries = mapping.get("MaximumRetryAttempts");
    if (!(retries instanceof Number n) || n.intValue() < 0) {
      throw new AssertionError("unbounded stream retries (no MaximumRetryAttempts) are not "
          + "modelled: " + mapping);
    }
    this.maximumRetries = n.intValue();
    this.bisect = Boolean.TRUE.equals(mapping.get("BisectBatchOnFunctionError"));
    this.reportsItemFailures = mapping.get("FunctionResponseTypes") instanceof List<?> types
        && types.contains("ReportBatchItemFailures");
  }

  /**
   * The mapping in {@code template} whose function is {@code functionLogicalId} (through its
   * alias), positioned at the stream's end (StartingPosition LATEST) now.
   */
  public static StreamEventSource of(ExpandedTemplate template, String functionLogicalId,
      DynamoDbStreamsClient streams, String streamArn) {
    Map<String, Object> mapping = mapping(template, functionLogicalId);
    if (!"LATEST".equals(mapping.get("StartingPosition"))) {
      throw new AssertionError("only StartingPosition LATEST is modelled: " + mapping);
    }
    List<FilterPattern> filters = new ArrayList<>();
    if (mapping.get("FilterCriteria") instanceof Map<?, ?> criteria) {
      for (Object filter : (List<?>) criteria.get("Filters")) {
        filters.add(FilterPattern.parse(((Map<?, ?>) filter).get("Pattern").toString()));
      }
    }
    StreamEventSource source = new StreamEventSource(streams, streamArn, filters, mapping);
    source.positionAtEnd();
    return source;
  }

  /** The AWS::Lambda::EventSourceMapping that feeds the function's alias. */
  static Map<String, Object> mapping(ExpandedTemplate template, String functionLogicalId) {
    List<Map<String, Object>> found = new ArrayList<>();
    for (String id : template.ofType("AWS::Lambda::EventSourceMapping")) {
      Map<String, Object> properties = template.properties(id);
      if (properties.get("FunctionName") instanceof Map<?, ?> ref
          && String.valueOf(ref.get("Ref")).startsWith(functionLogicalId + "Alias")) {
        found.add(properties);
      }
    }
    if (found.size() != 1) {
      throw new AssertionError("expected one event source mapping on an alias of "
          + functionLogicalId + ", found " + found);
    }
    return found.get(0);
  }

  private void positionAtEnd() {
    for (var shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription()
        .shards()) {
      iterators.put(shard.shardId(), streams.getShardIterator(b -> b.streamArn(streamArn)
          .shardId(shard.shardId()).shardIteratorType(ShardIteratorType.LATEST)).shardIterator());
    }
  }

  /** Retries after a failed batch ({@code MaximumRetryAttempts}). */
  public int maximumRetries() {
    return maximumRetries;
  }

  /** The stream records written since the last read, as Lambda's event records, unfiltered. */
  public List<Map<String, Object>> read() {
    List<Map<String, Object>> records = new ArrayList<>();
    for (Map.Entry<String, String> shard : iterators.entrySet()) {
      String iterator = shard.getValue();
      while (iterator != null) {
        String at = iterator;
        var page = streams.getRecords(b -> b.shardIterator(at));
        page.records().forEach(r -> records.add(eventRecord(r)));
        shard.setValue(page.nextShardIterator());
        iterator = page.records().isEmpty() ? null : page.nextShardIterator();
      }
    }
    return records;
  }

  /** Whether the mapping's filters let {@code record} through (no filters: all pass). */
  public boolean passes(Map<String, Object> record) {
    return filters.isEmpty() || filters.stream().anyMatch(f -> f.matches(record));
  }

  /** The events for {@code records}: those that pass the filters, in batches of BatchSize. */
  public List<String> events(List<Map<String, Object>> records) {
    List<Map<String, Object>> passing = records.stream().filter(this::passes).toList();
    List<String> events = new ArrayList<>();
    for (int i = 0; i < passing.size(); i += batchSize) {
      events.add(Json.write(Map.of("Records",
          passing.subList(i, Math.min(passing.size(), i + batchSize)))));
    }
    return events;
  }

  /** Delivers {@code records} (filtered and batched) to {@code runtime} as Lambda does. */
  public Delivery deliver(LambdaRuntime runtime, List<Map<String, Object>> records) {
    List<Invocation.Result> attempts = new ArrayList<>();
    List<List<Map<String, Object>>> failed = new ArrayList<>();
    List<Map<String, Object>> passing = records.stream().filter(this::passes).toList();
    for (int i = 0; i < passing.size(); i += batchSize) {
      deliverBatch(runtime, passing.subList(i, Math.min(passing.size(), i + batchSize)),
          maximumRetries, attempts, failed);
    }
    return new Delivery(attempts, failed);
  }

  private void deliverBatch(LambdaRuntime runtime, List<Map<String, Object>> batch,
      int retriesLeft, List<Invocation.Result> attempts,
      List<List<Map<String, Object>>> failed) {
    Invocation.Result result = runtime.invoke(Json.write(Map.of("Records", batch)));
    attempts.add(result);
    List<Map<String, Object>> again = remaining(batch, result);
    if (again.isEmpty()) {
      return;
    }
    if (result instanceof Invocation.Failure && bisect && batch.size() > 1) {
      int half = batch.size() / 2;
      deliverBatch(runtime, batch.subList(0, half), retriesLeft, attempts, failed);
      deliverBatch(runtime, batch.subList(half, batch.size()), retriesLeft, attempts, failed);
    } else if (retriesLeft > 0) {
      deliverBatch(runtime, again, retriesLeft - 1, attempts, failed);
    } else {
      failed.add(again);
    }
  }

  /** The records to retry after {@code result}: none, all, or from the lowest failed one. */
  private List<Map<String, Object>> remaining(List<Map<String, Object>> batch,
      Invocation.Result result) {
    if (result instanceof Invocation.Failure) {
      return batch;
    }
    if (!reportsItemFailures) {
      return List.of();
    }
    Object answer = Json.parse(result.payload());
    List<?> failures = answer instanceof Map<?, ?> map
        && map.get("batchItemFailures") instanceof List<?> list ? list : List.of();
    java.util.Set<Object> ids = new java.util.HashSet<>();
    failures.forEach(f -> ids.add(((Map<?, ?>) f).get("itemIdentifier")));
    for (int i = 0; i < batch.size(); i++) {
      if (ids.contains(((Map<?, ?>) batch.get(i).get("dynamodb")).get("SequenceNumber"))) {
        return batch.subList(i, batch.size());
      }
    }
    return List.of();
  }

  private Map<String, Object> eventRecord(Record record) {
    StreamRecord stream = record.dynamodb();
    Map<String, Object> dynamodb = new LinkedHashMap<>();
    dynamodb.put("ApproximateCreationDateTime",
        stream.approximateCreationDateTime().getEpochSecond());
    dynamodb.put("Keys", item(stream.keys()));
    if (stream.hasNewImage()) {
      dynamodb.put("NewImage", item(stream.newImage()));
    }
    if (stream.hasOldImage()) {
      dynamodb.put("OldImage", item(stream.oldImage()));
    }
    dynamodb.put("SequenceNumber", stream.sequenceNumber());
    dynamodb.put("SizeBytes", stream.sizeBytes());
    dynamodb.put("StreamViewType", stream.streamViewTypeAsString());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("eventID", record.eventID());
    out.put("eventName", record.eventNameAsString());
    out.put("eventVersion", record.eventVersion());
    out.put("eventSource", record.eventSource());
    out.put("awsRegion", record.awsRegion());
    out.put("dynamodb", dynamodb);
    out.put("eventSourceARN", streamArn);
    return out;
  }

  private static Map<String, Object> item(Map<String, AttributeValue> item) {
    Map<String, Object> out = new LinkedHashMap<>();
    item.forEach((name, value) -> out.put(name, attribute(value)));
    return out;
  }

  /** An attribute value in DynamoDB's JSON, as stream events carry it. */
  static Map<String, Object> attribute(AttributeValue value) {
    return switch (value.type()) {
      case S -> Map.of("S", value.s());
      case N -> Map.of("N", value.n());
      case B -> Map.of("B", base64(value.b()));
      case SS -> Map.of("SS", value.ss());
      case NS -> Map.of("NS", value.ns());
      case BS -> Map.of("BS", value.bs().stream().map(StreamEventSource::base64).toList());
      case M -> Map.of("M", item(value.m()));
      case L -> Map.of("L", value.l().stream().map(StreamEventSource::attribute).toList());
      case BOOL -> Map.of("BOOL", value.bool());
      case NUL -> Map.of("NULL", true);
      default -> throw new AssertionError("unknown attribute type " + value);
    };
  }

  private static String base64(SdkBytes bytes) {
    return Base64.getEncoder().encodeToString(bytes.asByteArray());
  }
}
