package dev.ddns.core.service;

import dev.ddns.core.port.KeyStore;
import dev.ddns.core.port.ZoneStore;
import java.time.Clock;

/** The one entry point: DNS message bytes and transport facts in, response messages out. */
public final class DnsService {
  private final ZoneStore store;
  private final KeyStore keys;
  private final Clock clock;

  public DnsService(ZoneStore store, KeyStore keys, Clock clock) {
    this.store = store;
    this.keys = keys;
    this.clock = clock;
  }

  /** Answers one request; never throws for bad input. */
  public DnsResponse handle(byte[] request, RequestContext context) {
    throw new UnsupportedOperationException("being written");
  }
}
