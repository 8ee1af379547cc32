package dev.ddns.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients that hold a server's connections by sending slowly: TCP DNS clients that send the
 * length prefix {@code ff ff} and one byte, then one byte per tick (a message that never
 * completes), or HTTP clients that send a DoH POST's headers with {@code Content-Length: 100} and
 * one body byte, then one byte per tick. The attack stops by itself after its duration, or on
 * {@link #close}. With {@code reconnect}, a connection the server closed is opened again at the
 * next tick, so the attack keeps its full count of connections trying.
 */
public final class SlowClients implements AutoCloseable {
  /** The first bytes of one connection. */
  private enum Kind {
    TRICKLE_TCP(new byte[] {(byte) 0xff, (byte) 0xff, 0}),
    SLOW_HTTP_BODY(("POST /dns-query HTTP/1.1\r\nHost: x\r\n"
        + "Content-Type: application/dns-message\r\nContent-Length: 100\r\n\r\n\0")
        .getBytes(StandardCharsets.US_ASCII));

    private final byte[] opening;

    Kind(byte[] opening) {
      this.opening = opening;
    }
  }

  private final Kind kind;
  private final InetSocketAddress server;
  private final List<InetAddress> sources;
  private final boolean reconnect;
  private final Socket[] sockets;
  private final Thread ticker;
  private final AtomicLong opened = new AtomicLong();
  private final AtomicLong closedByServer = new AtomicLong();
  private volatile boolean stopped;

  private SlowClients(Kind kind, InetSocketAddress server, int count, List<InetAddress> sources,
      Duration tick, Duration duration, boolean reconnect) {
    this.kind = kind;
    this.server = server;
    this.sources = List.copyOf(sources);
    this.reconnect = reconnect;
    this.sockets = new Socket[count];
    for (int i = 0; i < count; i++) {
      sockets[i] = open(i);
    }
    long end = System.nanoTime() + duration.toNanos();
    this.ticker = new Thread(() -> tick(tick, end), "slow-clients");
    this.ticker.setDaemon(true);
    this.ticker.start();
  }

  /**
   * {@code count} TCP DNS clients that trickle one never-ending message, from {@code sources} in
   * turn, one byte per {@code tick}, for {@code duration}.
   */
  public static SlowClients trickleTcp(InetSocketAddress server, int count,
      List<InetAddress> sources, Duration tick, Duration duration, boolean reconnect) {
    return new SlowClients(Kind.TRICKLE_TCP, server, count, sources, tick, duration, reconnect);
  }

  /** {@code count} HTTP clients that send a DoH POST body one byte per {@code tick}. */
  public static SlowClients slowHttpBodies(InetSocketAddress server, int count, Duration tick,
      Duration duration, boolean reconnect) {
    return new SlowClients(Kind.SLOW_HTTP_BODY, server, count, List.of(loopback()), tick,
        duration, reconnect);
  }

  /** Source addresses 127.0.0.2 onwards, {@code n} of them (Linux answers all of 127/8). */
  public static List<InetAddress> loopbackSources(int n) {
    List<InetAddress> sources = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      try {
        sources.add(InetAddress.getByAddress(new byte[] {127, 0, (byte) ((2 + i) >> 8),
            (byte) ((2 + i) & 0xff)}));
      } catch (UnknownHostException e) {
        throw new AssertionError("four bytes are an address", e);
      }
    }
    return sources;
  }

  private static InetAddress loopback() {
    return InetAddress.getLoopbackAddress();
  }

  /** Connections opened so far, reopened ones included. */
  public long opened() {
    return opened.get();
  }

  /** Connections the server closed (or refused) so far. */
  public long closedByServer() {
    return closedByServer.get();
  }

  /** Connections open now, as far as this side knows. */
  public synchronized int open() {
    int n = 0;
    for (Socket s : sockets) {
      n += s == null ? 0 : 1;
    }
    return n;
  }

  private Socket open(int i) {
    Socket socket = new Socket();
    try {
      socket.bind(new InetSocketAddress(sources.get(i % sources.size()), 0));
      socket.connect(server, 2000);
      socket.getOutputStream().write(kind.opening);
      opened.incrementAndGet();
      return socket;
    } catch (IOException e) {
      closedByServer.incrementAndGet();
      closeQuietly(socket);
      return null;
    }
  }

  private void tick(Duration tick, long end) {
    while (!stopped && System.nanoTime() < end) {
      try {
        Thread.sleep(Math.max(1, Math.min(tick.toMillis(), (end - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        break;
      }
      if (System.nanoTime() >= end) {
        break;
      }
      synchronized (this) {
        for (int i = 0; i < sockets.length && !stopped; i++) {
          if (sockets[i] != null && !sendOne(sockets[i])) {
            closedByServer.incrementAndGet();
            closeQuietly(sockets[i]);
            sockets[i] = null;
          }
          if (sockets[i] == null && reconnect) {
            sockets[i] = open(i);
          }
        }
      }
    }
    closeAll();
  }

  /** One more byte; false when the server has closed the connection. */
  private static boolean sendOne(Socket socket) {
    try {
      if (socket.getInputStream().available() > 0) {
        return false; // an answer (e.g. HTTP 408) means the server is done with this request
      }
      OutputStream out = socket.getOutputStream();
      out.write(0);
      out.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits until the attack has stopped by itself. */
  public void awaitEnd() throws InterruptedException {
    ticker.join();
  }

  private synchronized void closeAll() {
    for (int i = 0; i < sockets.length; i++) {
      if (sockets[i] != null) {
        closeQuietly(sockets[i]);
        sockets[i] = null;
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    ticker.interrupt();
    ticker.join();
    closeAll();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // the attack is over for this connection
    }
  }
}
