package dev.ddns.testing;

import dev.ddns.core.tsig.TsigKey;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** UPDATE messages of the test zone, and their signed wire form as a client sends it. */
public final class SignedMessages {
  private SignedMessages() {}

  /** An UPDATE of {@link TestZone#ZONE} adding the record {@code line} (relative names allowed). */
  public static Message update(String line) {
    Message m = Message.newUpdate(TestZone.ZONE);
    m.addRecord(TestZone.rr(line), Section.UPDATE);
    return m;
  }

  /**
   * {@code wire} with {@code record} appended to its additional section, ARCOUNT raised by one, the
   * rest byte for byte: for a TSIG record a test computed itself, or records placed after one.
   */
  public static byte[] withAdditional(byte[] wire, Record record) {
    byte[] bytes = record.toWire(Section.ADDITIONAL);
    byte[] grown = Arrays.copyOf(wire, wire.length + bytes.length);
    System.arraycopy(bytes, 0, grown, wire.length, bytes.length);
    int additional = ((grown[10] & 0xff) << 8 | (grown[11] & 0xff)) + 1;
    grown[10] = (byte) (additional >>> 8);
    grown[11] = (byte) additional;
    return grown;
  }

  /**
   * {@code m} signed with {@code key} at {@code clock}'s time, in wire form; {@code m} keeps the
   * header ID and the TSIG record sent, so a test can verify the response as the client would.
   */
  public static byte[] signed(Message m, TsigKey key, Clock clock) {
    m.setTSIG(key.signer(clock));
    byte[] wire = m.toWire(65535);
    try {
      Message parsed = new Message(wire);
      m.getHeader().setID(parsed.getHeader().getID());
      m.addRecord(parsed.getTSIG(), Section.ADDITIONAL);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return wire;
  }
}
