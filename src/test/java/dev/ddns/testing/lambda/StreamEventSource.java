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
 */
public final class StreamEventSource {
  private final DynamoDbStreamsClient streams;
  private final String streamArn;
  private final List<FilterPattern> filters;
  private final int batchSize;
  private final Map<String, String> iterators = new LinkedHashMap<>();

  private StreamEventSource(DynamoDbStreamsClient streams, String streamArn,
      List<FilterPattern> filters, int batchSize) {
    this.streams = streams;
    this.streamArn = streamArn;
    this.filters = filters;
    this.batchSize = batchSize;
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
    int batchSize = ((Number) mapping.getOrDefault("BatchSize", 100)).intValue();
    StreamEventSource source = new StreamEventSource(streams, streamArn, filters, batchSize);
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
