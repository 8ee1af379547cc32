package dev.ddns.fuzz;

import dev.ddns.adapter.http.DohRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP request as fuzz input: {@code METHOD path?query}, header lines {@code Name: value}, an
 * empty line, then the body bytes, all separated by LF. Any byte string decodes to some request,
 * so the fuzzer explores methods, headers and bodies alike.
 */
final class HttpRequestBytes {
  private HttpRequestBytes() {}

  static byte[] encode(String method, String path, String query, Map<String, String> headers,
      byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringBuilder head = new StringBuilder(method).append(' ').append(path);
    if (!query.isEmpty()) {
      head.append('?').append(query);
    }
    head.append('\n');
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append('\n'));
    head.append('\n');
    out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    out.writeBytes(body);
    return out.toByteArray();
  }

  static DohRequest decode(byte[] input) {
    int end = headEnd(input);
    String head = new String(input, 0, end, StandardCharsets.UTF_8);
    byte[] body = end + 2 <= input.length ? Arrays.copyOfRange(input, end + 2, input.length)
        : new byte[0];
    String[] lines = head.split("\n", -1);
    String[] requestLine = lines[0].split(" ", 2);
    String target = requestLine.length > 1 ? requestLine[1] : "";
    int q = target.indexOf('?');
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon), lines[i].substring(colon + 1).trim());
      }
    }
    return new DohRequest(requestLine[0], q < 0 ? target : target.substring(0, q),
        q < 0 ? "" : target.substring(q + 1), headers, body, "192.0.2.99:4444");
  }

  /** Index of the blank line that ends the head, or the input's length when there is none. */
  private static int headEnd(byte[] input) {
    for (int i = 0; i + 1 < input.length; i++) {
      if (input[i] == '\n' && input[i + 1] == '\n') {
        return i;
      }
    }
    return input.length;
  }
}
