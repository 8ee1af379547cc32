package dev.ddns.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.dynamodb.DynamoClients;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.adapter.dynamodb.ZoneTable;
import dev.ddns.local.DynamoDbLocalServer;
import java.io.IOException;
import java.net.URL;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The usage counter is wired where it is wanted and nowhere else (docs/architecture.md,
 * "Layout"): the Lambda's store counts what it consumes, a client built for the CLI or {@code ddns
 * local} does not, and no classpath file installs an interceptor into every client of the JVM.
 */
class DynamoUsageWiringTest {
  private static final String INTERCEPTORS =
      "software/amazon/awssdk/services/dynamodb/execution.interceptors";

  @Test
  void theProjectInstallsNoInterceptorThroughTheClasspath() throws IOException {
    List<URL> ours = Collections.list(getClass().getClassLoader().getResources(INTERCEPTORS))
        .stream().filter(url -> url.toString().contains("/target")).toList();
    assertEquals(List.of(), ours);
  }

  @Test
  void theLambdasStoreCountsItsCapacityAndOtherClientsDoNot() throws Exception {
    try (DynamoDbLocalServer dynamo = DynamoDbLocalServer.start(0, Optional.empty());
        DynamoDbClient plain = DynamoClients.create(Optional.of(dynamo.endpoint()),
            Optional.empty())) {
      ZoneTable.ensureExists(plain, "usage");
      DynamoUsage.takeTotals();
      new DynamoZoneStore(plain, "usage", Clock.systemUTC()).open(Name.fromString("a.test."));
      assertEquals(new DynamoUsage.Totals(0, 0), DynamoUsage.takeTotals());

      Wiring.store(Map.of(Wiring.STORE, "dynamodb", Wiring.TABLE, "usage",
          Wiring.DYNAMODB_ENDPOINT, dynamo.endpoint().toString()), Clock.systemUTC())
          .open(Name.fromString("a.test."));
      assertTrue(DynamoUsage.takeTotals().capacityUnits() > 0);
    }
  }
}
