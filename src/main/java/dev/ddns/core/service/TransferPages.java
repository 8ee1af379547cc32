package dev.ddns.core.service;

import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.query.TransferContinuation;
import dev.ddns.core.tsig.StreamSigner;
import dev.ddns.core.tsig.TsigResponder;
import dev.ddns.core.tsig.TsigResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Message;

/**
 * Signs a zone transfer's messages as one TSIG stream (RFC 8945 §5.3.1) and cuts it into pages
 * ({@link TransferPaging}): each page continues the MAC chain of the page before, from the
 * {@link TransferContinuation} that page handed out.
 */
final class TransferPages {
  /** DNS-over-TCP framing: each message is preceded by its two-byte length. */
  private static final int FRAME_PREFIX = 2;

  private final TsigResponder responder;

  TransferPages(TsigResponder responder) {
    this.responder = responder;
  }

  /** The first page of a transfer built from the zone at {@code pin}. */
  DnsResponse first(List<Message> messages, TsigResult.Verified tsig, TransferPaging paging,
      boolean incremental, ZoneHead pin) {
    return page(messages, 0, responder.streamSigner(tsig, null), tsig, paging,
        new TransferContinuation(incremental, pin.version(), pin.serial(), 0, new byte[0]));
  }

  /** The page that {@code at} asks for, of the same messages the first page came from. */
  DnsResponse next(List<Message> messages, TsigResult.Verified tsig, TransferPaging paging,
      TransferContinuation at) {
    return page(messages, at.nextMessage(), responder.streamSigner(tsig, at.priorMac()), tsig,
        paging, at);
  }

  /**
   * Ends a paged transfer that cannot go on with {@code error}, signed in the chain (RFC 5936
   * §2.2: an error rcode ends a transfer), so the client drops what it got and transfers again.
   */
  DnsResponse abort(Message error, TsigResult.Verified tsig, TransferContinuation at) {
    StreamSigner signer = responder.streamSigner(tsig, at.priorMac());
    return DnsResponse.page(List.of(signer.sign(error)), Optional.empty());
  }

  private static DnsResponse page(List<Message> messages, int from, StreamSigner signer,
      TsigResult.Verified tsig, TransferPaging paging, TransferContinuation pin) {
    List<byte[]> out = new ArrayList<>();
    long size = 0;
    int next = from;
    byte[] macBefore = signer.lastMac();
    for (; next < messages.size(); next++) {
      byte[] wire = signer.sign(messages.get(next).clone());
      size += FRAME_PREFIX + wire.length;
      if (!out.isEmpty() && size > paging.pageLimit()) {
        break;
      }
      out.add(wire);
      macBefore = signer.lastMac();
    }
    if (next == messages.size()) {
      return DnsResponse.page(out, Optional.empty());
    }
    TransferContinuation continuation = new TransferContinuation(pin.incremental(),
        pin.version(), pin.serial(), next, macBefore);
    return DnsResponse.page(out, Optional.of(
        continuation.seal(tsig.key(), tsig.requestTsig().getSignature())));
  }
}
