package dev.ddns.testing.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A function's Function URL on a free loopback port, doing what Lambda's URL front does: each
 * HTTP request becomes a payload format 2.0 event ({@link #event}), is invoked on the function's
 * runtime, and the function's answer becomes the HTTP response (status, headers, body,
 * base64-decoded when {@code isBase64Encoded}). A function error is HTTP 502 for the caller;
 * a caller the URL's {@link FunctionUrlAuthorization} refuses gets 403 before the function runs.
 */
public final class FunctionUrlFront implements AutoCloseable {
  /** The Function URL's id in its host name ({@code ID.lambda-url.REGION.on.aws}). */
  static final String URL_ID = "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern(
      "dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final HttpServer server;
  private final LambdaRuntime runtime;
  private final FunctionUrlAuthorization authorization;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final AtomicInteger errors = new AtomicInteger();

  private FunctionUrlFront(HttpServer server, LambdaRuntime runtime,
      FunctionUrlAuthorization authorization) {
    this.server = server;
    this.runtime = runtime;
    this.authorization = authorization;
  }

  /** A URL that lets every caller in. */
  public static FunctionUrlFront start(LambdaRuntime runtime) {
    return start(runtime, FunctionUrlAuthorization.open());
  }

  /** A URL that lets in the callers {@code authorization} allows. */
  public static FunctionUrlFront start(LambdaRuntime runtime,
      FunctionUrlAuthorization authorization) {
    try {
      HttpServer server = HttpServer.create(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      FunctionUrlFront front = new FunctionUrlFront(server, runtime, authorization);
      server.setExecutor(front.threads);
      server.createContext("/", front::handle);
      server.start();
      return front;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URL's root, {@code http://127.0.0.1:PORT/} (the stack output adds {@code dns-query}). */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Invocations that failed (each answered 502). */
  public int errors() {
    return errors.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (authorization.refusal().isPresent()) {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", "AccessDeniedException");
        send(exchange, 403, Map.of("Content-Type", "application/json"),
            "{\"Message\":\"Forbidden\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      Invocation.Result result = runtime.invoke(Json.write(event(exchange.getRequestMethod(),
          exchange.getRequestURI(), headers(exchange), body,
          exchange.getRemoteAddress().getAddress().getHostAddress())));
      if (result instanceof Invocation.Failure) {
        errors.incrementAndGet();
        send(exchange, 502, Map.of("Content-Type", "application/json"),
            "{\"Message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      respond(exchange, Json.parse(result.payload()));
    }
  }

  private static Map<String, String> headers(HttpExchange exchange) {
    Map<String, String> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((name, values) ->
        headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
    return headers;
  }

  /**
   * The payload format 2.0 event Lambda gives the function for a request: lower-case headers
   * (repeated ones joined with commas) plus the ones the front adds, the raw path and query, the
   * request context, and the body as text for text media types, base64 otherwise.
   */
  public static Map<String, Object> event(String method, URI uri, Map<String, String> headers,
      byte[] body, String sourceIp) {
    Instant now = Instant.now();
    String domain = URL_ID + ".lambda-url." + LambdaEnvironment.REGION + ".on.aws";
    String requestId = UUID.randomUUID().toString();
    Map<String, String> sent = new LinkedHashMap<>(headers);
    sent.put("host", domain);
    sent.put("x-forwarded-for", sourceIp);
    sent.put("x-forwarded-proto", "https");
    sent.put("x-forwarded-port", "443");
    sent.put("x-amzn-trace-id", "Root=1-" + Long.toHexString(now.getEpochSecond()) + "-"
        + requestId.replace("-", "").substring(0, 24));
    sent.remove("connection");
    Map<String, Object> http = new LinkedHashMap<>();
    http.put("method", method);
    http.put("path", uri.getRawPath());
    http.put("protocol", "HTTP/1.1");
    http.put("sourceIp", sourceIp);
    http.put("userAgent", headers.getOrDefault("user-agent", ""));
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("accountId", "anonymous");
    context.put("apiId", URL_ID);
    context.put("domainName", domain);
    context.put("domainPrefix", URL_ID);
    context.put("http", http);
    context.put("requestId", requestId);
    context.put("routeKey", "$default");
    context.put("stage", "$default");
    context.put("time", TIME.format(now));
    context.put("timeEpoch", now.toEpochMilli());
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("version", "2.0");
    event.put("routeKey", "$default");
    event.put("rawPath", uri.getRawPath());
    event.put("rawQueryString", uri.getRawQuery() == null ? "" : uri.getRawQuery());
    if (uri.getRawQuery() != null) {
      event.put("queryStringParameters", query(uri.getQuery()));
    }
    event.put("headers", sent);
    event.put("requestContext", context);
    boolean text = isText(headers.getOrDefault("content-type", ""));
    if (body.length > 0) {
      event.put("body", text ? new String(body, StandardCharsets.UTF_8)
          : Base64.getEncoder().encodeToString(body));
    }
    event.put("isBase64Encoded", body.length > 0 && !text);
    return event;
  }

  private static Map<String, String> query(String query) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      parameters.merge(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1),
          (a, b) -> a + "," + b);
    }
    return parameters;
  }

  private static boolean isText(String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT);
    return type.startsWith("text/") || type.startsWith("application/json")
        || type.startsWith("application/xml") || type.startsWith("application/javascript")
        || type.startsWith("application/x-www-form-urlencoded");
  }

  /** A payload format 2.0 response: structured when it has statusCode, else a 200 JSON body. */
  private static void respond(HttpExchange exchange, Object answer) throws IOException {
    if (!(answer instanceof Map<?, ?> map) || !map.containsKey("statusCode")) {
      send(exchange, 200, Map.of("Content-Type", "application/json"),
          Json.write(answer).getBytes(StandardCharsets.UTF_8));
      return;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (map.get("headers") instanceof Map<?, ?> h) {
      h.forEach((k, v) -> headers.put(k.toString(), String.valueOf(v)));
    }
    Object body = map.get("body");
    byte[] bytes = body == null ? new byte[0]
        : Boolean.TRUE.equals(map.get("isBase64Encoded"))
            ? Base64.getDecoder().decode(body.toString())
            : body.toString().getBytes(StandardCharsets.UTF_8);
    send(exchange, ((Number) map.get("statusCode")).intValue(), headers, bytes);
  }

  private static void send(HttpExchange exchange, int status, Map<String, String> headers,
      byte[] body) throws IOException {
    headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    exchange.getResponseHeaders().remove("Content-Length");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
