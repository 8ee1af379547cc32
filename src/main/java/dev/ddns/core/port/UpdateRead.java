package dev.ddns.core.port;

import dev.ddns.core.model.ReplayRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * What a signed update reads before it is evaluated: the zone's view for the update, and the
 * replay record of the same key and MAC when a copy of the request was answered before (RFC 2136
 * §7.8).
 *
 * @param zone the head and the nodes the update touches
 * @param replayed the record a copy of this request left, if any
 */
public record UpdateRead(PinnedReader zone, Optional<ReplayRecord> replayed) {
  public UpdateRead {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(replayed, "replayed");
  }
}
