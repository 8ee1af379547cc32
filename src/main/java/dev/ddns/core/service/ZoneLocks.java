package dev.ddns.core.service;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.xbill.DNS.Name;

/**
 * Updates of one zone take turns within this process, as BIND applies a zone's updates one at a
 * time; the one whose turn it is takes the others waiting for the same zone into its group
 * (docs/architecture.md, "Group commit"). The store's version condition still guards against other
 * processes (other Lambda instances); inside one, queuing is cheaper than letting concurrent
 * updates of a zone all read, evaluate and then lose the commit race. A fixed set of striped
 * locks, so that names chosen by clients cannot grow it.
 */
final class ZoneLocks {
  private static final int STRIPES = 64;

  /** One stripe: its lock, and the writes waiting for it, oldest first. */
  record Stripe(ReentrantLock lock, Queue<ZoneWriter.Pending> waiting) {}

  private final Stripe[] stripes = new Stripe[STRIPES];

  ZoneLocks() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe(new ReentrantLock(), new ConcurrentLinkedQueue<>());
    }
  }

  /** The stripe of {@code zone}; names compare case-insensitively, and so do stripes. */
  Stripe of(Name zone) {
    return stripes[Math.floorMod(zone.hashCode(), STRIPES)];
  }
}
