package dev.ddns.core.service;

import java.util.Objects;
import java.util.Optional;

/**
 * One dyndns2 call, {@code GET /nic/update?hostname=H[,H...]&myip=A[,AAAA]} with HTTP Basic auth
 * (docs/clients.md), as the HTTP adapter read it.
 *
 * @param user the Basic user name: the token's name
 * @param password the Basic password: the token's secret
 * @param hostnames the {@code hostname} parameter, names separated by commas; empty when missing
 * @param myip the {@code myip} parameter; empty when missing
 * @param context the request's transport facts: its client, the HTTP peer, is the address {@code
 *     myip} defaults to, and what the journal records
 */
public record DynDnsCall(String user, String password, Optional<String> hostnames,
    Optional<String> myip, RequestContext context) {
  public DynDnsCall {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(hostnames, "hostnames");
    Objects.requireNonNull(myip, "myip");
    Objects.requireNonNull(context, "context");
  }
}
