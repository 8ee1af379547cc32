package dev.ddns.adapter.memory;

import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.OwnerCaseContract;

/** Owner-name case as stored and as served, on the in-memory store. */
class InMemoryOwnerCaseTest extends OwnerCaseContract {
  @Override
  protected ZoneStore newStore() {
    return new InMemoryZoneStore();
  }
}
