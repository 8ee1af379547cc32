package dev.ddns.core.tsig;

import org.xbill.DNS.Header;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Where the TSIG record of a message sits, read from the wire (<a
 * href="https://www.rfc-editor.org/rfc/rfc8945#section-5.2">RFC 8945 §5.2</a>): at most one TSIG,
 * and only as the last record of the additional section. The offset of that record is where the
 * MAC input ends (RFC 8945 §4.3.3.1).
 *
 * @param tsigCount how many TSIG records the message holds, in any section
 * @param start the offset of the TSIG record when it is correctly placed, else -1
 * @param problem why the placement is wrong, or empty
 */
record TsigPlacement(int tsigCount, int start, String problem) {
  private static final int QUESTION_FIXED = 4;
  /** Type, class, TTL and rdata length after an owner name. */
  private static final int RR_FIXED = 10;

  boolean ok() {
    return problem.isEmpty();
  }

  /** Walks the records of {@code wire}, a message dnsjava has parsed. */
  static TsigPlacement of(byte[] wire) {
    int pos = Header.LENGTH;
    for (int i = 0; i < count(wire, Section.QUESTION); i++) {
      pos = skipName(wire, pos) + QUESTION_FIXED;
    }
    int tsigs = 0;
    int start = -1;
    boolean last = false;
    for (int section = Section.ANSWER; section <= Section.ADDITIONAL; section++) {
      int records = count(wire, section);
      for (int j = 0; j < records; j++) {
        int recordStart = pos;
        pos = skipName(wire, pos);
        if (pos + RR_FIXED > wire.length) {
          return broken("the records run past the end of the message");
        }
        int type = u16(wire, pos);
        pos += RR_FIXED + u16(wire, pos + 8);
        if (type == Type.TSIG) {
          tsigs++;
          start = recordStart;
          last = section == Section.ADDITIONAL && j == records - 1;
        }
      }
    }
    return placement(tsigs, start, last);
  }

  // RFC 8945 §5.2: one TSIG at most, and it must be the last record of the additional section.
  private static TsigPlacement placement(int tsigs, int start, boolean last) {
    if (tsigs > 1) {
      return new TsigPlacement(tsigs, -1, "the message holds " + tsigs + " TSIG records");
    }
    if (tsigs == 1 && !last) {
      return new TsigPlacement(tsigs, -1,
          "the TSIG record is not the last record of the additional section");
    }
    return new TsigPlacement(tsigs, start, "");
  }

  private static TsigPlacement broken(String problem) {
    return new TsigPlacement(0, -1, problem);
  }

  private static int count(byte[] wire, int section) {
    return u16(wire, 4 + 2 * section);
  }

  /** The offset after the name at {@code pos}: labels up to the root or a compression pointer. */
  private static int skipName(byte[] wire, int pos) {
    while (pos < wire.length) {
      int len = wire[pos] & 0xff;
      if ((len & 0xc0) == 0xc0) {
        return pos + 2;
      }
      if (len == 0) {
        return pos + 1;
      }
      pos += len + 1;
    }
    return wire.length + 1;
  }

  private static int u16(byte[] wire, int pos) {
    return pos + 1 < wire.length ? ((wire[pos] & 0xff) << 8) | (wire[pos + 1] & 0xff) : 0;
  }
}
