package dev.ddns.relay;

import dev.ddns.core.wire.WireShape;

/**
 * Sorts datagrams before they cost anything, on the receive thread: a walk over the wire format
 * with {@link WireShape}, which allocates nothing and throws nothing. Only complete requests are
 * worth a trip to the endpoint; anything else the endpoint would only answer FORMERR (or not at
 * all, for a response), so the relay answers it itself. That includes a TSIG record anywhere but
 * last in the additional section, which the endpoint's verifier rejects by the same rule (RFC 8945
 * §5.2). A request whose last additional record is a TSIG (the relay has no keys, so this is
 * structure only) is signed and takes the signed lane, which never waits behind unsigned traffic.
 * The bytes of a forwarded request are not changed (TSIG covers them); the endpoint parses them in
 * full.
 */
final class RequestScreen {
  /** What a datagram is, as far as the relay can tell without keys. */
  enum Kind {
    /** A request with a TSIG record last: forwarded on the signed lane. */
    SIGNED,
    /** Any other request: forwarded on the unsigned lane, under the unsigned rate limit. */
    UNSIGNED,
    /**
     * A header without the response flag but not a complete request, or one with a misplaced
     * TSIG: the relay's FORMERR.
     */
    MALFORMED,
    /** A response, or shorter than a header: no answer (answering could loop). */
    IGNORED
  }

  private RequestScreen() {}

  static Kind classify(byte[] m) {
    if (!WireShape.hasHeader(m) || WireShape.isResponse(m)) {
      return Kind.IGNORED;
    }
    int tsig = WireShape.tsigStart(m);
    if (tsig >= 0) {
      return Kind.SIGNED;
    }
    return tsig == WireShape.NO_TSIG ? Kind.UNSIGNED : Kind.MALFORMED;
  }
}
