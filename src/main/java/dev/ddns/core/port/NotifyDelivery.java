package dev.ddns.core.port;

import java.time.Duration;
import org.xbill.DNS.Rcode;

/**
 * How one NOTIFY went.
 *
 * @param target the target as configured
 * @param outcome whether it answered
 * @param attempts datagrams sent
 * @param rcode the answer's rcode when it answered, else -1
 * @param elapsed from the first datagram to the answer or to giving up
 */
public record NotifyDelivery(String target, Outcome outcome, int attempts, int rcode,
    Duration elapsed) {

  /** What came of a NOTIFY, in words: {@code answered NOERROR}, {@code silent}. */
  public static String describe(Outcome outcome, int rcode) {
    return switch (outcome) {
      case ANSWERED -> "answered " + Rcode.string(rcode);
      case SILENT -> "silent";
      case BAD_TARGET -> "not a usable address";
    };
  }

  /** What came of a NOTIFY. */
  public enum Outcome {
    /** A response arrived (any rcode: NOTIMP too, RFC 1996 §4.7). */
    ANSWERED,
    /** No response within the window. */
    SILENT,
    /** The target is not an address this sender can use (malformed, unresolvable). */
    BAD_TARGET
  }
}
