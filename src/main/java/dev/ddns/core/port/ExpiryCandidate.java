package dev.ddns.core.port;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * A name that may hold RRsets due for expiry, as the store's expiry index lists it: the owner name
 * and the last addition time of each of its stamped RRsets (docs/policy.md, "what a sweep
 * reads"). An index may lag the zone; the sweep decides on the consistent read of the node.
 *
 * @param name the owner name
 * @param lastAdded the last addition time of each stamped RRset, by type; never empty
 */
public record ExpiryCandidate(Name name, Map<Integer, Instant> lastAdded) {
  public ExpiryCandidate {
    Objects.requireNonNull(name, "name");
    if (lastAdded.isEmpty()) {
      throw new IllegalArgumentException(name + ": a candidate has at least one stamped RRset");
    }
    lastAdded = Map.copyOf(lastAdded);
  }

  /** The earliest stamp: the key the index orders candidates by. */
  public Instant earliest() {
    return lastAdded.values().stream().min(Instant::compareTo).orElseThrow();
  }
}
