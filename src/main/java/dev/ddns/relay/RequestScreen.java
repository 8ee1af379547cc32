package dev.ddns.relay;

import java.io.IOException;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;

/**
 * Sorts datagrams before they cost anything. Only those that parse as a DNS request are worth a
 * trip to the endpoint; anything else the endpoint would only answer FORMERR (or not at all, for
 * a response), so the relay answers it itself. A request whose last additional record is a TSIG
 * (RFC 8945 §5.2; the relay has no keys, so this is structure only) is signed and takes the
 * signed lane, which never waits behind unsigned traffic. The bytes of a forwarded request are
 * not changed (TSIG covers them).
 */
final class RequestScreen {
  /** What a datagram is, as far as the relay can tell without keys. */
  enum Kind {
    /** A request with a TSIG record last: forwarded on the signed lane. */
    SIGNED,
    /** Any other request: forwarded on the unsigned lane, under the unsigned rate limit. */
    UNSIGNED,
    /** A header without the response flag but not a parseable request: the relay's FORMERR. */
    MALFORMED,
    /** A response, or shorter than a header: no answer (answering could loop). */
    IGNORED
  }

  private RequestScreen() {}

  static Kind classify(byte[] message) {
    if (message.length < Header.LENGTH || (message[2] & 0x80) != 0) {
      return Kind.IGNORED;
    }
    try {
      return new Message(message).getTSIG() != null ? Kind.SIGNED : Kind.UNSIGNED;
    } catch (IOException | RuntimeException e) {
      return Kind.MALFORMED;
    }
  }
}
