package dev.ddns.core.service;

import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.query.TransferContinuation;
import dev.ddns.core.query.TransferContinuation.Position;
import dev.ddns.core.query.ZoneTransfer;
import dev.ddns.core.tsig.StreamSigner;
import dev.ddns.core.tsig.TsigResponder;
import dev.ddns.core.tsig.TsigResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Message;

/**
 * Signs a zone transfer's messages as one TSIG stream (RFC 8945 §5.3.1) and cuts it into pages
 * ({@link TransferPaging}): each page continues the MAC chain of the page before, from the
 * {@link TransferContinuation} that page handed out. A page ends when the room left is less than
 * the largest message ({@link ZoneTransfer#LARGEST_MESSAGE}), so that no message is read and built
 * only to be left out (or, for a larger one, before the message that would take it over the page
 * limit), or at the first message boundary after its deadline; but it holds at least one message,
 * so every page moves the transfer on.
 */
final class TransferPages {
  /** DNS-over-TCP framing: each message is preceded by its two-byte length. */
  private static final int FRAME_PREFIX = 2;

  /** The messages of a transfer from some position on. */
  interface Source {
    /** Where the next message starts; asked only after the page's first message. */
    Position position();

    /** True until the last message was taken. */
    boolean hasNext();

    /** The next message, unsigned; empty at the end of the transfer. */
    Optional<Message> next();
  }

  /** Messages kept in memory (IXFR), from {@code first} on; positions are message indexes. */
  static Source of(List<Message> messages, int first) {
    return new Source() {
      int next = first;

      @Override
      public Position position() {
        return Position.message(next);
      }

      @Override
      public boolean hasNext() {
        return next < messages.size();
      }

      @Override
      public Optional<Message> next() {
        return next < messages.size() ? Optional.of(messages.get(next++).clone())
            : Optional.empty();
      }
    };
  }

  /**
   * A page built but not yet sent: the caller checks the zone version it was read at first.
   *
   * @param messages the signed messages
   * @param next where the next page starts; empty when this page ends the transfer
   */
  record Page(List<byte[]> messages, Optional<TransferContinuation> next) {}

  private final TsigResponder responder;
  private final Clock clock;

  TransferPages(TsigResponder responder, Clock clock) {
    this.responder = responder;
    this.clock = clock;
  }

  /** The first page of a transfer built from the zone at {@code pin}. */
  Page first(Source source, TsigResult.Verified tsig, TransferPaging paging,
      boolean incremental, ZoneHead pin, Instant deadline) {
    return page(source, responder.streamSigner(tsig, null), paging, deadline,
        new TransferContinuation(incremental, pin.version(), pin.serial(), Position.closing(),
            new byte[0]));
  }

  /** The page that {@code at} asks for; {@code source} starts at its position. */
  Page next(Source source, TsigResult.Verified tsig, TransferPaging paging,
      TransferContinuation at, Instant deadline) {
    return page(source, responder.streamSigner(tsig, at.priorMac()), paging, deadline, at);
  }

  /** The page as the response, its continuation sealed for the request and key. */
  DnsResponse send(Page page, TsigResult.Verified tsig) {
    return DnsResponse.page(page.messages(), page.next().map(
        next -> next.seal(tsig.key(), tsig.requestTsig().getSignature())));
  }

  /**
   * Ends a paged transfer that cannot go on with {@code error}, signed in the chain after {@code
   * priorMac} (empty before the first message; RFC 5936 §2.2: an error rcode ends a transfer), so
   * the client drops what it got and transfers again.
   */
  DnsResponse abort(Message error, TsigResult.Verified tsig, byte[] priorMac) {
    StreamSigner signer = responder.streamSigner(tsig, priorMac.length == 0 ? null : priorMac);
    return DnsResponse.page(List.of(signer.sign(error)), Optional.empty());
  }

  private Page page(Source source, StreamSigner signer, TransferPaging paging, Instant deadline,
      TransferContinuation pin) {
    List<byte[]> out = new ArrayList<>();
    long size = 0;
    byte[] macBefore = signer.lastMac();
    while (source.hasNext()) {
      Position at = out.isEmpty() ? null : source.position();
      if (at != null && (size + ZoneTransfer.LARGEST_MESSAGE > paging.pageLimit()
          || !clock.instant().isBefore(deadline))) {
        return new Page(out, Optional.of(continuation(pin, at, macBefore)));
      }
      Optional<Message> message = source.next();
      if (message.isEmpty()) {
        return new Page(out, Optional.empty());
      }
      byte[] wire = signer.sign(message.get());
      size += FRAME_PREFIX + wire.length;
      if (at != null && size > paging.pageLimit()) {
        return new Page(out, Optional.of(continuation(pin, at, macBefore)));
      }
      out.add(wire);
      macBefore = signer.lastMac();
    }
    return new Page(out, Optional.empty());
  }

  private static TransferContinuation continuation(TransferContinuation pin, Position at,
      byte[] macBefore) {
    return new TransferContinuation(pin.incremental(), pin.version(), pin.serial(), at,
        macBefore);
  }
}
