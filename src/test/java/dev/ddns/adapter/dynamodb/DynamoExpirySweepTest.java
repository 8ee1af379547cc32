package dev.ddns.adapter.dynamodb;

import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.ExpirySweepContract;
import java.time.Clock;

/** The expiry sweep on DynamoDB Local: last addition times live in the node items. */
class DynamoExpirySweepTest extends ExpirySweepContract {
  @Override
  protected ZoneStore newStore(Clock clock) {
    return DynamoDbLocal.newStore(DynamoDbLocal.client(), clock);
  }
}
