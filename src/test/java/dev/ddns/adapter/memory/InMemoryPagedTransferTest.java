package dev.ddns.adapter.memory;

import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.PagedTransferContract;

/** Paged full-zone transfers resumed from node positions, on the in-memory store. */
class InMemoryPagedTransferTest extends PagedTransferContract {
  @Override
  protected ZoneStore newStore() {
    return new InMemoryZoneStore();
  }
}
