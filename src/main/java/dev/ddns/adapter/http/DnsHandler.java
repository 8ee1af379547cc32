package dev.ddns.adapter.http;

import dev.ddns.core.service.DnsResponse;
import dev.ddns.core.service.RequestContext;

/** Answers one DNS message; {@code DnsService::handle} is the production implementation. */
@FunctionalInterface
public interface DnsHandler {
  DnsResponse handle(byte[] request, RequestContext context);
}
