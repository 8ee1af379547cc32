package dev.ddns.core.tsig;

import java.time.Duration;
import java.time.Instant;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * Signs the messages of one multi-message response in order (<a
 * href="https://www.rfc-editor.org/rfc/rfc8945#section-5.3.1">RFC 8945 §5.3.1</a>): the first in
 * full against the request's MAC, each later one against the MAC before it. A stream can resume
 * where another signer left off, from the MAC of the last message sent, so that a transfer served
 * in several pieces is still one signed stream.
 */
public final class StreamSigner {
  private final TSIG signer;
  private final TSIGRecord request;
  private TSIGRecord previous;
  private boolean first;

  StreamSigner(TSIG signer, TSIGRecord request, byte[] priorMac) {
    this.signer = signer;
    this.request = request;
    this.first = priorMac == null;
    this.previous = first ? request : withMac(request, priorMac);
  }

  /** Signs {@code message}, the next of the stream, and returns it in wire format. */
  public byte[] sign(Message message) {
    signer.apply(message, Rcode.NOERROR, previous, first);
    previous = message.getTSIG();
    first = false;
    return message.toWire();
  }

  /** The MAC of the last message signed (the request's before any): where the stream resumes. */
  public byte[] lastMac() {
    return previous.getSignature().clone();
  }

  /** Only the MAC of the message before matters to the next digest (RFC 8945 §4.3.1). */
  private static TSIGRecord withMac(TSIGRecord like, byte[] mac) {
    return new TSIGRecord(like.getName(), DClass.ANY, 0, like.getAlgorithm(), Instant.EPOCH,
        Duration.ZERO, mac, like.getOriginalID(), Rcode.NOERROR, null);
  }
}
