package dev.ddns.relay;

import java.util.Arrays;
import java.util.Optional;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * The relay's own answer when the endpoint cannot give one, or must not be asked: the request's ID,
 * opcode, RD flag and first question (the zone section of an UPDATE, RFC 2136 §2.3) with an error
 * rcode, or with TC set and nothing else for a request over the unsigned rate limit. Built from
 * the request bytes defensively; a request shorter than a DNS header gets no answer, and neither
 * does a response (QR set): answering those would let two servers bounce errors forever.
 */
final class ErrorReply {
  private static final int HEADER_LENGTH = Header.LENGTH;

  private ErrorReply() {}

  static Optional<byte[]> servfail(byte[] request) {
    return reply(request, Rcode.SERVFAIL);
  }

  static Optional<byte[]> formerr(byte[] request) {
    return reply(request, Rcode.FORMERR);
  }

  /**
   * An empty truncated answer (RFC 1035 §4.1.1 TC, RFC 7766 §5): the client retries over TCP. The
   * relay's "slip" for a request over the unsigned rate limit.
   */
  static Optional<byte[]> truncated(byte[] request) {
    return reply(request, Rcode.NOERROR, true);
  }

  private static Optional<byte[]> reply(byte[] request, int rcode) {
    return reply(request, rcode, false);
  }

  private static Optional<byte[]> reply(byte[] request, int rcode, boolean truncated) {
    if (request.length < HEADER_LENGTH) {
      return Optional.empty();
    }
    Header requestHeader;
    try {
      requestHeader = new Header(Arrays.copyOf(request, HEADER_LENGTH));
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
    if (requestHeader.getFlag(Flags.QR)) {
      return Optional.empty();
    }
    Message reply = new Message(requestHeader.getID());
    Header header = reply.getHeader();
    header.setFlag(Flags.QR);
    if (truncated) {
      header.setFlag(Flags.TC);
    }
    header.setOpcode(requestHeader.getOpcode());
    if (requestHeader.getFlag(Flags.RD)) {
      header.setFlag(Flags.RD);
    }
    header.setRcode(rcode);
    if (requestHeader.getCount(Section.QUESTION) > 0) {
      question(request).ifPresent(q -> reply.addRecord(q, Section.QUESTION));
    }
    return Optional.of(reply.toWire());
  }

  /** The first question, or empty when it does not parse. */
  private static Optional<Record> question(byte[] request) {
    try {
      byte[] rest = Arrays.copyOfRange(request, HEADER_LENGTH, request.length);
      return Optional.of(Record.fromWire(rest, Section.QUESTION));
    } catch (java.io.IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
