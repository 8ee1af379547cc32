package dev.ddns.adapter.memory;

import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.update.UpdateRulesContract;

/** The RFC 2136 rule table on the in-memory store. */
class InMemoryUpdateRulesTest extends UpdateRulesContract {
  @Override
  protected ZoneStore newStore() {
    return new InMemoryZoneStore();
  }
}
