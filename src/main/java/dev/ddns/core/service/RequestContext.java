package dev.ddns.core.service;

import dev.ddns.core.attest.RelayAttestation;
import dev.ddns.core.model.IpAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Transport facts about one request, as the listener that received it knows them.
 *
 * @param transport how the client reached us (directly or through the relay)
 * @param udpLimit for {@link Transport#UDP}: the largest response the path allows, in bytes (the
 *     relay's own limit); the client's EDNS payload size may lower it further, never raise it
 * @param client the client's address, for logs and the journal; for authorization only as {@link
 *     #trustedAddress}
 * @param paging how a zone transfer is cut into pages for this transport
 * @param attestation the relay's attestation of {@code client}, {@code transport} and {@code
 *     udpLimit} (docs/relay.md); empty when nothing attested them, and then {@code client} is the
 *     HTTP peer and the transport {@link Transport#HTTPS}
 */
public record RequestContext(Transport transport, int udpLimit, String client,
    TransferPaging paging, Optional<RelayAttestation.Attested> attestation) {

  /** Largest DNS message (RFC 1035 §4.2.2: two-byte length prefix over TCP). */
  public static final int MAX_MESSAGE = 65_535;

  public RequestContext {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(paging, "paging");
    Objects.requireNonNull(attestation, "attestation");
    if (udpLimit < 512 || udpLimit > MAX_MESSAGE) {
      throw new IllegalArgumentException("udpLimit must be within 512..65535: " + udpLimit);
    }
  }

  /** A context nothing attested. */
  public RequestContext(Transport transport, int udpLimit, String client, TransferPaging paging) {
    this(transport, udpLimit, client, paging, Optional.empty());
  }

  /** A context nothing attested, whose transfers come whole, in one response. */
  public RequestContext(Transport transport, int udpLimit, String client) {
    this(transport, udpLimit, client, TransferPaging.NONE);
  }

  /** This context with its UDP limit lowered to {@code limit}, when that is lower. */
  public RequestContext withUdpLimitAtMost(int limit) {
    return limit >= udpLimit ? this : new RequestContext(transport, limit, client, paging,
        attestation);
  }

  /** This context with transfers paged as {@code paging} says. */
  public RequestContext withPaging(TransferPaging paging) {
    return new RequestContext(transport, udpLimit, client, paging, attestation);
  }

  /** This context as {@code attested} by a relay. */
  public RequestContext attestedBy(RelayAttestation.Attested attested) {
    return new RequestContext(transport, udpLimit, client, paging, Optional.of(attested));
  }

  /** The name of the relay key that attested {@code client}, e.g. {@code _relay.site1.}. */
  public Optional<String> relay() {
    return attestation.map(a -> a.relay().toString());
  }

  /**
   * True when a relay vouched for {@code client} with its key, so the address is a fact, not a
   * claim of whoever posted the request.
   */
  public boolean clientAttested() {
    return attestation.isPresent();
  }

  /**
   * The client's address when the endpoint can trust it for the policy's address grants
   * (docs/policy.md): attested by a relay key, or, with nothing attested, the HTTP peer of a
   * direct request ({@link Transport#HTTPS}), whose TCP handshake proved it. Empty otherwise, and
   * when {@code client} is not an address.
   */
  public Optional<IpAddress> trustedAddress() {
    if (!clientAttested() && transport != Transport.HTTPS) {
      return Optional.empty();
    }
    return IpAddress.ofClient(client);
  }

  /** The client for the journal and logs: {@code 192.0.2.1#5353 via relay _relay.site1.}. */
  public String clientDescription() {
    return relay().map(key -> client + " via relay " + key).orElse(client);
  }

  public static RequestContext udp(String client) {
    return new RequestContext(Transport.UDP, MAX_MESSAGE, client);
  }

  public static RequestContext tcp(String client) {
    return new RequestContext(Transport.TCP, MAX_MESSAGE, client);
  }

  public static RequestContext https(String client) {
    return new RequestContext(Transport.HTTPS, MAX_MESSAGE, client);
  }
}
