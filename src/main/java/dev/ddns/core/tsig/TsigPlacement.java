package dev.ddns.core.tsig;

import dev.ddns.core.wire.WireShape;

/**
 * Where the TSIG record of a message sits, as {@link WireShape#tsigStart} reads it from the wire
 * (<a href="https://www.rfc-editor.org/rfc/rfc8945#section-5.2">RFC 8945 §5.2</a>: at most one
 * TSIG, and only as the last record of the additional section), with the verifier's words for a
 * wrong placement. The offset of that record is where the MAC input ends (RFC 8945 §4.3.3.1).
 *
 * @param start the offset of the TSIG record; -1 when there is none or it is wrongly placed
 * @param problem why the placement is wrong, or empty
 */
record TsigPlacement(int start, String problem) {
  boolean ok() {
    return problem.isEmpty();
  }

  /** True when the message carries a correctly placed TSIG record. */
  boolean signed() {
    return start >= 0;
  }

  static TsigPlacement of(byte[] wire) {
    int start = WireShape.tsigStart(wire);
    return switch (start) {
      case WireShape.NO_TSIG -> new TsigPlacement(-1, "");
      case WireShape.TSIG_REPEATED -> wrong("the message holds more than one TSIG record");
      case WireShape.TSIG_MISPLACED ->
          wrong("the TSIG record is not the last record of the additional section");
      case WireShape.TRUNCATED -> wrong("the records run past the end of the message");
      default -> new TsigPlacement(start, "");
    };
  }

  private static TsigPlacement wrong(String problem) {
    return new TsigPlacement(-1, problem);
  }
}
