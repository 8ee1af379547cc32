package dev.ddns.core.service;

import java.util.List;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/** Building blocks for response messages. */
final class Responses {
  /** The UDP payload size we advertise (DNS flag day 2020). */
  static final int EDNS_PAYLOAD = 1232;
  /** RFC 1035 §4.2.1: without EDNS a UDP answer is at most 512 bytes. */
  private static final int CLASSIC_UDP = 512;

  private Responses() {}

  /**
   * A response to a request that could not be parsed: its ID and opcode from the raw header, QR
   * set, no sections.
   */
  static byte[] headerOnly(byte[] request, int rcode) {
    int id = ((request[0] & 0xff) << 8) | (request[1] & 0xff);
    int opcode = (request[2] >> 3) & 0xf;
    Header header = new Header(id);
    header.setFlag(Flags.QR);
    header.setOpcode(opcode);
    header.setRcode(rcode);
    Message message = new Message(header.getID());
    message.setHeader(header);
    return message.toWire();
  }

  /**
   * A reply with the request's ID, opcode, question (zone section) and, for queries, RD flag
   * (RFC 1035 §4.1.1); when the
   * request used EDNS (RFC 6891) an OPT record, carrying an Extended DNS Error (RFC 8914) when the
   * rcode is a failure.
   */
  static Message reply(Message request, int rcode, String reason) {
    Header header = new Header(request.getHeader().getID());
    header.setFlag(Flags.QR);
    header.setOpcode(request.getHeader().getOpcode());
    if (request.getHeader().getOpcode() == Opcode.QUERY && request.getHeader().getFlag(Flags.RD)) {
      header.setFlag(Flags.RD);
    }
    Message reply = new Message(header.getID());
    reply.setHeader(header);
    if (request.getHeader().getCount(Section.QUESTION) == 1) {
      reply.addRecord(request.getQuestion(), Section.QUESTION);
    }
    // RFC 6891 §6.1.3: an rcode above 15 keeps its lower 4 bits in the header, the rest in the OPT.
    header.setRcode(rcode & 0xf);
    if (request.getOPT() != null) {
      reply.addRecord(opt(rcode, reason), Section.ADDITIONAL);
    }
    return reply;
  }

  private static OPTRecord opt(int rcode, String reason) {
    List<EDNSOption> options = rcode == Rcode.NOERROR || reason.isEmpty() ? List.of()
        : List.of(new ExtendedErrorCodeOption(extendedError(rcode), reason));
    return new OPTRecord(EDNS_PAYLOAD, rcode >>> 4, EdnsCheck.VERSION, 0, options);
  }

  /** RFC 8914 §4: the closest info-code for an rcode. */
  private static int extendedError(int rcode) {
    return switch (rcode) {
      case Rcode.REFUSED -> ExtendedErrorCodeOption.PROHIBITED;
      case Rcode.NOTAUTH, Rcode.NOTZONE -> ExtendedErrorCodeOption.NOT_AUTHORITATIVE;
      default -> ExtendedErrorCodeOption.OTHER;
    };
  }

  /**
   * The largest response the transport takes: over UDP the smaller of the path's limit and the
   * client's EDNS payload size (RFC 6891 §6.2.5), at least 512; over streams 65,535.
   */
  static int limit(Message request, RequestContext context) {
    if (context.transport() != Transport.UDP) {
      return RequestContext.MAX_MESSAGE;
    }
    OPTRecord opt = request.getOPT();
    int client = opt == null ? CLASSIC_UDP : Math.max(CLASSIC_UDP, opt.getPayloadSize());
    return Math.min(context.udpLimit(), client);
  }
}
