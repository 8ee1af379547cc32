package dev.ddns.core.port;

import java.time.Instant;

/**
 * The last NOTIFY sent to one target of a zone, as {@code NotifyService} records it for {@code
 * ddns status} (docs/secondaries.md, "Propagation status").
 *
 * @param target the target as configured
 * @param serial the serial the NOTIFY announced
 * @param sent when it was sent
 * @param outcome whether the target answered
 * @param rcode the answer's rcode when it answered, else -1
 */
public record NotifyOutcome(String target, long serial, Instant sent,
    NotifyDelivery.Outcome outcome, int rcode) {

  /** E.g. {@code answered NOERROR}, {@code silent}. */
  public String describe() {
    return NotifyDelivery.describe(outcome, rcode);
  }
}
