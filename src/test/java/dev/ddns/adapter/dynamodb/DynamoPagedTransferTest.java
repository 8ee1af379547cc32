package dev.ddns.adapter.dynamodb;

import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.PagedTransferContract;

/** Paged full-zone transfers resumed from node positions, on DynamoDB Local: ranged Queries. */
class DynamoPagedTransferTest extends PagedTransferContract {
  @Override
  protected ZoneStore newStore() {
    return DynamoDbLocal.newStore();
  }
}
