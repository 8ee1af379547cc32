package dev.ddns.core.service;

import java.util.Objects;
import java.util.Optional;

/**
 * How a transport that limits its response size takes a zone transfer in pages: each page holds
 * whole messages, at most {@code pageLimit} bytes of them in DNS-over-TCP framing (but at least one
 * message), and a page that does not end the transfer comes with a continuation token; the client
 * asks again with the same request and that token for the next page. See docs/transfers.md.
 *
 * @param pageLimit the largest page in bytes of framed messages
 * @param continuation the token from the previous page; empty for the first page
 */
public record TransferPaging(int pageLimit, Optional<String> continuation) {
  /** No paging: the whole transfer in one response. */
  public static final TransferPaging NONE = new TransferPaging(Integer.MAX_VALUE, Optional.empty());

  public TransferPaging {
    Objects.requireNonNull(continuation, "continuation");
    if (pageLimit < 1) {
      throw new IllegalArgumentException("page limit must be positive: " + pageLimit);
    }
  }
}
