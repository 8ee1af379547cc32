package dev.ddns.adapter.memory;

import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.CatalogMembershipContract;

/** Catalog membership on the in-memory store. */
class InMemoryCatalogMembershipTest extends CatalogMembershipContract {
  @Override
  protected ZoneStore newStore() {
    return new InMemoryZoneStore();
  }
}
