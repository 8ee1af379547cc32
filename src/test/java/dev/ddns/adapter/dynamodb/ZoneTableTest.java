package dev.ddns.adapter.dynamodb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
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

  @Test
  void ensureExistsCreatesOnceWithTtl() {
    DynamoDbClient client = DynamoDbLocal.client();
    String table = DynamoDbLocal.newTable();
    ZoneTable.ensureExists(client, table);
    TableDescription description = client.describeTable(b -> b.tableName(table)).table();
    assertEquals("ACTIVE", description.tableStatusAsString());
    assertEquals(TimeToLiveStatus.ENABLED, client.describeTimeToLive(b -> b.tableName(table))
        .timeToLiveDescription().timeToLiveStatus());
    assertEquals(ZoneTable.TTL_ATTRIBUTE, client.describeTimeToLive(b -> b.tableName(table))
        .timeToLiveDescription().attributeName());
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
