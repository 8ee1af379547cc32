package dev.ddns.adapter.dynamodb;

import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.CatalogMembershipContract;

/** Catalog membership on DynamoDB Local: the catalog's updates are transactions like any. */
class DynamoCatalogMembershipTest extends CatalogMembershipContract {
  @Override
  protected ZoneStore newStore() {
    return DynamoDbLocal.newStore();
  }
}
