package dev.ddns.core.service;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a transport that limits its response size takes a zone transfer in pages: each page holds
 * whole messages, at most {@code pageLimit} bytes of them in DNS-over-TCP framing, and is ended
 * early when building it took {@code pageTime}, but holds at least one message; a page that does
 * not end the transfer comes with a continuation token; the client asks again with the same
 * request and that token for the next page. See docs/transfers.md.
 *
 * @param pageLimit the largest page in bytes of framed messages
 * @param pageTime how long one page may take to build before it ends early
 * @param continuation the token from the previous page; empty for the first page
 */
public record TransferPaging(int pageLimit, Duration pageTime, Optional<String> continuation) {
  /** The page time when none is given: see docs/transfers.md, "Page time". */
  public static final Duration DEFAULT_PAGE_TIME = Duration.ofSeconds(4);

  /** No paging: the whole transfer in one response, however long it takes. */
  public static final TransferPaging NONE = new TransferPaging(Integer.MAX_VALUE,
      Duration.ofDays(365), Optional.empty());

  public TransferPaging {
    Objects.requireNonNull(pageTime, "pageTime");
    Objects.requireNonNull(continuation, "continuation");
    if (pageLimit < 1) {
      throw new IllegalArgumentException("page limit must be positive: " + pageLimit);
    }
    if (pageTime.isNegative() || pageTime.isZero()) {
      throw new IllegalArgumentException("page time must be positive: " + pageTime);
    }
  }

  /** Pages of at most {@code pageLimit} bytes, each built in about {@link #DEFAULT_PAGE_TIME}. */
  public TransferPaging(int pageLimit, Optional<String> continuation) {
    this(pageLimit, DEFAULT_PAGE_TIME, continuation);
  }

  /** False for {@link #NONE}: the transport takes the whole transfer in one response. */
  public boolean isPaged() {
    return !equals(NONE);
  }
}
