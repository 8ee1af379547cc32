package dev.ddns.adapter.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP response from {@link DohCodec}.
 *
 * @param status HTTP status code
 * @param headers response headers (names in canonical case)
 * @param body response body
 */
public record DohResponse(int status, Map<String, String> headers, byte[] body) {

  public DohResponse {
    headers = Map.copyOf(headers);
  }

  /** A short plain-text response, for errors. */
  static DohResponse text(int status, String message, Map<String, String> extraHeaders) {
    java.util.Map<String, String> headers = new java.util.LinkedHashMap<>(extraHeaders);
    headers.put("Content-Type", "text/plain; charset=utf-8");
    return new DohResponse(status, headers, (message + "\n").getBytes(StandardCharsets.UTF_8));
  }

  public String contentType() {
    return headers.getOrDefault("Content-Type", "");
  }
}
