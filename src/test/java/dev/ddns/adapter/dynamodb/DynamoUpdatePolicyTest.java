package dev.ddns.adapter.dynamodb;

import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.UpdatePolicyContract;

/** The update policy table on DynamoDB Local: the policy travels in the zone head item. */
class DynamoUpdatePolicyTest extends UpdatePolicyContract {
  @Override
  protected ZoneStore newStore() {
    return DynamoDbLocal.newStore();
  }
}
