package dev.ddns.core.tsig;

import java.time.Clock;
import java.time.Duration;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIGRecord;

/**
 * Renders responses with the TSIG the request calls for (<a
 * href="https://www.rfc-editor.org/rfc/rfc8945#section-5.3">RFC 8945 §5.3</a>): signed with the
 * request's key when it verified; BADKEY and BADSIG unsigned; BADTIME and BADTRUNC signed, as their
 * MAC verified; nothing for an unsigned request or a malformed TSIG record. Nothing is ever signed
 * for a request whose MAC did not verify.
 */
public final class TsigResponder {
  private static final Duration FUDGE = Duration.ofSeconds(300);

  private final Clock clock;
  private final Signers signers;

  public TsigResponder(Clock clock) {
    this.clock = clock;
    this.signers = new Signers(clock);
  }

  /**
   * The response in wire format, at most {@code maxLength} bytes. One that does not fit is sent
   * as its header, question and OPT with TC set (RFC 2181 §9), signed over that truncated form, so
   * the client sees a valid MAC and retries over TCP.
   */
  public byte[] render(Message response, TsigResult request, int maxLength) {
    byte[] full = sign(response.clone(), request).toWire();
    if (full.length <= maxLength) {
      return full;
    }
    return sign(truncated(response), request).toWire();
  }

  private Message sign(Message response, TsigResult request) {
    if (request instanceof TsigResult.Verified v) {
      signers.of(v.key()).apply(response, Rcode.NOERROR, v.requestTsig());
    } else if (request instanceof TsigResult.Failed f && f.macVerified()) {
      signers.of(f.key()).apply(response, f.error(), f.requestTsig());
    } else if (request instanceof TsigResult.Failed f) {
      response.addRecord(unsignedError(response, f), Section.ADDITIONAL);
    }
    return response;
  }

  private static Message truncated(Message response) {
    Header original = response.getHeader();
    Header header = new Header(original.getID());
    for (int flag : new int[] {Flags.QR, Flags.AA, Flags.RD, Flags.TC}) {
      if (flag == Flags.TC || original.getFlag(flag)) {
        header.setFlag(flag);
      }
    }
    header.setOpcode(original.getOpcode());
    header.setRcode(original.getRcode());
    Message out = new Message(header.getID());
    out.setHeader(header);
    for (Record question : response.getSection(Section.QUESTION)) {
      out.addRecord(question, Section.QUESTION);
    }
    if (response.getOPT() != null) {
      out.addRecord(response.getOPT(), Section.ADDITIONAL);
    }
    return out;
  }

  /**
   * A signer for the messages of a multi-message response to a verified request: from its start
   * when {@code priorMac} is null, else continuing after the message whose MAC it is.
   */
  public StreamSigner streamSigner(TsigResult.Verified request, byte[] priorMac) {
    return new StreamSigner(signers.of(request.key()), request.requestTsig(), priorMac);
  }

  /** RFC 8945 §5.3.2: BADKEY and BADSIG go back with an empty MAC, since we cannot sign. */
  private TSIGRecord unsignedError(Message response, TsigResult.Failed failed) {
    TSIGRecord req = failed.requestTsig();
    return new TSIGRecord(req.getName(), DClass.ANY, 0, req.getAlgorithm(), clock.instant(),
        FUDGE, new byte[0], response.getHeader().getID(), failed.error(), null);
  }
}
