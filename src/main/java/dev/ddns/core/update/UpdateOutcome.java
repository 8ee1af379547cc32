package dev.ddns.core.update;

import dev.ddns.core.model.ZoneCommit;
import java.util.Optional;

/**
 * What evaluating an update against a zone gave: a verdict and, when the zone changes, the commit
 * that stores the change.
 *
 * @param verdict NOERROR or the failing rule
 * @param commit the change to store; empty for a failure or a no-op
 */
public record UpdateOutcome(Verdict verdict, Optional<ZoneCommit> commit) {
  static UpdateOutcome failed(Verdict verdict) {
    return new UpdateOutcome(verdict, Optional.empty());
  }

  /** Nothing to change: NOERROR, nothing to commit. */
  public static UpdateOutcome unchanged() {
    return new UpdateOutcome(Verdict.OK, Optional.empty());
  }

  static UpdateOutcome changed(ZoneCommit commit) {
    return new UpdateOutcome(Verdict.OK, Optional.of(commit));
  }
}
