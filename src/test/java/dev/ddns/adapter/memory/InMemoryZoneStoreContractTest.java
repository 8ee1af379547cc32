package dev.ddns.adapter.memory;

import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.port.ZoneStoreContract;

/** The store contract on the in-memory reference store. */
class InMemoryZoneStoreContractTest extends ZoneStoreContract {
  @Override
  protected ZoneStore newStore() {
    return new InMemoryZoneStore();
  }
}
