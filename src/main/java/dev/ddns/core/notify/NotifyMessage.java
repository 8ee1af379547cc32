package dev.ddns.core.notify;

import dev.ddns.core.model.Serial;
import dev.ddns.core.tsig.TsigKey;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The NOTIFY message of <a href="https://www.rfc-editor.org/rfc/rfc1996">RFC 1996</a> and the
 * test whether a datagram answers it.
 */
public final class NotifyMessage {
  private NotifyMessage() {}

  /**
   * NOTIFY for the zone of {@code soa}: opcode NOTIFY, AA set, the question {@code zone IN SOA}
   * (RFC 1996 §3.7) and the SOA in the answer section as a hint (RFC 1996 §3.7), TSIG-signed
   * with {@code key} when one is given (RFC 8945 §5.1).
   */
  public static Message build(SOARecord soa, int id, Optional<TsigKey> key, Clock clock) {
    Message message = new Message(id);
    Header header = message.getHeader();
    header.setOpcode(Opcode.NOTIFY); // RFC 1996 §3.1
    header.setFlag(Flags.AA); // RFC 1996 §3.7
    message.addRecord(Record.newRecord(soa.getName(), Type.SOA, DClass.IN), Section.QUESTION);
    message.addRecord(soa, Section.ANSWER);
    key.ifPresent(k -> k.signer(clock).apply(message, null));
    return message;
  }

  /**
   * The SOA to announce: {@code stored} as read, or with {@code serial} when the read lags behind
   * the change being announced (RFC 1982 §3.2), so the hint never names an older serial.
   */
  public static SOARecord announced(SOARecord stored, long serial) {
    if (!Serial.isGreater(serial, stored.getSerial())) {
      return stored;
    }
    return Serial.replaced(stored, serial);
  }

  /**
   * The rcode of {@code datagram} when it is a response to the NOTIFY with {@code id}; empty for
   * anything else. Any response ends the retries, whatever its rcode: NOTIMP from a server
   * without NOTIFY support included (RFC 1996 §3.6, §4.7).
   */
  public static OptionalInt answerRcode(int id, byte[] datagram) {
    try {
      Header header = new Header(datagram);
      if (header.getID() != id || !header.getFlag(Flags.QR)) {
        return OptionalInt.empty();
      }
      return OptionalInt.of(header.getRcode());
    } catch (IOException e) {
      return OptionalInt.empty();
    }
  }
}
