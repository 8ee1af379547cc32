package dev.ddns.adapter.dynamodb;

import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.port.ZoneStoreContract;

/** The store contract on DynamoDB Local. */
class DynamoZoneStoreContractTest extends ZoneStoreContract {
  @Override
  protected ZoneStore newStore() {
    return DynamoDbLocal.newStore();
  }
}
