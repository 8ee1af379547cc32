package dev.ddns.adapter.http;

import dev.ddns.adapter.dns.TcpFraming;
import dev.ddns.core.attest.RelayAttestation;
import dev.ddns.core.service.DnsResponse;
import dev.ddns.core.service.RequestContext;
import dev.ddns.core.service.TransferPaging;
import dev.ddns.core.service.Transport;
import dev.ddns.core.wire.WireShape;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS-over-HTTPS semantics (<a href="https://www.rfc-editor.org/rfc/rfc8484">RFC 8484</a>) over a
 * {@link DnsHandler}, free of any HTTP server: {@code POST /dns-query} with an
 * {@code application/dns-message} body, or {@code GET /dns-query?dns=} with the message in
 * base64url without padding. GET carries queries only: any other opcode is refused with 405
 * before the message reaches the handler, since GET is meant to be safe and cacheable.
 *
 * <p>The relay passes transport facts in {@code X-Ddns-*} headers, signed with its relay key in
 * {@value #ATTESTATION_HEADER} (docs/relay.md); without a valid attestation they are ignored and
 * the request is what it is, HTTPS from its HTTP peer. Multi-message answers, and every
 * answer to a request marked {@code X-Ddns-Transport: tcp}, come back as one body in DNS-over-TCP
 * framing (<a href="https://www.rfc-editor.org/rfc/rfc1035#section-4.2.2">RFC 1035 §4.2.2</a>) with
 * the type {@value #TCP_STREAM}, so the relay copies it to its TCP socket unchanged.
 *
 * <p>A zone transfer longer than the page limit comes in pages (docs/transfers.md): a page that
 * does not end the transfer carries an {@value #CONTINUE_HEADER} token, and the same request
 * posted again with that header returns the next page.
 */
public final class DohCodec {
  public static final String PATH = "/dns-query";
  public static final String DNS_MESSAGE = "application/dns-message";
  public static final String TCP_STREAM = "application/x-ddns-tcp-stream";
  /** Relay hint: {@code udp} or {@code tcp}, the transport the client used to reach the relay. */
  public static final String TRANSPORT_HEADER = "X-Ddns-Transport";
  /** Relay hint: the largest UDP response the relay can pass, 512..65535. */
  public static final String UDP_LIMIT_HEADER = "X-Ddns-Udp-Limit";
  /** Relay hint: the client's socket address as the relay saw it. */
  public static final String CLIENT_HEADER = "X-Ddns-Client";
  /** The relay's signature over its hints and the message: {@code KEY;TIME;MAC}. */
  public static final String ATTESTATION_HEADER = "X-Ddns-Attestation";

  /** Paged transfers: the token of the next page, in a response and in the request for it. */
  public static final String CONTINUE_HEADER = "X-Ddns-Continue";
  /**
   * The page limit in Lambda: responses are limited to 6 MB, and the body goes out in base64,
   * a third larger; this leaves room for the headers and the JSON around it.
   */
  public static final int LAMBDA_PAGE_LIMIT = 4_000_000;
  /** Environment variable that overrides the page limit, in bytes. */
  public static final String PAGE_LIMIT_ENV = "DDNS_TRANSFER_PAGE_LIMIT";
  /**
   * Environment variable that overrides how long building one page may take, in milliseconds
   * (default {@link TransferPaging#DEFAULT_PAGE_TIME}); keep it well inside the function's timeout.
   */
  public static final String PAGE_TIME_ENV = "DDNS_TRANSFER_PAGE_MILLIS";

  private static final Logger LOG = LoggerFactory.getLogger(DohCodec.class);
  private static final int OPCODE_QUERY = 0;
  private static final int OPCODE_UPDATE = 5;

  private final DnsHandler handler;
  private final int pageLimit;
  private final Duration pageTime;
  private final RelayAttestation attestation;
  private final Optional<DynDnsCodec> dynDns;

  /** A codec whose transfers are paged for Lambda's response limit. */
  public DohCodec(DnsHandler handler) {
    this(handler, LAMBDA_PAGE_LIMIT);
  }

  /** A codec whose transfer pages hold at most {@code pageLimit} bytes of framed messages. */
  public DohCodec(DnsHandler handler, int pageLimit) {
    this(handler, pageLimit, TransferPaging.DEFAULT_PAGE_TIME);
  }

  /**
   * A codec whose transfer pages hold at most {@code pageLimit} bytes of framed messages and end
   * early once building them took {@code pageTime}.
   */
  public DohCodec(DnsHandler handler, int pageLimit, Duration pageTime) {
    this(handler, pageLimit, pageTime, RelayAttestation.none(java.time.Clock.systemUTC()));
  }

  /**
   * As {@link #DohCodec(DnsHandler, int, Duration)}, believing the relay hints that {@code
   * attestation} verifies.
   */
  public DohCodec(DnsHandler handler, int pageLimit, Duration pageTime,
      RelayAttestation attestation) {
    this(handler, pageLimit, pageTime, attestation, Optional.empty());
  }

  private DohCodec(DnsHandler handler, int pageLimit, Duration pageTime,
      RelayAttestation attestation, Optional<DynDnsCodec> dynDns) {
    if (pageLimit < 1) {
      throw new IllegalArgumentException("page limit must be positive: " + pageLimit);
    }
    if (pageTime.isNegative() || pageTime.isZero()) {
      throw new IllegalArgumentException("page time must be positive: " + pageTime);
    }
    this.handler = handler;
    this.pageLimit = pageLimit;
    this.pageTime = pageTime;
    this.attestation = java.util.Objects.requireNonNull(attestation, "attestation");
    this.dynDns = dynDns;
  }

  /** This codec serving dyndns2 calls at {@value DynDnsCodec#PATH} too (docs/clients.md). */
  public DohCodec withDynDns(DynDnsCodec codec) {
    return new DohCodec(handler, pageLimit, pageTime, attestation, Optional.of(codec));
  }

  /** The page time {@value #PAGE_TIME_ENV} sets in {@code env}, else the default. */
  public static Duration pageTime(Map<String, String> env) {
    String value = env.get(PAGE_TIME_ENV);
    if (value == null || value.isBlank()) {
      return TransferPaging.DEFAULT_PAGE_TIME;
    }
    try {
      long millis = Long.parseLong(value.trim());
      if (millis > 0) {
        return Duration.ofMillis(millis);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(PAGE_TIME_ENV + " must be a positive number of "
        + "milliseconds: " + value);
  }

  /** The page limit {@value #PAGE_LIMIT_ENV} sets in {@code env}, else {@link #LAMBDA_PAGE_LIMIT}. */
  public static int pageLimit(Map<String, String> env) {
    String value = env.get(PAGE_LIMIT_ENV);
    if (value == null || value.isBlank()) {
      return LAMBDA_PAGE_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value.trim());
      if (limit > 0) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(PAGE_LIMIT_ENV + " must be a positive number of bytes: "
        + value);
  }

  /** Answers one HTTP request; never throws. */
  public DohResponse handle(DohRequest request) {
    try {
      return dispatch(request);
    } catch (RuntimeException e) {
      LOG.error("DNS request from {} failed", request.remoteAddress(), e);
      return DohResponse.text(500, "internal error", Map.of());
    }
  }

  private DohResponse dispatch(DohRequest request) {
    if (dynDns.isPresent() && DynDnsCodec.PATH.equals(request.path())) {
      return dynDns.get().handle(request);
    }
    if (!PATH.equals(request.path())) {
      return DohResponse.text(404, "not found; DNS messages go to " + PATH, Map.of());
    }
    return switch (request.method().toUpperCase(Locale.ROOT)) {
      case "POST" -> post(request);
      case "GET" -> get(request);
      default -> DohResponse.text(405, "method not allowed", Map.of("Allow", "GET, POST"));
    };
  }

  private DohResponse post(DohRequest request) {
    String type = request.header("Content-Type").orElse("");
    if (!mediaType(type).equals(DNS_MESSAGE)) {
      return DohResponse.text(415, "Content-Type must be " + DNS_MESSAGE, Map.of());
    }
    return answer(request, request.body());
  }

  private DohResponse get(DohRequest request) {
    Optional<String> dns;
    try {
      dns = request.queryParameter("dns");
    } catch (IllegalArgumentException e) {
      return DohResponse.text(400, "query parameter dns is not percent-encoded correctly",
          Map.of());
    }
    if (dns.isEmpty()) {
      return DohResponse.text(400, "missing query parameter dns", Map.of());
    }
    byte[] message;
    try {
      message = Base64.getUrlDecoder().decode(dns.get());
    } catch (IllegalArgumentException e) {
      return DohResponse.text(400, "parameter dns is not base64url", Map.of());
    }
    if (WireShape.hasHeader(message) && WireShape.opcode(message) != OPCODE_QUERY) {
      return DohResponse.text(405, "GET carries queries only (RFC 8484 §4.1: GET is for "
          + "cacheable requests); send opcode " + WireShape.opcode(message) + " with POST",
          Map.of("Allow", "POST"));
    }
    return answer(request, message);
  }

  private DohResponse answer(DohRequest request, byte[] message) {
    if (message.length > TcpFraming.MAX_MESSAGE) {
      return DohResponse.text(413, "DNS message over " + TcpFraming.MAX_MESSAGE + " bytes", Map.of());
    }
    RequestContext context;
    try {
      context = context(request, message);
    } catch (IllegalArgumentException e) {
      return DohResponse.text(400, e.getMessage(), Map.of());
    }
    DnsResponse response = handler.handle(message, context.withPaging(
        new TransferPaging(pageLimit, pageTime, request.header(CONTINUE_HEADER))));
    if (response.isEmpty()) {
      return DohResponse.text(400, "not a DNS request: shorter than a header, or a response",
          Map.of());
    }
    String cache = isUpdate(message) ? "no-store" : "max-age=0";
    if (response.isStream() || context.transport() == Transport.TCP) {
      return dns(TCP_STREAM, cache, TcpFraming.frame(response.messages()),
          response.continuation());
    }
    return dns(DNS_MESSAGE, cache, response.single(), Optional.empty());
  }

  private static DohResponse dns(String type, String cache, byte[] body,
      Optional<String> continuation) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("Content-Type", type);
    headers.put("Cache-Control", cache);
    continuation.ifPresent(token -> headers.put(CONTINUE_HEADER, token));
    return new DohResponse(200, headers, body);
  }

  /**
   * The transport facts from the relay's headers when its attestation of them and of {@code
   * message} verifies; otherwise those of a direct DoH client, whatever the headers claim.
   */
  private RequestContext context(DohRequest request, byte[] message) {
    Optional<String> signature = request.header(ATTESTATION_HEADER);
    Optional<String> client = request.header(CLIENT_HEADER);
    Optional<String> transport = request.header(TRANSPORT_HEADER);
    if (signature.isEmpty() || client.isEmpty() || transport.isEmpty()) {
      return RequestContext.https(request.remoteAddress());
    }
    RelayAttestation.Facts facts = new RelayAttestation.Facts(client.get(), transport.get(),
        request.header(UDP_LIMIT_HEADER), request.header(CONTINUE_HEADER));
    RelayAttestation.Result result = attestation.verify(signature.get(), facts, message);
    if (!(result instanceof RelayAttestation.Attested attested)) {
      LOG.warn("ignoring the relay headers of {}: {}", request.remoteAddress(),
          ((RelayAttestation.Rejected) result).reason());
      return RequestContext.https(request.remoteAddress());
    }
    RequestContext relayed = switch (transport.get().trim().toLowerCase(Locale.ROOT)) {
      case "udp" -> new RequestContext(Transport.UDP, udpLimit(request), client.get());
      case "tcp" -> RequestContext.tcp(client.get());
      default -> throw new IllegalArgumentException(TRANSPORT_HEADER + " must be udp or tcp");
    };
    return relayed.attestedBy(attested);
  }

  private static int udpLimit(DohRequest request) {
    Optional<String> value = request.header(UDP_LIMIT_HEADER);
    if (value.isEmpty()) {
      return RequestContext.MAX_MESSAGE;
    }
    try {
      int limit = Integer.parseInt(value.get().trim());
      if (limit >= 512 && limit <= RequestContext.MAX_MESSAGE) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(UDP_LIMIT_HEADER + " must be a number within 512..65535");
  }

  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }

  private static boolean isUpdate(byte[] message) {
    return WireShape.hasHeader(message) && WireShape.opcode(message) == OPCODE_UPDATE;
  }
}
