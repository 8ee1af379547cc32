package dev.ddns.adapter.memory;

import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.UpdatePolicyContract;

/** The update policy table on the in-memory store. */
class InMemoryUpdatePolicyTest extends UpdatePolicyContract {
  @Override
  protected ZoneStore newStore() {
    return new InMemoryZoneStore();
  }
}
