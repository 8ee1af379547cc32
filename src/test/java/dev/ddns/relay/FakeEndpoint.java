package dev.ddns.relay;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DoH endpoint double on loopback: answers with a fixed status, type and body function, each
 * request on a thread of its own (so one answer may wait while others go on), and counts requests.
 */
final class FakeEndpoint implements AutoCloseable {
  interface Answer {
    byte[] body(byte[] request);
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  final AtomicInteger requests = new AtomicInteger();
  final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
  private volatile int status = 200;
  private volatile String contentType = "application/dns-message";
  private volatile Answer answer = request -> request;

  FakeEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/dns-query", this::exchange);
    server.setExecutor(threads);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dns-query");
  }

  void respond(int status, String contentType, Answer answer) {
    this.status = status;
    this.contentType = contentType;
    this.answer = answer;
  }

  private void exchange(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] request = exchange.getRequestBody().readAllBytes();
      requests.incrementAndGet();
      exchange.getRequestHeaders().forEach((k, v) -> lastHeaders.put(k.toLowerCase(), v.get(0)));
      byte[] body = answer.body(request);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        exchange.getResponseBody().write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
