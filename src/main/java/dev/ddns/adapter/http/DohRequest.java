package dev.ddns.adapter.http;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request as any transport (Lambda event, local HTTP server, test) sees it.
 *
 * @param method HTTP method, e.g. {@code POST}
 * @param path request path without query, e.g. {@code /dns-query}
 * @param query raw query string without {@code ?}, possibly empty
 * @param headers request headers; looked up case-insensitively
 * @param body request body, empty when there is none
 * @param remoteAddress the peer's address, for logs and the journal
 */
public record DohRequest(
    String method, String path, String query, Map<String, String> headers, byte[] body,
    String remoteAddress) {

  public DohRequest {
    method = Objects.requireNonNullElse(method, "");
    path = Objects.requireNonNullElse(path, "");
    query = Objects.requireNonNullElse(query, "");
    TreeMap<String, String> ci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (headers != null) {
      headers.forEach((k, v) -> {
        if (k != null && v != null) {
          ci.put(k, v);
        }
      });
    }
    headers = java.util.Collections.unmodifiableMap(ci);
    body = body == null ? new byte[0] : body;
    remoteAddress = Objects.requireNonNullElse(remoteAddress, "unknown");
  }

  /** The header's value, matched case-insensitively. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  /**
   * The first value of a query parameter, percent-decoded.
   *
   * @throws IllegalArgumentException when the value's percent-encoding is broken
   */
  public Optional<String> queryParameter(String name) {
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equals(name)) {
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        return Optional.of(java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }
}
