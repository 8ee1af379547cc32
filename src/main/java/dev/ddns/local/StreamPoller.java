package dev.ddns.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import dev.ddns.adapter.dynamodb.DynamoClients;
import dev.ddns.adapter.dynamodb.StreamEvents;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Lambda's event source mapping for {@code ddns local}: polls the zone table's stream in DynamoDB
 * Local every {@link #INTERVAL} and hands each batch, as a {@link DynamodbEvent}, to a stream
 * function (the NOTIFY function), shard by shard and in order. Batch item failures are retried
 * from the first failed record, up to {@link #ATTEMPTS} times, then logged and skipped.
 *
 * <p>It starts at the stream's end (LATEST): changes made before {@code ddns local} started,
 * in an earlier run with {@code --data}, are not notified again.
 */
public final class StreamPoller implements AutoCloseable {
  /** Poll interval: keeps propagation to secondaries well under a second. */
  static final Duration INTERVAL = Duration.ofMillis(100);
  /** Each invocation's time budget, like a Lambda timeout. */
  static final Duration BUDGET = Duration.ofSeconds(30);
  static final int ATTEMPTS = 3;
  private static final String FUNCTION = "NotifyFunction";
  private static final Logger LOG = LoggerFactory.getLogger(StreamPoller.class);
  /**
   * DynamoDB Local serves streams through the AWS SDK v1, which warns on java.util.logging that
   * JAXB is missing at the first stream call; held here so the level stays set.
   */
  private static final java.util.logging.Logger SDK_V1_LOG = quiet("com.amazonaws");

  private final DynamoDbStreamsClient streams;
  private final String streamArn;
  private final RequestHandler<DynamodbEvent, StreamsEventResponse> function;
  private final Map<String, String> iterators = new LinkedHashMap<>();
  private final Set<String> seenShards = new HashSet<>();
  private final Thread thread;
  private volatile boolean running = true;

  private StreamPoller(DynamoDbStreamsClient streams, String streamArn,
      RequestHandler<DynamodbEvent, StreamsEventResponse> function) {
    this.streams = streams;
    this.streamArn = streamArn;
    this.function = function;
    this.thread = new Thread(this::run, "ddns-stream-poller");
    this.thread.setDaemon(true);
  }

  /**
   * Starts polling the stream of {@code table} at DynamoDB Local's {@code endpoint}; returns once
   * the poller is positioned at the stream's end, so no later change is missed.
   */
  public static StreamPoller start(URI endpoint, DynamoDbClient dynamo, String table,
      RequestHandler<DynamodbEvent, StreamsEventResponse> function) {
    String arn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
    if (arn == null) {
      throw new IllegalStateException("table " + table + " has no stream; NOTIFY needs one");
    }
    DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(endpoint)
        .region(Region.of(DynamoClients.LOCAL_REGION))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("local", "local")))
        .build();
    StreamPoller poller = new StreamPoller(streams, arn, function);
    try {
      poller.discoverShards(ShardIteratorType.LATEST);
    } catch (RuntimeException e) {
      streams.close();
      throw e;
    }
    poller.thread.start();
    return poller;
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.SEVERE);
    return logger;
  }

  /** Opens an iterator on every shard not seen before, at {@code position}. */
  private void discoverShards(ShardIteratorType position) {
    for (Shard shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription()
        .shards()) {
      if (seenShards.add(shard.shardId())) {
        iterators.put(shard.shardId(), streams.getShardIterator(b -> b.streamArn(streamArn)
            .shardId(shard.shardId()).shardIteratorType(position)).shardIterator());
      }
    }
  }

  private void run() {
    while (running) {
      try {
        pollOnce();
        Thread.sleep(INTERVAL.toMillis());
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (running) {
          LOG.info("stream poller: " + e.getMessage() + "; reading on from the stream's end");
          iterators.clear();
          seenShards.clear();
          sleepQuietly();
          discoverAgain();
        }
      }
    }
  }

  private void discoverAgain() {
    try {
      discoverShards(ShardIteratorType.LATEST);
    } catch (RuntimeException e) {
      LOG.info("stream poller: " + e.getMessage());
    }
  }

  private void pollOnce() {
    boolean shardEnded = false;
    for (Map.Entry<String, String> entry : new ArrayList<>(iterators.entrySet())) {
      GetRecordsResponse response = streams.getRecords(b -> b.shardIterator(entry.getValue()));
      if (!response.records().isEmpty()) {
        deliver(response.records());
      }
      if (response.nextShardIterator() == null) {
        iterators.remove(entry.getKey());
        shardEnded = true;
      } else {
        iterators.put(entry.getKey(), response.nextShardIterator());
      }
    }
    if (shardEnded || iterators.isEmpty()) {
      discoverShards(ShardIteratorType.TRIM_HORIZON);
    }
  }

  /** One batch through the function; failed records (and those after them) are retried. */
  private void deliver(List<Record> records) {
    List<Record> batch = records;
    for (int attempt = 1; attempt <= ATTEMPTS && !batch.isEmpty(); attempt++) {
      StreamsEventResponse response = function.handleRequest(
          StreamEvents.of(batch, streamArn), new LocalContext(FUNCTION, BUDGET));
      batch = fromFirstFailure(batch, response.getBatchItemFailures());
    }
    if (!batch.isEmpty()) {
      LOG.info("stream poller: " + batch.size() + " record(s) still failing after " + ATTEMPTS
          + " attempts, skipped from " + batch.get(0).dynamodb().sequenceNumber());
    }
  }

  /** Lambda's rule for streams: processing resumes at the lowest failed sequence number. */
  private static List<Record> fromFirstFailure(List<Record> batch, List<BatchItemFailure> failed) {
    Set<String> ids = new HashSet<>();
    failed.forEach(f -> ids.add(f.getItemIdentifier()));
    for (int i = 0; i < batch.size(); i++) {
      if (ids.contains(batch.get(i).dynamodb().sequenceNumber())) {
        return batch.subList(i, batch.size());
      }
    }
    return List.of();
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(BUDGET.toMillis() / 30);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(BUDGET.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    streams.close();
  }
}
