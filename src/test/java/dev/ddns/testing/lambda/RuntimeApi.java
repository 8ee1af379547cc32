package dev.ddns.testing.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Runtime API (version 2018-06-01) on a free loopback port, as the Lambda service
 * offers it to a runtime: {@code GET /runtime/invocation/next} long-polls for the next event and
 * hands it over with {@code Lambda-Runtime-Aws-Request-Id}, {@code Lambda-Runtime-Deadline-Ms},
 * {@code Lambda-Runtime-Invoked-Function-Arn} and {@code Lambda-Runtime-Trace-Id};
 * {@code POST /runtime/invocation/ID/response} and {@code .../ID/error} complete it;
 * {@code POST /runtime/init/error} reports a failed start. For SnapStart, {@code GET
 * /runtime/restore/next} is where the runtime waits while the snapshot is taken: it is held until
 * {@link #restore()}, and {@code POST /runtime/restore/error} reports a failed restore. Error
 * reports are recorded with their {@code Lambda-Runtime-Function-Error-Type} header and JSON body.
 */
public final class RuntimeApi implements AutoCloseable {
  static final String PREFIX = "/2018-06-01/runtime/";
  static final String ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type";

  /** One event waiting for, or in, the runtime. */
  private record Pending(String id, byte[] event, Duration timeout,
      CompletableFuture<Invocation.Result> result) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "runtime-api");
    t.setDaemon(true);
    return t;
  });
  private final String functionArn;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Map<String, Pending> running = new ConcurrentHashMap<>();
  private final AtomicInteger peakRunning = new AtomicInteger();
  private final CompletableFuture<Invocation.ErrorReport> initError = new CompletableFuture<>();
  private final CompletableFuture<Invocation.ErrorReport> restoreError = new CompletableFuture<>();
  private final CompletableFuture<Void> restoreRequested = new CompletableFuture<>();
  private final CompletableFuture<Void> restored = new CompletableFuture<>();
  private final CompletableFuture<Void> firstNext = new CompletableFuture<>();
  private final Clock clock = Clock.systemUTC();

  private RuntimeApi(HttpServer server, String functionArn) {
    this.server = server;
    this.functionArn = functionArn;
  }

  /** Starts on a free port of 127.0.0.1 for the function {@code functionArn}. */
  public static RuntimeApi start(String functionArn) {
    try {
      HttpServer server = HttpServer.create(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      RuntimeApi api = new RuntimeApi(server, functionArn);
      server.setExecutor(api.threads);
      server.createContext(PREFIX, api::handle);
      server.start();
      return api;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
  public String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Queues {@code event} for the runtime; the future completes with its response or error. */
  public CompletableFuture<Invocation.Result> submit(byte[] event, Duration timeout) {
    Pending pending = new Pending(UUID.randomUUID().toString(), event, timeout,
        new CompletableFuture<>());
    queue.add(pending);
    initError.thenAccept(error -> pending.result().complete(new Invocation.Failure(error)));
    return pending.result();
  }

  /** The most events the runtime had taken and not yet answered at any one time. */
  public int peakRunning() {
    return peakRunning.get();
  }

  /** The init error the runtime reported, once it has. */
  public CompletableFuture<Invocation.ErrorReport> initError() {
    return initError;
  }

  public CompletableFuture<Invocation.ErrorReport> restoreError() {
    return restoreError;
  }

  /** Completes when the runtime calls {@code restore/next}: its snapshot point. */
  public CompletableFuture<Void> restoreRequested() {
    return restoreRequested;
  }

  /** Completes when the runtime first asks for an event: its initialisation is over. */
  public CompletableFuture<Void> firstNext() {
    return firstNext;
  }

  /** Answers the held {@code restore/next}: the snapshot is restored. */
  public void restore() {
    restored.complete(null);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
      String method = exchange.getRequestMethod();
      byte[] body = exchange.getRequestBody().readAllBytes();
      List<String> parts = List.of(path.split("/"));
      if (method.equals("GET") && path.equals("invocation/next")) {
        next(exchange);
      } else if (method.equals("POST") && parts.size() == 3 && parts.get(0).equals("invocation")
          && parts.get(2).equals("response")) {
        complete(exchange, parts.get(1), new Invocation.Response(body));
      } else if (method.equals("POST") && parts.size() == 3 && parts.get(0).equals("invocation")
          && parts.get(2).equals("error")) {
        complete(exchange, parts.get(1), new Invocation.Failure(report(exchange, body)));
      } else if (method.equals("POST") && path.equals("init/error")) {
        initError.complete(report(exchange, body));
        reply(exchange, 202, "{\"status\":\"OK\"}");
      } else if (method.equals("GET") && path.equals("restore/next")) {
        restoreRequested.complete(null);
        awaitQuietly(restored);
        reply(exchange, 200, "");
      } else if (method.equals("POST") && path.equals("restore/error")) {
        restoreError.complete(report(exchange, body));
        reply(exchange, 202, "{\"status\":\"OK\"}");
      } else {
        reply(exchange, 404, "{\"errorMessage\":\"unknown path " + path + "\"}");
      }
    }
  }

  private void next(HttpExchange exchange) throws IOException {
    firstNext.complete(null);
    Pending pending;
    try {
      pending = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    running.put(pending.id(), pending);
    peakRunning.accumulateAndGet(running.size(), Math::max);
    long deadline = clock.millis() + pending.timeout().toMillis();
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "application/json");
    headers.set("Lambda-Runtime-Aws-Request-Id", pending.id());
    headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
    headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
    headers.set("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(clock.millis() / 1000)
        + "-" + pending.id().replace("-", "").substring(0, 24) + ";Parent="
        + pending.id().replace("-", "").substring(16, 32) + ";Sampled=0;Lineage=1:0:0");
    exchange.sendResponseHeaders(200, pending.event().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(pending.event());
    }
  }

  private void complete(HttpExchange exchange, String id, Invocation.Result result)
      throws IOException {
    Pending pending = running.remove(id);
    if (pending == null) {
      reply(exchange, 400, "{\"errorMessage\":\"unknown request id " + id + "\","
          + "\"errorType\":\"InvalidRequestID\"}");
      return;
    }
    pending.result().complete(result);
    reply(exchange, 202, "{\"status\":\"OK\"}");
  }

  private static Invocation.ErrorReport report(HttpExchange exchange, byte[] body) {
    String header = Optional.ofNullable(exchange.getRequestHeaders().getFirst(ERROR_TYPE_HEADER))
        .orElse("");
    return Invocation.ErrorReport.of(header, body);
  }

  /** Holds a {@code restore/next} until the restore (or the server's close), at most 10 min. */
  private static void awaitQuietly(CompletableFuture<Void> future) {
    try {
      future.get(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // answered anyway: the runtime then restores, as after a snapshot
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    restored.complete(null);
    server.stop(0);
    threads.shutdownNow();
  }
}
