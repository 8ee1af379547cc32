package dev.ddns.relay;

/**
 * Sorts datagrams before they cost anything, on the receive thread: a walk over the wire format
 * (RFC 1035 §4.1) that allocates nothing and throws nothing. Only complete requests are worth a
 * trip to the endpoint; anything else the endpoint would only answer FORMERR (or not at all, for a
 * response), so the relay answers it itself. A request whose last additional record is a TSIG
 * (RFC 8945 §5.2; the relay has no keys, so this is structure only) is signed and takes the
 * signed lane, which never waits behind unsigned traffic. The bytes of a forwarded request are not
 * changed (TSIG covers them); the endpoint parses them in full.
 */
final class RequestScreen {
  /** What a datagram is, as far as the relay can tell without keys. */
  enum Kind {
    /** A request with a TSIG record last: forwarded on the signed lane. */
    SIGNED,
    /** Any other request: forwarded on the unsigned lane, under the unsigned rate limit. */
    UNSIGNED,
    /** A header without the response flag but not a complete request: the relay's FORMERR. */
    MALFORMED,
    /** A response, or shorter than a header: no answer (answering could loop). */
    IGNORED
  }

  private static final int HEADER_LENGTH = 12;
  private static final int QUESTION_FIXED = 4;
  private static final int RECORD_FIXED = 10;
  private static final int MAX_NAME = 255;
  private static final int TYPE_TSIG = 250;

  private RequestScreen() {}

  static Kind classify(byte[] m) {
    if (m.length < HEADER_LENGTH || (m[2] & 0x80) != 0) {
      return Kind.IGNORED;
    }
    int at = HEADER_LENGTH;
    for (int i = u16(m, 4); i > 0 && at >= 0; i--) {
      at = fixed(m, skipName(m, at), QUESTION_FIXED);
    }
    int before = u16(m, 6) + u16(m, 8);
    int records = before + u16(m, 10);
    boolean tsigLast = false;
    for (int i = 0; i < records && at >= 0; i++) {
      int type = skipName(m, at);
      at = fixed(m, type, RECORD_FIXED);
      at = at < 0 ? at : fixed(m, at, u16(m, type + 8));
      boolean tsig = at >= 0 && u16(m, type) == TYPE_TSIG;
      // RFC 8945 §5.2: a TSIG in the additional section must be its last record.
      if (tsig && i >= before && i < records - 1) {
        return Kind.MALFORMED;
      }
      tsigLast = tsig && i == records - 1 && i >= before;
    }
    if (at < 0) {
      return Kind.MALFORMED;
    }
    return tsigLast ? Kind.SIGNED : Kind.UNSIGNED;
  }

  /** The offset after {@code length} more bytes at {@code at}; -1 when the message ends first. */
  private static int fixed(byte[] m, int at, int length) {
    return at < 0 || at + length > m.length ? -1 : at + length;
  }

  /**
   * The offset after the name at {@code at} (RFC 1035 §3.1, §4.1.4: labels of at most 63 octets,
   * 255 in all, ending in the root label or a compression pointer), or -1 when it is not one.
   */
  private static int skipName(byte[] m, int at) {
    int length = 0;
    while (at >= 0 && at < m.length) {
      int label = m[at] & 0xff;
      if (label == 0) {
        return at + 1;
      }
      if ((label & 0xc0) == 0xc0) {
        return fixed(m, at, 2);
      }
      length += label + 1;
      if ((label & 0xc0) != 0 || length + 1 > MAX_NAME) {
        return -1;
      }
      at += label + 1;
    }
    return -1;
  }

  private static int u16(byte[] m, int at) {
    return ((m[at] & 0xff) << 8) | (m[at + 1] & 0xff);
  }
}
