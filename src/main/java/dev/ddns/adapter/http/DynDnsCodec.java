package dev.ddns.adapter.http;

import dev.ddns.core.service.DynDnsAnswer;
import dev.ddns.core.service.DynDnsCall;
import dev.ddns.core.service.DynDnsService;
import dev.ddns.core.service.RequestContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The dyndns2 protocol's HTTP side (docs/clients.md), free of any HTTP server: {@code GET
 * /nic/update?hostname=H[,H...]&myip=A[,AAAA]} with HTTP Basic auth, the token's name as the user
 * and its secret as the password, answered in plain text by a {@link DynDnsService}. A call
 * without Basic credentials is answered {@code badauth} with 401 and a challenge, so clients that
 * wait for one send them; every other answer is 200, as dyndns2 clients expect.
 */
public final class DynDnsCodec {
  public static final String PATH = "/nic/update";

  private final DynDnsService service;

  public DynDnsCodec(DynDnsService service) {
    this.service = service;
  }

  /** Answers one HTTP request to {@link #PATH}. */
  public DohResponse handle(DohRequest request) {
    if (!request.method().equalsIgnoreCase("GET")) {
      return DohResponse.text(405, "method not allowed", Map.of("Allow", "GET"));
    }
    Optional<String[]> credentials = basic(request.header("Authorization"));
    if (credentials.isEmpty()) {
      return answer(401, DynDnsAnswer.of(DynDnsAnswer.BADAUTH),
          Map.of("WWW-Authenticate", "Basic realm=\"ddns\", charset=\"UTF-8\""));
    }
    DynDnsCall call;
    try {
      call = new DynDnsCall(credentials.get()[0], credentials.get()[1],
          request.queryParameter("hostname"), request.queryParameter("myip"),
          RequestContext.https(request.remoteAddress()));
    } catch (IllegalArgumentException e) {
      return DohResponse.text(400, "query parameters are not percent-encoded correctly",
          Map.of());
    }
    return answer(200, service.handle(call), Map.of());
  }

  private static DohResponse answer(int status, DynDnsAnswer answer,
      Map<String, String> extraHeaders) {
    Map<String, String> headers = new java.util.LinkedHashMap<>(extraHeaders);
    headers.put("Content-Type", "text/plain; charset=utf-8");
    headers.put("Cache-Control", "no-store");
    return new DohResponse(status, headers, answer.text().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * User and password of {@code Authorization: Basic base64(user:password)} (RFC 7617 §2); empty
   * when the header is missing, of another scheme, or not base64 of a text with a colon.
   */
  static Optional<String[]> basic(Optional<String> header) {
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String[] parts = header.get().trim().split("\\s+", 2);
    if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("basic")) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(parts[1].trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    return colon < 0 ? Optional.empty()
        : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
  }
}
