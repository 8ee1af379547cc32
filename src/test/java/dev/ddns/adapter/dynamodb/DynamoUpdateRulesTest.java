package dev.ddns.adapter.dynamodb;

import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.update.UpdateRulesContract;

/** The whole RFC 2136 rule table on DynamoDB Local. */
class DynamoUpdateRulesTest extends UpdateRulesContract {
  @Override
  protected ZoneStore newStore() {
    return DynamoDbLocal.newStore();
  }
}
