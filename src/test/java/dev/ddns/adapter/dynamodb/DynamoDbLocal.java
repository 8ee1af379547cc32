package dev.ddns.adapter.dynamodb;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import dev.ddns.core.port.ZoneStore;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One in-process DynamoDB Local per JVM (no network at all, FACTS.md), shared by every test; each
 * caller gets fresh tables with unique names, so tests never see each other's data.
 */
public final class DynamoDbLocal {
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static AmazonDynamoDBLocal local;
  private static DynamoDbClient client;

  private DynamoDbLocal() {}

  /** The shared client of the embedded DynamoDB Local, started on first use. */
  public static synchronized DynamoDbClient client() {
    if (client == null) {
      local = DynamoDBEmbedded.create(true);
      client = local.dynamoDbClient();
      Runtime.getRuntime().addShutdownHook(new Thread(local::shutdown));
    }
    return client;
  }

  /** Creates a new, empty zone table with a unique name and returns the name. */
  public static String newTable() {
    String name = "ddns-test-" + TABLES.incrementAndGet();
    ZoneTable.ensureExists(client(), name);
    return name;
  }

  /** A store on a new table, with the system clock. */
  public static DynamoZoneStore newStore() {
    return new DynamoZoneStore(client(), newTable(), Clock.systemUTC());
  }

  /** A store of the given client on a new table of the shared DynamoDB Local. */
  public static ZoneStore newStore(DynamoDbClient wrapping, Clock clock) {
    return new DynamoZoneStore(wrapping, newTable(), clock);
  }
}
