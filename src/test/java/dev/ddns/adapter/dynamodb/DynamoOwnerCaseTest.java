package dev.ddns.adapter.dynamodb;

import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.OwnerCaseContract;

/** Owner-name case as stored and as served, on DynamoDB Local. */
class DynamoOwnerCaseTest extends OwnerCaseContract {
  @Override
  protected ZoneStore newStore() {
    return DynamoDbLocal.newStore();
  }
}
