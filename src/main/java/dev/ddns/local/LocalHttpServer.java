package dev.ddns.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ddns.adapter.dns.SocketAddresses;
import dev.ddns.adapter.dns.TcpFraming;
import dev.ddns.adapter.http.DohCodec;
import dev.ddns.adapter.http.DohRequest;
import dev.ddns.adapter.http.DohResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The DoH endpoint on the JDK's built-in HTTP server, for {@code ddns local}: plain HTTP on
 * loopback, serving {@link DohCodec} at {@value DohCodec#PATH}.
 */
public final class LocalHttpServer implements AutoCloseable {
  private static final int THREADS = 8;

  static {
    // Small request/response pairs on keep-alive connections: without TCP_NODELAY, Nagle's
    // algorithm meets the client's delayed ACK and every exchange waits ~40 ms. The JDK server
    // reads this property once, when its configuration class loads.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final DohCodec codec;

  private LocalHttpServer(HttpServer server, DohCodec codec) {
    this.server = server;
    this.codec = codec;
    this.executor = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "ddns-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::exchange);
  }

  /**
   * Binds {@code address} (port 0 picks a free one) and starts serving.
   *
   * @throws BindException naming the address when it cannot be bound
   */
  public static LocalHttpServer start(DohCodec codec, InetSocketAddress address)
      throws IOException {
    HttpServer server;
    try {
      server = HttpServer.create(address, 64);
    } catch (IOException e) {
      BindException failure = new BindException("cannot listen on HTTP "
          + SocketAddresses.format(address) + ": " + e.getMessage());
      failure.initCause(e);
      throw failure;
    }
    LocalHttpServer local = new LocalHttpServer(server, codec);
    server.start();
    return local;
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** The URL of the DoH endpoint, e.g. {@code http://127.0.0.1:8053/dns-query}. */
  public java.net.URI endpoint() {
    return java.net.URI.create("http://" + SocketAddresses.format(address()) + DohCodec.PATH);
  }

  private void exchange(HttpExchange exchange) throws IOException {
    try (exchange) {
      DohResponse response = codec.handle(request(exchange));
      response.headers().forEach(exchange.getResponseHeaders()::set);
      byte[] body = response.body();
      exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        exchange.getResponseBody().write(body);
      }
    }
  }

  private static DohRequest request(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new HashMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
    String query = exchange.getRequestURI().getRawQuery();
    return new DohRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), query,
        headers, readBounded(exchange.getRequestBody()), SocketAddresses.format(exchange.getRemoteAddress()));
  }

  /** Reads at most one byte more than a DNS message may hold, so the codec can answer 413. */
  private static byte[] readBounded(InputStream body) throws IOException {
    return body.readNBytes(TcpFraming.MAX_MESSAGE + 1);
  }

  /** Stops accepting requests and lets running ones finish for up to a second. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdown();
    try {
      executor.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
