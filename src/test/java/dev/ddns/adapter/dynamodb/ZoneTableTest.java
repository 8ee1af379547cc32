package dev.ddns.adapter.dynamodb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** The one table definition: shared with awscli, created idempotently, TTL on. */
class ZoneTableTest {

  @Test
  void infraCopyIsByteIdenticalToTheResource() throws Exception {
    try (InputStream in = ZoneTable.class.getResourceAsStream(ZoneTable.RESOURCE)) {
      assertArrayEquals(in.readAllBytes(), Files.readAllBytes(Path.of("infra/table.json")),
          "infra/table.json must be a copy of src/main/resources/dev/ddns/adapter/dynamodb/table.json");
    }
  }

  @Test
  void definitionHasKeysBillingAndStream() {
    CreateTableRequest request = ZoneTable.definition("t1");
    assertEquals("t1", request.tableName());
    assertEquals("pk", request.keySchema().get(0).attributeName());
    assertEquals("sk", request.keySchema().get(1).attributeName());
    assertEquals(BillingMode.PAY_PER_REQUEST, request.billingMode());
    assertEquals(StreamViewType.NEW_AND_OLD_IMAGES, request.streamSpecification().streamViewType());
  }

  /**
   * The sweep's two sparse indexes. A GSI is written when a base-table write changes an attribute
   * it holds, and heads change on every commit, so the heads index must not hold what a commit
   * writes (version, serial, record count).
   */
  @Test
  void definitionHasTheSparseIndexesOfTheSweepProjectingNothingACommitWrites() {
    CreateTableRequest request = ZoneTable.definition("t1");
    Map<String, GlobalSecondaryIndex> indexes = request.globalSecondaryIndexes().stream()
        .collect(Collectors.toMap(GlobalSecondaryIndex::indexName, i -> i));
    assertEquals(Set.of(ZoneTable.ZONES_INDEX, ZoneTable.EXPIRY_INDEX), indexes.keySet());
    GlobalSecondaryIndex zones = indexes.get(ZoneTable.ZONES_INDEX);
    assertEquals(List.of(Items.ZONE_LIST, Keys.PK), keys(zones));
    assertEquals(List.of(Items.ZONE, Items.UPDATE_POLICY), zones.projection().nonKeyAttributes());
    GlobalSecondaryIndex expiry = indexes.get(ZoneTable.EXPIRY_INDEX);
    assertEquals(List.of(Keys.PK, Items.EXPIRY_FROM), keys(expiry));
    assertEquals(List.of(Items.NAME, Items.LAST_ADDED), expiry.projection().nonKeyAttributes());
    for (GlobalSecondaryIndex index : indexes.values()) {
      assertEquals(ProjectionType.INCLUDE, index.projection().projectionType());
      for (String written : List.of(Items.VERSION, Items.SERIAL, Items.RECORD_COUNT, Items.RRSETS)) {
        assertFalse(keys(index).contains(written) || index.projection().nonKeyAttributes()
            .contains(written), index.indexName() + " must not hold " + written);
      }
    }
    assertEquals(Map.of("pk", "S", "sk", "S", Items.ZONE_LIST, "S", Items.EXPIRY_FROM, "N"),
        request.attributeDefinitions().stream().collect(Collectors.toMap(
            AttributeDefinition::attributeName, AttributeDefinition::attributeTypeAsString)));
  }

  private static List<String> keys(GlobalSecondaryIndex index) {
    return index.keySchema().stream().map(KeySchemaElement::attributeName).toList();
  }

  @Test
  void ensureExistsCreatesOnceWithTtl() {
    DynamoDbClient client = DynamoDbLocal.client();
    String table = DynamoDbLocal.newTable();
    ZoneTable.ensureExists(client, table);
    TableDescription description = client.describeTable(b -> b.tableName(table)).table();
    assertEquals("ACTIVE", description.tableStatusAsString());
    assertEquals(Set.of(ZoneTable.ZONES_INDEX, ZoneTable.EXPIRY_INDEX),
        description.globalSecondaryIndexes().stream()
            .map(GlobalSecondaryIndexDescription::indexName).collect(Collectors.toSet()));
    assertEquals(TimeToLiveStatus.ENABLED, client.describeTimeToLive(b -> b.tableName(table))
        .timeToLiveDescription().timeToLiveStatus());
    assertEquals(ZoneTable.TTL_ATTRIBUTE, client.describeTimeToLive(b -> b.tableName(table))
        .timeToLiveDescription().attributeName());
  }

  /**
   * On a DynamoDB Local of its own: the shared one, holding every test's tables, leaves an index
   * added to an existing table CREATING for minutes (it backfills table after table).
   */
  @Test
  void ensureExistsAddsTheIndexesATableFromBeforeThemLacks() {
    AmazonDynamoDBLocal local = DynamoDBEmbedded.create(true);
    try {
      DynamoDbClient client = local.dynamoDbClient();
      String table = "ddns-old";
      CreateTableRequest old = ZoneTable.definition(table);
      client.createTable(old.toBuilder().globalSecondaryIndexes((List<GlobalSecondaryIndex>) null)
          .attributeDefinitions(old.attributeDefinitions().subList(0, 2)).build());
      ZoneTable.ensureExists(client, table);
      TableDescription description = client.describeTable(b -> b.tableName(table)).table();
      assertEquals(Set.of(ZoneTable.ZONES_INDEX, ZoneTable.EXPIRY_INDEX),
          description.globalSecondaryIndexes().stream()
              .map(GlobalSecondaryIndexDescription::indexName).collect(Collectors.toSet()));
      assertTrue(description.globalSecondaryIndexes().stream()
          .allMatch(i -> i.indexStatus() == IndexStatus.ACTIVE));
      ZoneTable.ensureExists(client, table);
    } finally {
      local.shutdown();
    }
  }

  @Test
  void loopbackEndpointsAreDynamoDbLocal() {
    assertTrue(DynamoClients.isLoopback(URI.create("http://localhost:8000")));
    assertTrue(DynamoClients.isLoopback(URI.create("http://127.0.0.1:8000")));
    assertTrue(DynamoClients.isLoopback(URI.create("http://[::1]:8000")));
    assertFalse(DynamoClients.isLoopback(URI.create("https://dynamodb.eu-west-1.amazonaws.com")));
    try (DynamoDbClient c = DynamoClients.create(Optional.of(URI.create("http://127.0.0.1:1")),
        Optional.empty())) {
      assertEquals(DynamoClients.LOCAL_REGION, c.serviceClientConfiguration().region().id());
    }
  }
}
