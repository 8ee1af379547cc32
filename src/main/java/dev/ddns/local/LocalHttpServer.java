package dev.ddns.local;

import dev.ddns.adapter.dns.SocketAddresses;
import dev.ddns.adapter.dns.TcpFraming;
import dev.ddns.adapter.http.DohCodec;
import dev.ddns.adapter.http.DohRequest;
import dev.ddns.adapter.http.DohResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DoH endpoint of {@code ddns local} on Jetty: plain HTTP on loopback, serving {@link
 * DohCodec} at {@value DohCodec#PATH}. Jetty rather than the JDK's built-in server, whose
 * header parsing and per-response date formatting topped the profile under dnsperf load.
 *
 * <p>No request waits on a client (docs/ROBUSTNESS.md, "Slow HTTP clients"): bodies are read
 * asynchronously, holding no thread between their bytes, and the whole body must arrive within
 * {@link #BODY_DEADLINE} or the request is answered 408 and the connection closed. The relay has
 * a lane of its own: a second connector on another loopback port, with its own threads, so its
 * requests never queue behind other HTTP clients, whose connections are bounded.
 */
public final class LocalHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalHttpServer.class);
  /** How long a request's whole body may take, from the end of its headers. */
  public static final Duration BODY_DEADLINE = Duration.ofSeconds(5);
  /** Connections the public port holds at once; more wait in the kernel's accept queue. */
  static final int PUBLIC_CONNECTIONS = 256;
  /** How long a connection may sit without a byte either way (headers included). */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
  private static final int PUBLIC_THREADS = 8;
  private static final int RELAY_THREADS = 12;

  private final Server server;
  private final ServerConnector connector;
  private final ServerConnector relayConnector;

  private LocalHttpServer(Server server, ServerConnector connector,
      ServerConnector relayConnector) {
    this.server = server;
    this.connector = connector;
    this.relayConnector = relayConnector;
  }

  /**
   * Binds {@code address} (port 0 picks a free one) for HTTP clients, and a free port on the same
   * address for the relay, and starts serving.
   *
   * @throws BindException naming the address when it cannot be bound
   */
  public static LocalHttpServer start(DohCodec codec, InetSocketAddress address)
      throws IOException {
    Server server = new Server(threads("ddns-http", PUBLIC_THREADS));
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(false);
    String host = address.getAddress().getHostAddress();
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(address.getPort());
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(PUBLIC_CONNECTIONS, connector));
    ServerConnector relayConnector = new ServerConnector(server,
        threads("ddns-http-relay", RELAY_THREADS), null, null, 1, 1,
        new HttpConnectionFactory(http));
    relayConnector.setHost(host);
    relayConnector.setPort(0);
    server.addConnector(relayConnector);
    server.setHandler(new DohHandler(codec, server));
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server);
      BindException failure = new BindException("cannot listen on HTTP "
          + SocketAddresses.format(address) + ": " + reason(e));
      failure.initCause(e);
      throw failure;
    }
    return new LocalHttpServer(server, connector, relayConnector);
  }

  private static QueuedThreadPool threads(String name, int max) {
    QueuedThreadPool threads = new QueuedThreadPool(max, 2);
    threads.setName(name);
    threads.setDaemon(true);
    return threads;
  }

  private static String reason(Exception e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
  }

  /** The URL of the DoH endpoint, e.g. {@code http://127.0.0.1:8053/dns-query}. */
  public URI endpoint() {
    return url(address());
  }

  /** The URL of the relay's own lane: the same endpoint on a port of its own. */
  public URI relayEndpoint() {
    return url(new InetSocketAddress(relayConnector.getHost(), relayConnector.getLocalPort()));
  }

  private static URI url(InetSocketAddress address) {
    return URI.create("http://" + SocketAddresses.format(address) + DohCodec.PATH);
  }

  /** Stops accepting requests and lets running ones finish for up to a second. */
  @Override
  public void close() {
    server.setStopTimeout(1000);
    stopQuietly(server);
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.info("stopping the HTTP server: {}", e.getMessage());
    }
  }

  /** Reads each request's body without blocking, within the deadline, and hands it to the codec. */
  private static final class DohHandler extends Handler.Abstract {
    private final DohCodec codec;
    private final Server server;

    DohHandler(DohCodec codec, Server server) {
      this.codec = codec;
      this.server = server;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      new BodyRead(request, response, callback).run();
      return true;
    }

    /**
     * One request's body, gathered chunk by chunk as it arrives (at most one byte more than a DNS
     * message may hold, so the codec can answer 413); between chunks no thread waits. The body
     * deadline is set only when a body is not all there at once: a DNS message usually comes
     * with its headers, and is answered without a timer task scheduled and cancelled.
     */
    private final class BodyRead implements Runnable {
      private final Request request;
      private final Response response;
      private final Callback callback;
      private final ByteArrayOutputStream body = new ByteArrayOutputStream();
      private final AtomicBoolean answered = new AtomicBoolean();
      private volatile Scheduler.Task deadline;

      BodyRead(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
      }

      /** Takes the chunks there are; asks to be called again when more come. */
      @Override
      public void run() {
        while (!answered.get()) {
          Content.Chunk chunk = request.read();
          if (chunk == null) {
            awaitMore();
            return;
          }
          if (Content.Chunk.isFailure(chunk)) {
            if (answered.compareAndSet(false, true)) {
              cancelDeadline();
              callback.failed(chunk.getFailure());
            }
            return;
          }
          ByteBuffer bytes = chunk.getByteBuffer();
          int take = Math.min(bytes.remaining(), TcpFraming.MAX_MESSAGE + 1 - body.size());
          byte[] copy = new byte[take];
          bytes.get(copy);
          body.writeBytes(copy);
          boolean complete = chunk.isLast() || body.size() > TcpFraming.MAX_MESSAGE;
          chunk.release();
          if (complete) {
            answer();
            return;
          }
        }
      }

      /** Asks to be called when more of the body comes, by the deadline of the first wait. */
      private void awaitMore() {
        if (deadline == null) {
          deadline = server.getScheduler().schedule(this::tooSlow, BODY_DEADLINE.toMillis(),
              TimeUnit.MILLISECONDS);
        }
        request.demand(this);
      }

      private void cancelDeadline() {
        Scheduler.Task task = deadline;
        if (task != null) {
          task.cancel();
        }
      }

      private void answer() {
        if (!answered.compareAndSet(false, true)) {
          return;
        }
        cancelDeadline();
        try {
          DohResponse answer = codec.handle(doh(request, body.toByteArray()));
          response.setStatus(answer.status());
          answer.headers().forEach(response.getHeaders()::put);
          response.write(true, ByteBuffer.wrap(answer.body()), callback);
        } catch (RuntimeException e) {
          callback.failed(e);
        }
      }

      /** The deadline passed first: 408, and the connection closes. */
      private void tooSlow() {
        if (!answered.compareAndSet(false, true)) {
          return;
        }
        response.setStatus(408);
        response.getHeaders().put("Content-Type", "text/plain; charset=utf-8");
        response.getHeaders().put("Connection", "close");
        response.write(true, ByteBuffer.wrap(("request body not complete within "
            + BODY_DEADLINE.toSeconds() + " s\n").getBytes(StandardCharsets.UTF_8)), callback);
      }
    }

    private static DohRequest doh(Request request, byte[] body) {
      Map<String, String> headers = new HashMap<>();
      for (HttpField field : request.getHeaders()) {
        headers.putIfAbsent(field.getName(), field.getValue());
      }
      String remote = SocketAddresses.format(new InetSocketAddress(
          Request.getRemoteAddr(request), Request.getRemotePort(request)));
      return new DohRequest(request.getMethod(), request.getHttpURI().getPath(),
          request.getHttpURI().getQuery(), headers, body, remote);
    }
  }
}
