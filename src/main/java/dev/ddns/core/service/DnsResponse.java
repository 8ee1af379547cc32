package dev.ddns.core.service;

import java.util.List;
import java.util.Optional;

/**
 * What the service answers to one request: no message at all (the request was too short to
 * carry a DNS header, so there is nobody to answer), one message, or a stream of messages (a
 * zone transfer, RFC 5936 §2.2) that stream transports send one after another. A paged transfer
 * ({@link TransferPaging}) comes as one page of its stream and, unless it is the last, the token
 * for the next.
 */
public final class DnsResponse {
  private static final DnsResponse NONE = new DnsResponse(List.of(), Optional.empty());

  private final List<byte[]> messages;
  private final Optional<String> continuation;

  private DnsResponse(List<byte[]> messages, Optional<String> continuation) {
    this.messages = List.copyOf(messages);
    this.continuation = continuation;
  }

  /** No answer can be given: the request did not even hold a DNS header. */
  public static DnsResponse none() {
    return NONE;
  }

  public static DnsResponse of(byte[] message) {
    return new DnsResponse(List.of(message), Optional.empty());
  }

  public static DnsResponse stream(List<byte[]> messages) {
    return messages.isEmpty() ? NONE : new DnsResponse(messages, Optional.empty());
  }

  /**
   * One page of a paged transfer: its messages and, unless it ends the transfer, the token for
   * the next.
   */
  public static DnsResponse page(List<byte[]> messages, Optional<String> continuation) {
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a page holds at least one message");
    }
    return new DnsResponse(messages, continuation);
  }

  public boolean isEmpty() {
    return messages.isEmpty();
  }

  /** True when more than one message must be sent, or more pages follow: a stream transport. */
  public boolean isStream() {
    return messages.size() > 1 || continuation.isPresent();
  }

  /** The token that fetches the next page of a paged transfer; empty when nothing follows. */
  public Optional<String> continuation() {
    return continuation;
  }

  public List<byte[]> messages() {
    return messages;
  }

  /** The only message; fails for a stream or an empty response. */
  public byte[] single() {
    if (messages.size() != 1) {
      throw new IllegalStateException("response has " + messages.size() + " messages");
    }
    return messages.get(0);
  }
}
