package dev.ddns.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AWS's DynamoDB Local, in this JVM, served over HTTP on 127.0.0.1 so that {@code ddns zone …}
 * and the AWS CLI reach it with {@code --endpoint-url}. In memory, or in a data folder
 * ({@code -dbPath}) that keeps tables across restarts.
 */
public final class DynamoDbLocalServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbLocalServer.class);
  private static final String LOOPBACK = "127.0.0.1";

  private final DynamoDBProxyServer server;
  private final int port;
  private final Optional<Path> data;

  private DynamoDbLocalServer(DynamoDBProxyServer server, int port, Optional<Path> data) {
    this.server = server;
    this.port = port;
    this.data = data;
  }

  /**
   * Starts DynamoDB Local on 127.0.0.1:{@code port} (0 picks a free port), in memory when {@code
   * data} is empty, otherwise keeping its database files in that folder (created when missing).
   *
   * @throws BindException naming the address when the port is taken
   */
  public static DynamoDbLocalServer start(int port, Optional<Path> data) throws java.io.IOException {
    List<String> args = new ArrayList<>();
    if (data.isPresent()) {
      Files.createDirectories(data.get());
      args.addAll(List.of("-dbPath", data.get().toAbsolutePath().toString()));
    } else {
      args.add("-inMemory");
    }
    // DynamoDB Local refuses -port 0; the connector is set to the wanted port before it starts.
    // -sharedDb: one database whatever the caller's access key and region, so the AWS CLI with
    // any credentials sees the table that ddns uses (DynamoDB Local keys databases by both).
    args.addAll(List.of("-port", Integer.toString(port == 0 ? ServerRunner.DEFAULT_PORT : port),
        "-sharedDb", "-disableTelemetry"));
    DynamoDBProxyServer server = create(args.toArray(String[]::new));
    ServerConnector connector = loopbackOnly(server, port);
    if (connector == null && port == 0) {
      stopQuietly(server);
      throw new IllegalStateException("DynamoDB Local cannot pick a free port here; give one");
    }
    try {
      // safeStart, unlike start, reports a taken port instead of printing it and carrying on.
      server.safeStart();
    } catch (Exception e) {
      stopQuietly(server);
      BindException failure = new BindException("cannot listen on DynamoDB Local "
          + LOOPBACK + ":" + port + ": " + rootMessage(e));
      failure.initCause(e);
      throw failure;
    }
    int actual = connector != null ? connector.getLocalPort() : port;
    return new DynamoDbLocalServer(server, actual, data.map(Path::toAbsolutePath));
  }

  /**
   * DynamoDB Local prints its configuration on standard output (with the placeholder port); ddns
   * local prints its own lines instead, so that output is held back while the server is made.
   */
  private static synchronized DynamoDBProxyServer create(String[] args) {
    java.io.PrintStream stdout = System.out;
    java.io.ByteArrayOutputStream held = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(held, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      return ServerRunner.createServerFromCommandLineArgs(args);
    } catch (Exception e) {
      throw new IllegalStateException("cannot set up DynamoDB Local: " + e.getMessage() + " "
          + held.toString(java.nio.charset.StandardCharsets.UTF_8).strip(), e);
    } finally {
      System.setOut(stdout);
    }
  }

  /**
   * DynamoDB Local's Jetty listens on every interface; this narrows its connector to loopback
   * before it starts, and returns the connector so the bound port can be read back (port 0).
   */
  private static ServerConnector loopbackOnly(DynamoDBProxyServer proxy, int port) {
    try {
      Field field = DynamoDBProxyServer.class.getDeclaredField("server");
      field.setAccessible(true);
      Server jetty = (Server) field.get(proxy);
      for (Connector c : jetty.getConnectors()) {
        if (c instanceof ServerConnector sc) {
          sc.setHost(LOOPBACK);
          sc.setPort(port);
          return sc;
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("DynamoDB Local listens on all interfaces ({})", e.getMessage());
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  /** The port actually bound. */
  public int port() {
    return port;
  }

  /** The endpoint URL for clients, e.g. {@code http://127.0.0.1:8000}. */
  public URI endpoint() {
    return URI.create("http://" + LOOPBACK + ":" + port);
  }

  /** The data folder, or empty when in memory. */
  public Optional<Path> data() {
    return data;
  }

  @Override
  public void close() {
    stopQuietly(server);
  }

  private static void stopQuietly(DynamoDBProxyServer server) {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.info("stopping DynamoDB Local: {}", e.getMessage());
    }
  }
}
