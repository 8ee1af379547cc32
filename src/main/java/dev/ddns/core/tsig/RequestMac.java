package dev.ddns.core.tsig;

import java.util.Arrays;
import javax.crypto.Mac;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Header;
import org.xbill.DNS.TSIGRecord;

/**
 * The MAC a request should carry (<a href="https://www.rfc-editor.org/rfc/rfc8945#section-4.3.3">
 * RFC 8945 §4.3.3</a>): the message as it was before the TSIG record was added, with the Original
 * ID in place of the message ID, then the TSIG variables.
 */
final class RequestMac {
  private RequestMac() {}

  /** The MAC of {@code wire}, whose TSIG record {@code tsig} starts at {@code tsigStart}. */
  static byte[] of(Mac mac, byte[] wire, int tsigStart, TSIGRecord tsig) {
    mac.update(header(wire, tsig.getOriginalID()));
    mac.update(wire, Header.LENGTH, tsigStart - Header.LENGTH);
    return mac.doFinal(variables(tsig));
  }

  /**
   * RFC 8945 §4.3.3.1: the header with ARCOUNT not counting the TSIG record, and the Original ID
   * substituted when the message ID differs (a forwarder changed it, RFC 8945 §5.5).
   */
  private static byte[] header(byte[] wire, int originalId) {
    byte[] header = Arrays.copyOf(wire, Header.LENGTH);
    header[0] = (byte) (originalId >>> 8);
    header[1] = (byte) originalId;
    int arcount = (((header[10] & 0xff) << 8) | (header[11] & 0xff)) - 1;
    header[10] = (byte) (arcount >>> 8);
    header[11] = (byte) arcount;
    return header;
  }

  /** RFC 8945 §4.3.3.2: the TSIG variables, names in canonical form. */
  private static byte[] variables(TSIGRecord tsig) {
    DNSOutput out = new DNSOutput();
    tsig.getName().toWireCanonical(out);
    out.writeU16(tsig.getDClass());
    out.writeU32(tsig.getTTL());
    tsig.getAlgorithm().toWireCanonical(out);
    long time = tsig.getTimeSigned().getEpochSecond();
    out.writeU16((int) (time >>> 32));
    out.writeU32(time & 0xffffffffL);
    out.writeU16((int) tsig.getFudge().getSeconds());
    out.writeU16(tsig.getError());
    byte[] other = tsig.getOther() == null ? new byte[0] : tsig.getOther();
    out.writeU16(other.length);
    out.writeByteArray(other);
    return out.toByteArray();
  }
}
