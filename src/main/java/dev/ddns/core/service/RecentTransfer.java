package dev.ddns.core.service;

import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;

/**
 * The unsigned messages of the latest paged IXFR in difference sequences, kept for its later
 * pages: the client asks for them one after another, usually of the same warm instance, which then
 * signs them without reading the journal again. They belong to the pinned zone version. A miss
 * (another instance, or another transfer since) builds them again from the journal up to that
 * version. Full-zone transfers keep nothing: each page reads only the nodes it sends.
 */
final class RecentTransfer {
  /** Transfers longer than this (about 16 MB of messages) are built again for every page. */
  static final int MAX_MESSAGES = 1024;

  /**
   * Which transfer: zone, pinned version, the client's serial, and the request's MAC (the messages
   * carry the request's ID and question).
   */
  record Key(Name zone, long version, long clientSerial, String requestMac) {}

  private record Entry(Key key, List<Message> messages) {}

  private volatile Entry latest;

  Optional<List<Message>> get(Key key) {
    Entry entry = latest;
    return entry != null && entry.key().equals(key) ? Optional.of(entry.messages())
        : Optional.empty();
  }

  /** Keeps {@code messages} when they span more than one page and are not too many. */
  void keep(Key key, List<Message> messages, boolean paged) {
    if (paged && messages.size() <= MAX_MESSAGES) {
      latest = new Entry(key, List.copyOf(messages));
    }
  }
}
