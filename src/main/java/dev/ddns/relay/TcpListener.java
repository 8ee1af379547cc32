package dev.ddns.relay;

import dev.ddns.adapter.dns.TcpFraming;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves DNS over TCP on one socket (<a href="https://www.rfc-editor.org/rfc/rfc7766">RFC
 * 7766</a>): several sequential messages per connection, an idle timeout, a bounded number of
 * connections. Stream answers from the endpoint are copied to the socket as they are, the pages of
 * a paged transfer one after another.
 *
 * <p>Slow clients cannot hold the slots (RFC 7766 §6.2; docs/ROBUSTNESS.md, "Floods"): once a
 * message's first byte has come, the whole message must follow within the {@link TcpLimits}
 * message deadline, and each answer must be taken within it; one address holds at most a few
 * connections; and when all slots but the reserved ones are held, a new connection closes the one
 * that has waited on its client longest, so newcomers always find room while an attack holds.
 */
final class TcpListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);
  private final ServerSocket server;
  private final Forwarder forwarder;
  private final int idleMillis;
  private final int connections;
  private final TcpLimits limits;
  private final Map<Socket, Connection> open = new LinkedHashMap<>();
  private final Map<SourceKey, Integer> perSource = new HashMap<>();
  private final ScheduledThreadPoolExecutor deadlines;
  private final Thread acceptor;
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong evicted = new AtomicLong();
  private final AtomicLong overDeadline = new AtomicLong();

  TcpListener(ServerSocket server, Forwarder forwarder, RelayConfig config) {
    this.server = server;
    this.forwarder = forwarder;
    this.idleMillis = (int) Math.min(Integer.MAX_VALUE, config.tcpIdleTimeout().toMillis());
    this.connections = config.tcpConnections();
    this.limits = config.tcpLimits();
    String name = "ddns-tcp-" + Forwarder.address(address());
    this.deadlines = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, name + "-deadlines");
      t.setDaemon(true);
      return t;
    });
    this.deadlines.setRemoveOnCancelPolicy(true);
    this.acceptor = new Thread(this::accept, name);
    this.acceptor.setDaemon(true);
  }

  /**
   * One connection held: its source and since when it has waited on its client, if it does. A
   * connection waits only once its thread serves it: one accepted while the machine is too busy to
   * start its thread yet has had no chance to send, and is not the one to close for room.
   */
  private static final class Connection {
    final Socket socket;
    final SourceKey source;
    long waitingSince;
    boolean waiting;
    boolean evicted;

    Connection(Socket socket, SourceKey source) {
      this.socket = socket;
      this.source = source;
    }
  }

  /** An IPv4 address, or the /64 of an IPv6 address (one host's usual share). */
  record SourceKey(byte[] prefix) {
    static SourceKey of(InetAddress address) {
      byte[] bytes = address.getAddress();
      return new SourceKey(bytes.length == 4 ? bytes : Arrays.copyOf(bytes, 8));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SourceKey k && Arrays.equals(prefix, k.prefix);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(prefix);
    }
  }

  void start() {
    acceptor.start();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  /** Connections refused: over the cap for their address, or no slot free. */
  long refused() {
    return refused.get();
  }

  /** Connections closed to make room for a new client. */
  long evicted() {
    return evicted.get();
  }

  /** Connections closed because a message or an answer took longer than the deadline. */
  long overDeadline() {
    return overDeadline.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (!server.isClosed()) {
          LOG.info("TCP accept on " + Forwarder.address(address()) + " failed: " + e.getMessage());
        }
        continue;
      }
      Optional<Connection> admitted = admit(socket);
      if (admitted.isEmpty()) {
        closeQuietly(socket);
        continue;
      }
      Thread t = new Thread(() -> serve(admitted.get()), "ddns-tcp-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  /**
   * Takes a slot for a new connection: refused when its address holds its share already or no
   * slot is free; when only the reserved slots are free, the connection that has waited on its
   * client longest is closed first, so that the reserve is there for the next newcomer.
   */
  private synchronized Optional<Connection> admit(Socket socket) {
    InetSocketAddress from = (InetSocketAddress) socket.getRemoteSocketAddress();
    SourceKey source = SourceKey.of(from.getAddress());
    if (perSource.getOrDefault(source, 0) >= limits.perAddress()) {
      note(refused, "TCP connections from " + Forwarder.address(from) + " over "
          + limits.perAddress() + " per address refused");
      return Optional.empty();
    }
    if (held() >= connections - limits.reserved()) {
      evictLongestWaiting();
    }
    awaitClosing();
    if (open.size() >= connections) {
      note(refused, "TCP connections refused, all " + connections + " slots busy answering");
      return Optional.empty();
    }
    Connection connection = new Connection(socket, source);
    open.put(socket, connection);
    perSource.merge(source, 1, Integer::sum);
    return Optional.of(connection);
  }

  /**
   * Waits a moment for connections closed to make room to give up their slots, so that a burst
   * of newcomers is not refused while those connections' threads are still ending.
   */
  private void awaitClosing() {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    while (open.size() >= connections && held() < open.size() && System.nanoTime() < until) {
      try {
        wait(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Connections held and not yet closed to make room. */
  private int held() {
    int n = 0;
    for (Connection c : open.values()) {
      n += c.evicted ? 0 : 1;
    }
    return n;
  }

  private void evictLongestWaiting() {
    Connection longest = null;
    for (Connection c : open.values()) {
      if (c.waiting && !c.evicted && (longest == null || c.waitingSince < longest.waitingSince)) {
        longest = c;
      }
    }
    if (longest != null) {
      longest.evicted = true;
      closeQuietly(longest.socket);
      note(evicted, "TCP connections closed to keep slots free for new clients (RFC 7766 §6.2)");
    }
  }

  private synchronized void release(Connection connection) {
    open.remove(connection.socket);
    perSource.computeIfPresent(connection.source, (k, n) -> n == 1 ? null : n - 1);
    notifyAll();
  }

  private synchronized void waiting(Connection connection, boolean waiting) {
    connection.waiting = waiting;
    connection.waitingSince = System.nanoTime();
  }

  /** Counts and logs at powers of two. */
  private static void note(AtomicLong counter, String what) {
    long n = counter.incrementAndGet();
    if (Long.bitCount(n) == 1) {
      LOG.info(what + ": " + n + " so far");
    }
  }

  private void serve(Connection connection) {
    Socket socket = connection.socket;
    InetSocketAddress from = (InetSocketAddress) socket.getRemoteSocketAddress();
    waiting(connection, true);
    try (socket) {
      socket.setSoTimeout(idleMillis);
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = new BufferedOutputStream(socket.getOutputStream());
      for (byte[] m = readMessage(socket, in); m != null; m = readMessage(socket, in)) {
        waiting(connection, false);
        boolean more = answer(m, from, socket, out);
        waiting(connection, true);
        if (!more) {
          break;
        }
      }
    } catch (SocketTimeoutException e) {
      // RFC 7766 §6.2.3: an idle client is closed on
    } catch (IOException e) {
      if (!socket.isClosed() && !server.isClosed()) {
        LOG.info("TCP connection from " + Forwarder.address(from) + " ended: " + e.getMessage());
      }
    } finally {
      release(connection);
    }
  }

  /**
   * The next message, or null at a clean end: waits for its first byte up to the idle timeout,
   * then gives the whole message the message deadline, however its bytes trickle in.
   */
  private byte[] readMessage(Socket socket, InputStream in) throws IOException {
    in.mark(1);
    if (in.read() < 0) {
      return null;
    }
    in.reset();
    ScheduledFuture<?> deadline = closeAtDeadline(socket);
    try {
      return TcpFraming.read(in, TcpFraming.MAX_MESSAGE);
    } finally {
      deadline.cancel(false);
    }
  }

  /** Closes the socket when the message deadline passes first (and counts it). */
  private ScheduledFuture<?> closeAtDeadline(Socket socket) throws IOException {
    try {
      return deadlines.schedule(() -> {
        note(overDeadline, "TCP connections closed: a message or an answer took over "
            + limits.messageTimeout().toMillis() + " ms");
        closeQuietly(socket);
      }, limits.messageTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      throw new SocketException("the relay is closing");
    }
  }

  /** Sends the answer to one message; false when the connection must close (no answer). */
  private boolean answer(byte[] message, InetSocketAddress from, Socket socket, OutputStream out)
      throws IOException {
    Forwarder.Reply reply = forwarder.tcp(message, from);
    Optional<byte[]> body = reply.body();
    if (body.isEmpty()) {
      return false;
    }
    ScheduledFuture<?> deadline = closeAtDeadline(socket);
    try {
      if (reply.framed()) {
        out.write(body.get());
      } else {
        TcpFraming.write(out, body.get());
      }
      out.flush();
    } finally {
      deadline.cancel(false);
    }
    return copyNextPages(message, from, reply.continuation(), socket, out);
  }

  /**
   * A paged transfer: fetches the pages after the first and copies them to the client as one
   * stream. A page that fails closes the connection, so the client sees an incomplete transfer and
   * drops it, rather than an answer in the middle of the stream.
   */
  private boolean copyNextPages(byte[] message, InetSocketAddress from,
      Optional<String> continuation, Socket socket, OutputStream out) throws IOException {
    Optional<String> token = continuation;
    while (token.isPresent()) {
      Forwarder.Reply page = forwarder.nextPage(message, from, token.get());
      if (page.body().isEmpty() || !page.framed()) {
        LOG.info("paged transfer to " + Forwarder.address(from) + " failed; closing");
        return false;
      }
      ScheduledFuture<?> deadline = closeAtDeadline(socket);
      try {
        out.write(page.body().get());
        out.flush();
      } finally {
        deadline.cancel(false);
      }
      token = page.continuation();
    }
    return true;
  }

  @Override
  public void close() {
    closeQuietly(server);
    synchronized (this) {
      open.keySet().forEach(TcpListener::closeQuietly);
    }
    deadlines.shutdownNow();
    try {
      acceptor.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing on shutdown; nothing left to do
    }
  }
}
