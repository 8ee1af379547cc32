package dev.ddns.adapter.dynamodb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * The one table definition (docs/architecture.md, "Data model: one DynamoDB table"). The canonical file is the
 * classpath resource {@code table.json} next to this class, in the AWS CLI
 * {@code create-table --cli-input-json} shape; {@code infra/table.json} is a byte-identical copy for
 * awscli users (a test keeps them equal). DynamoDB TTL is not part of CreateTable, so the TTL
 * attribute is {@link #TTL_ATTRIBUTE}, enabled by {@link #ensureExists} (and by
 * {@code aws dynamodb update-time-to-live} in {@code infra/README.md}).
 */
public final class ZoneTable {
  /** Epoch seconds after which DynamoDB may delete an item (journal entries). */
  public static final String TTL_ATTRIBUTE = "expiresAt";
  /**
   * The sparse index of zone heads: partition {@code zoneList} ({@code EXPIRING} or {@code PLAIN},
   * on heads only), sort key {@code pk}; projects the zone name and its update policy. It lists
   * the zones without a Scan, and the zones with expire rules without reading any other head.
   */
  static final String ZONES_INDEX = "zones";
  /**
   * The sparse index of nodes with a stamped RRset: partition {@code pk} (the zone), sort key
   * {@code expiryFrom} (the earliest stamp); projects the owner name and the stamps.
   */
  static final String EXPIRY_INDEX = "expiry";
  static final String RESOURCE = "table.json";

  private ZoneTable() {}

  /** The CreateTable request of the table definition, for the table named {@code tableName}. */
  public static CreateTableRequest definition(String tableName) {
    Map<String, JsonNode> json = parse().asObject();
    return CreateTableRequest.builder()
        .tableName(tableName)
        .attributeDefinitions(json.get("AttributeDefinitions").asArray().stream()
            .map(ZoneTable::attribute).toList())
        .keySchema(json.get("KeySchema").asArray().stream().map(ZoneTable::keyElement).toList())
        .globalSecondaryIndexes(json.get("GlobalSecondaryIndexes").asArray().stream()
            .map(ZoneTable::index).toList())
        .billingMode(BillingMode.fromValue(json.get("BillingMode").asString()))
        .streamSpecification(stream(json.get("StreamSpecification").asObject()))
        .build();
  }

  /** How long {@link #ensureExists} waits for an index it added to become ACTIVE. */
  static final Duration INDEX_WAIT = Duration.ofMinutes(30);

  /**
   * Creates the table when it is missing, waits until it is ACTIVE, adds the global secondary
   * indexes of the definition that an existing table lacks (a table from before they existed,
   * such as a {@code ddns local --data} one) and enables TTL on {@link #TTL_ATTRIBUTE}.
   * Idempotent: an existing table is otherwise left as it is.
   */
  public static void ensureExists(DynamoDbClient client, String tableName) {
    TableDescription table;
    try {
      table = client.describeTable(b -> b.tableName(tableName)).table();
    } catch (ResourceNotFoundException e) {
      create(client, tableName);
      table = client.describeTable(b -> b.tableName(tableName)).table();
    }
    addMissingIndexes(client, table);
    enableTtl(client, tableName);
  }

  private static void addMissingIndexes(DynamoDbClient client, TableDescription table) {
    Set<String> existing = new HashSet<>();
    if (table.hasGlobalSecondaryIndexes()) {
      table.globalSecondaryIndexes().forEach(i -> existing.add(i.indexName()));
    }
    CreateTableRequest definition = definition(table.tableName());
    for (GlobalSecondaryIndex index : definition.globalSecondaryIndexes()) {
      if (existing.contains(index.indexName())) {
        continue;
      }
      client.updateTable(b -> b.tableName(table.tableName())
          .attributeDefinitions(definition.attributeDefinitions())
          .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName(index.indexName())
              .keySchema(index.keySchema()).projection(index.projection()))));
      awaitIndex(client, table.tableName(), index.indexName());
    }
  }

  /** DynamoDB adds one index at a time and backfills it; the next waits until it is ACTIVE. */
  private static void awaitIndex(DynamoDbClient client, String tableName, String index) {
    long deadline = System.nanoTime() + INDEX_WAIT.toNanos();
    while (true) {
      boolean active = client.describeTable(b -> b.tableName(tableName)).table()
          .globalSecondaryIndexes().stream()
          .anyMatch(i -> i.indexName().equals(index) && i.indexStatus() == IndexStatus.ACTIVE);
      if (active) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("index " + index + " of table " + tableName
            + " not ACTIVE after " + INDEX_WAIT);
      }
      try {
        Thread.sleep(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for index " + index, e);
      }
    }
  }

  private static void create(DynamoDbClient client, String tableName) {
    try {
      client.createTable(definition(tableName));
    } catch (ResourceInUseException raced) {
      // Another process created it meanwhile: wait for it like for our own.
    }
    try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(client).build()) {
      waiter.waitUntilTableExists(b -> b.tableName(tableName));
    }
  }

  private static void enableTtl(DynamoDbClient client, String tableName) {
    TimeToLiveStatus status = client.describeTimeToLive(b -> b.tableName(tableName))
        .timeToLiveDescription().timeToLiveStatus();
    if (status != TimeToLiveStatus.ENABLED && status != TimeToLiveStatus.ENABLING) {
      client.updateTimeToLive(b -> b.tableName(tableName)
          .timeToLiveSpecification(t -> t.enabled(true).attributeName(TTL_ATTRIBUTE)));
    }
  }

  private static JsonNode parse() {
    try (InputStream in = ZoneTable.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("table definition " + RESOURCE + " missing from the classpath");
      }
      return JsonNodeParser.create().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static AttributeDefinition attribute(JsonNode node) {
    Map<String, JsonNode> a = node.asObject();
    return AttributeDefinition.builder()
        .attributeName(a.get("AttributeName").asString())
        .attributeType(a.get("AttributeType").asString())
        .build();
  }

  private static KeySchemaElement keyElement(JsonNode node) {
    Map<String, JsonNode> k = node.asObject();
    return KeySchemaElement.builder()
        .attributeName(k.get("AttributeName").asString())
        .keyType(k.get("KeyType").asString())
        .build();
  }

  private static GlobalSecondaryIndex index(JsonNode node) {
    Map<String, JsonNode> i = node.asObject();
    Map<String, JsonNode> p = i.get("Projection").asObject();
    Projection.Builder projection = Projection.builder()
        .projectionType(p.get("ProjectionType").asString());
    if (p.containsKey("NonKeyAttributes")) {
      projection.nonKeyAttributes(p.get("NonKeyAttributes").asArray().stream()
          .map(JsonNode::asString).toList());
    }
    return GlobalSecondaryIndex.builder()
        .indexName(i.get("IndexName").asString())
        .keySchema(i.get("KeySchema").asArray().stream().map(ZoneTable::keyElement).toList())
        .projection(projection.build())
        .build();
  }

  private static StreamSpecification stream(Map<String, JsonNode> s) {
    return StreamSpecification.builder()
        .streamEnabled(s.get("StreamEnabled").asBoolean())
        .streamViewType(s.get("StreamViewType").asString())
        .build();
  }
}
