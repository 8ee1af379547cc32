package dev.ddns.core.service;

import java.util.List;

/**
 * What the service answers to one request: no message at all (the request was too short to
 * carry a DNS header, so there is nobody to answer), one message, or a stream of messages (a
 * zone transfer, RFC 5936 §2.2) that stream transports send one after another.
 */
public final class DnsResponse {
  private static final DnsResponse NONE = new DnsResponse(List.of());

  private final List<byte[]> messages;

  private DnsResponse(List<byte[]> messages) {
    this.messages = List.copyOf(messages);
  }

  /** No answer can be given: the request did not even hold a DNS header. */
  public static DnsResponse none() {
    return NONE;
  }

  public static DnsResponse of(byte[] message) {
    return new DnsResponse(List.of(message));
  }

  public static DnsResponse stream(List<byte[]> messages) {
    return messages.isEmpty() ? NONE : new DnsResponse(messages);
  }

  public boolean isEmpty() {
    return messages.isEmpty();
  }

  /** True when more than one message must be sent: the transport must be a stream. */
  public boolean isStream() {
    return messages.size() > 1;
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
