package dev.ddns.adapter.memory;

import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.ReplayContract;

/** Replay-safe retransmission on the in-memory store. */
class InMemoryReplayTest extends ReplayContract {
  @Override
  protected ZoneStore newStore() {
    return new InMemoryZoneStore();
  }
}
