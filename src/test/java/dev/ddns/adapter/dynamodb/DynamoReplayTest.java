package dev.ddns.adapter.dynamodb;

import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.ReplayContract;

/** Replay-safe retransmission on DynamoDB Local: the replay record rides in the commit's transaction. */
class DynamoReplayTest extends ReplayContract {
  @Override
  protected ZoneStore newStore() {
    return DynamoDbLocal.newStore();
  }
}
