package dev.ddns.core.wire;

/**
 * The layout of a DNS message read from its bytes without decoding it (<a
 * href="https://www.rfc-editor.org/rfc/rfc1035#section-4.1">RFC 1035 §4.1</a>): the header
 * fields, the names and records walked in place, and where the TSIG record sits. It allocates
 * nothing and throws nothing, so the relay can sort datagrams with it on the receive thread, and
 * the core reads with it what it must know before dnsjava parses a message. The one home of the
 * TSIG placement rule (docs/architecture.md, "Where each RFC's rules live").
 */
public final class WireShape {
  /** The fixed header (RFC 1035 §4.1.1). */
  public static final int HEADER_LENGTH = 12;
  /** {@link #tsigStart}: the message holds no TSIG record. */
  public static final int NO_TSIG = -1;
  /** {@link #tsigStart}: a name or record runs past the end of the message, or is not one. */
  public static final int TRUNCATED = -2;
  /** {@link #tsigStart}: a TSIG record that is not the last record of the additional section. */
  public static final int TSIG_MISPLACED = -3;
  /** {@link #tsigStart}: more than one TSIG record. */
  public static final int TSIG_REPEATED = -4;

  /** Section numbers, as the header counts them. */
  public static final int QUESTION = 0;
  public static final int ANSWER = 1;
  public static final int AUTHORITY = 2;
  public static final int ADDITIONAL = 3;

  private static final int QUESTION_FIXED = 4;
  private static final int RECORD_FIXED = 10;
  private static final int MAX_LABEL = 63;
  private static final int MAX_NAME = 255;
  private static final int POINTER = 0xc0;
  private static final int TYPE_TSIG = 250;

  private WireShape() {}

  /** True when {@code m} is long enough to hold a header. */
  public static boolean hasHeader(byte[] m) {
    return m.length >= HEADER_LENGTH;
  }

  /** The QR bit: true for a response. Needs {@link #hasHeader}. */
  public static boolean isResponse(byte[] m) {
    return (m[2] & 0x80) != 0;
  }

  /** The opcode (RFC 1035 §4.1.1). Needs {@link #hasHeader}. */
  public static int opcode(byte[] m) {
    return (m[2] >> 3) & 0x0f;
  }

  /** The record count of {@code section} ({@link #QUESTION} to {@link #ADDITIONAL}). */
  public static int count(byte[] m, int section) {
    return u16(m, 4 + 2 * section);
  }

  /**
   * The offset after the name at {@code at} (RFC 1035 §3.1, §4.1.4: labels of at most 63 octets,
   * 255 in all, ending in the root label or a compression pointer), or -1 when there is none.
   */
  public static int skipName(byte[] m, int at) {
    int length = 0;
    while (at >= 0 && at < m.length) {
      int label = m[at] & 0xff;
      if (label == 0) {
        return at + 1;
      }
      if ((label & POINTER) == POINTER) {
        return fixed(m, at, 2);
      }
      length += label + 1;
      if (label > MAX_LABEL || length + 1 > MAX_NAME) {
        return -1;
      }
      at += label + 1;
    }
    return -1;
  }

  /** The type of the first question, or -1 when the message has none or it is cut short. */
  public static int questionType(byte[] m) {
    int at = firstQuestionFields(m);
    return at < 0 ? -1 : u16(m, at);
  }

  /** The class of the first question (the zone section of an UPDATE), or -1 as above. */
  public static int questionClass(byte[] m) {
    int at = firstQuestionFields(m);
    return at < 0 ? -1 : u16(m, at + 2);
  }

  /**
   * Where the TSIG record starts, which is where the MAC input ends (RFC 8945 §4.3.3.1), after a
   * walk over every record. RFC 8945 §5.2: at most one TSIG, and only as the last record of the
   * additional section; else {@link #TSIG_MISPLACED} or {@link #TSIG_REPEATED}. {@link #NO_TSIG}
   * for a complete message without one, {@link #TRUNCATED} for one that is not complete.
   */
  public static int tsigStart(byte[] m) {
    if (!hasHeader(m)) {
      return TRUNCATED;
    }
    int at = HEADER_LENGTH;
    for (int i = count(m, QUESTION); i > 0 && at >= 0; i--) {
      at = fixed(m, skipName(m, at), QUESTION_FIXED);
    }
    int before = count(m, ANSWER) + count(m, AUTHORITY);
    int records = before + count(m, ADDITIONAL);
    int tsigs = 0;
    int start = NO_TSIG;
    for (int i = 0; i < records && at >= 0; i++) {
      int recordStart = at;
      int fields = skipName(m, at);
      at = fixed(m, fields, RECORD_FIXED);
      at = at < 0 ? at : fixed(m, at, u16(m, fields + 8));
      if (at >= 0 && u16(m, fields) == TYPE_TSIG) {
        tsigs++;
        start = i == records - 1 && i >= before ? recordStart : TSIG_MISPLACED;
      }
    }
    if (at < 0) {
      return TRUNCATED;
    }
    return tsigs > 1 ? TSIG_REPEATED : start;
  }

  /** The offset of the first question's type, or -1. */
  private static int firstQuestionFields(byte[] m) {
    if (!hasHeader(m) || count(m, QUESTION) == 0) {
      return -1;
    }
    int fields = skipName(m, HEADER_LENGTH);
    return fixed(m, fields, QUESTION_FIXED) < 0 ? -1 : fields;
  }

  /** The offset after {@code length} more bytes at {@code at}; -1 when the message ends first. */
  private static int fixed(byte[] m, int at, int length) {
    return at < 0 || at + length > m.length ? -1 : at + length;
  }

  private static int u16(byte[] m, int at) {
    return ((m[at] & 0xff) << 8) | (m[at + 1] & 0xff);
  }
}
