package dev.ddns.local;

import dev.ddns.adapter.dns.SocketAddresses;
import dev.ddns.adapter.dns.TcpFraming;
import dev.ddns.adapter.http.DohCodec;
import dev.ddns.adapter.http.DohRequest;
import dev.ddns.adapter.http.DohResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The DoH endpoint of {@code ddns local} on Jetty: plain HTTP on loopback, serving {@link
 * DohCodec} at {@value DohCodec#PATH}. Jetty rather than the JDK's built-in server, whose
 * header parsing and per-response date formatting topped the profile under dnsperf load.
 */
public final class LocalHttpServer implements AutoCloseable {
  private static final int MAX_THREADS = 8;

  private final Server server;
  private final ServerConnector connector;

  private LocalHttpServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /**
   * Binds {@code address} (port 0 picks a free one) and starts serving.
   *
   * @throws BindException naming the address when it cannot be bound
   */
  public static LocalHttpServer start(DohCodec codec, InetSocketAddress address)
      throws IOException {
    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
    threads.setName("ddns-http");
    threads.setDaemon(true);
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(false);
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(address.getAddress().getHostAddress());
    connector.setPort(address.getPort());
    server.addConnector(connector);
    server.setHandler(new DohHandler(codec));
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server);
      BindException failure = new BindException("cannot listen on HTTP "
          + SocketAddresses.format(address) + ": " + reason(e));
      failure.initCause(e);
      throw failure;
    }
    return new LocalHttpServer(server, connector);
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
    return URI.create("http://" + SocketAddresses.format(address()) + DohCodec.PATH);
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
      System.err.println("ddns local: stopping the HTTP server: " + e.getMessage());
    }
  }

  /** Hands each request to the codec, blocking on the body (at most one DNS message). */
  private static final class DohHandler extends Handler.Abstract {
    private final DohCodec codec;

    DohHandler(DohCodec codec) {
      this.codec = codec;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback)
        throws IOException {
      DohResponse answer = codec.handle(doh(request));
      response.setStatus(answer.status());
      answer.headers().forEach(response.getHeaders()::put);
      response.write(true, ByteBuffer.wrap(answer.body()), callback);
      return true;
    }

    private static DohRequest doh(Request request) throws IOException {
      Map<String, String> headers = new HashMap<>();
      for (HttpField field : request.getHeaders()) {
        headers.putIfAbsent(field.getName(), field.getValue());
      }
      String remote = SocketAddresses.format(new InetSocketAddress(
          Request.getRemoteAddr(request), Request.getRemotePort(request)));
      return new DohRequest(request.getMethod(), request.getHttpURI().getPath(),
          request.getHttpURI().getQuery(), headers, readBounded(request), remote);
    }

    /** Reads at most one byte more than a DNS message may hold, so the codec can answer 413. */
    private static byte[] readBounded(Request request) throws IOException {
      try (InputStream body = Content.Source.asInputStream(request)) {
        return body.readNBytes(TcpFraming.MAX_MESSAGE + 1);
      }
    }
  }
}
