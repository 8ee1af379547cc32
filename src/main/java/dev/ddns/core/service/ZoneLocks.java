package dev.ddns.core.service;

import java.util.concurrent.locks.ReentrantLock;
import org.xbill.DNS.Name;

/**
 * Updates of one zone take turns within this process, as BIND applies a zone's updates one at a
 * time. The store's version condition still guards against other processes (other Lambda
 * instances); inside one, queuing is cheaper than letting concurrent updates of a zone all read,
 * evaluate and then lose the commit race. A fixed set of striped locks, so that names chosen by
 * clients cannot grow it.
 */
final class ZoneLocks {
  private static final int STRIPES = 64;

  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  ZoneLocks() {
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** The lock of {@code zone}'s stripe; names compare case-insensitively, and so do stripes. */
  ReentrantLock of(Name zone) {
    return locks[Math.floorMod(zone.hashCode(), STRIPES)];
  }
}
