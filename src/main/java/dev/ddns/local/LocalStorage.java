package dev.ddns.local;

import dev.ddns.adapter.dynamodb.DynamoClients;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.adapter.dynamodb.ZoneTable;
import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.core.port.ZoneStore;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The zone store of {@code ddns local} and, for DynamoDB Local, the server and client behind it. */
record LocalStorage(ZoneStore store, Optional<DynamoDbLocalServer> server,
    Optional<DynamoDbClient> client) implements AutoCloseable {

  /**
   * The store {@code config} asks for: in memory, or DynamoDB Local started with its table.
   *
   * @throws IllegalStateException when the table cannot be set up, with the server stopped
   */
  static LocalStorage open(LocalConfig config) throws IOException {
    if (config.store() == LocalConfig.Store.MEMORY) {
      return new LocalStorage(new InMemoryZoneStore(), Optional.empty(), Optional.empty());
    }
    DynamoDbLocalServer server = DynamoDbLocalServer.start(config.dynamodbPort(), config.data());
    DynamoDbClient client = null;
    try {
      client = DynamoClients.create(Optional.of(server.endpoint()), Optional.empty());
      ZoneTable.ensureExists(client, config.table());
      return new LocalStorage(new DynamoZoneStore(client, config.table(), Clock.systemUTC()),
          Optional.of(server), Optional.of(client));
    } catch (RuntimeException e) {
      if (client != null) {
        client.close();
      }
      server.close();
      throw new IllegalStateException("cannot set up table " + config.table()
          + " in DynamoDB Local: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    client.ifPresent(DynamoDbClient::close);
    server.ifPresent(DynamoDbLocalServer::close);
  }
}
