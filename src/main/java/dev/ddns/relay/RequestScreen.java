package dev.ddns.relay;

import java.io.IOException;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;

/**
 * Which datagrams are worth a trip to the endpoint: those that parse as a DNS request. Anything
 * else the endpoint would only answer FORMERR (or not at all, for a response), so the relay
 * answers it itself and a flood of garbage never fills the forwarding queue that signed updates
 * wait in. The bytes of a forwarded request are not changed (TSIG covers them).
 */
final class RequestScreen {
  private RequestScreen() {}

  static boolean forward(byte[] message) {
    if (message.length < Header.LENGTH || (message[2] & 0x80) != 0) {
      return false;
    }
    try {
      new Message(message);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
