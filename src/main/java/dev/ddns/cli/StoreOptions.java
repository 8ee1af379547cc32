package dev.ddns.cli;

import dev.ddns.adapter.dynamodb.DynamoClients;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.adapter.dynamodb.ZoneTable;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.port.ZoneStore;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.xbill.DNS.Name;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where the zone commands find the table: {@code --endpoint-url} (DynamoDB Local, e.g. the one
 * {@code ddns local} serves), {@code --region} and {@code --table}; credentials come from the
 * standard AWS chain (profile, environment, SSO), and DynamoDB Local gets dummy ones.
 */
final class StoreOptions {
  @Option(names = "--endpoint-url", paramLabel = "URL",
      description = "DynamoDB endpoint, e.g. http://127.0.0.1:8000 for ddns local; "
          + "default: AWS in the region.")
  URI endpoint;

  @Option(names = "--region", paramLabel = "REGION",
      description = "AWS region; default: AWS_REGION or the profile's region "
          + "(us-east-1 for a loopback endpoint).")
  String region;

  @Option(names = "--table", paramLabel = "NAME", defaultValue = "ddns",
      description = "DynamoDB table; default: ${DEFAULT-VALUE}.")
  String table;

  /** The store behind these options and its client; close it when done. */
  Connection open() {
    DynamoDbClient client = DynamoClients.create(Optional.ofNullable(endpoint),
        Optional.ofNullable(region));
    return new Connection(client, new DynamoZoneStore(client, table, Clock.systemUTC()));
  }

  /** Like {@link #open()}, creating the table first when it is missing. */
  Connection openCreatingTable() {
    Connection connection = open();
    try {
      ZoneTable.ensureExists(connection.client(), table);
      return connection;
    } catch (RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** E.g. {@code DynamoDB at http://127.0.0.1:8000} or {@code DynamoDB in eu-west-1}. */
  String describeEndpoint() {
    if (endpoint != null) {
      return "DynamoDB at " + endpoint;
    }
    return region != null ? "DynamoDB in " + region : "DynamoDB (AWS, default region)";
  }

  /** A client and the store on it. */
  record Connection(DynamoDbClient client, ZoneStore store) implements AutoCloseable {
    /** The zone's reader, or a one-line failure naming the zone. */
    ZoneReader zone(Name zone, StoreOptions options) {
      return store.open(zone).orElseThrow(() -> new CliException("no zone " + zone
          + " in table " + options.table + " at " + options.describeEndpoint()));
    }

    @Override
    public void close() {
      client.close();
    }
  }

  /** Commands that talk to the table, so that failures can name it. */
  interface User {
    StoreOptions storeOptions();
  }
}
