package dev.ddns.adapter.memory;

import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.ExpirySweepContract;
import java.time.Clock;

/** The expiry sweep on the in-memory store. */
class InMemoryExpirySweepTest extends ExpirySweepContract {
  @Override
  protected ZoneStore newStore(Clock clock) {
    return new InMemoryZoneStore();
  }
}
