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
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Serves DNS over TCP on one socket (<a href="https://www.rfc-editor.org/rfc/rfc7766">RFC
 * 7766</a>): several sequential messages per connection, an idle timeout, a bounded number of
 * connections. Stream answers from the endpoint are copied to the socket as they are, the pages of
 * a paged transfer one after another.
 */
final class TcpListener implements AutoCloseable {
  private final ServerSocket server;
  private final Forwarder forwarder;
  private final int idleMillis;
  private final Semaphore slots;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;

  TcpListener(ServerSocket server, Forwarder forwarder, RelayConfig config) {
    this.server = server;
    this.forwarder = forwarder;
    this.idleMillis = (int) Math.min(Integer.MAX_VALUE, config.tcpIdleTimeout().toMillis());
    this.slots = new Semaphore(config.tcpConnections());
    this.acceptor = new Thread(this::accept, "ddns-tcp-" + Forwarder.address(address()));
    this.acceptor.setDaemon(true);
  }

  void start() {
    acceptor.start();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (!server.isClosed()) {
          Log.info("TCP accept on " + Forwarder.address(address()) + " failed: " + e.getMessage());
        }
        continue;
      }
      if (!slots.tryAcquire()) {
        Log.info("too many TCP connections; refusing " + socket.getRemoteSocketAddress());
        closeQuietly(socket);
        continue;
      }
      open.add(socket);
      Thread t = new Thread(() -> serve(socket), "ddns-tcp-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket socket) {
    InetSocketAddress from = (InetSocketAddress) socket.getRemoteSocketAddress();
    try (socket) {
      socket.setSoTimeout(idleMillis);
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = new BufferedOutputStream(socket.getOutputStream());
      for (byte[] m = TcpFraming.read(in, TcpFraming.MAX_MESSAGE); m != null;
          m = TcpFraming.read(in, TcpFraming.MAX_MESSAGE)) {
        if (!answer(m, from, out)) {
          break;
        }
      }
    } catch (SocketTimeoutException e) {
      // RFC 7766 §6.2.3: an idle client is closed on
    } catch (IOException e) {
      if (!socket.isClosed() && !server.isClosed()) {
        Log.info("TCP connection from " + Forwarder.address(from) + " ended: " + e.getMessage());
      }
    } finally {
      open.remove(socket);
      slots.release();
    }
  }

  /** Sends the answer to one message; false when the connection must close (no answer). */
  private boolean answer(byte[] message, InetSocketAddress from, OutputStream out)
      throws IOException {
    Forwarder.Reply reply = forwarder.tcp(message, from);
    Optional<byte[]> body = reply.body();
    if (body.isEmpty()) {
      return false;
    }
    if (reply.framed()) {
      out.write(body.get());
    } else {
      TcpFraming.write(out, body.get());
    }
    out.flush();
    return copyNextPages(message, from, reply.continuation(), out);
  }

  /**
   * A paged transfer: fetches the pages after the first and copies them to the client as one
   * stream. A page that fails closes the connection, so the client sees an incomplete transfer and
   * drops it, rather than an answer in the middle of the stream.
   */
  private boolean copyNextPages(byte[] message, InetSocketAddress from,
      Optional<String> continuation, OutputStream out) throws IOException {
    Optional<String> token = continuation;
    while (token.isPresent()) {
      Forwarder.Reply page = forwarder.nextPage(message, from, token.get());
      if (page.body().isEmpty() || !page.framed()) {
        Log.info("paged transfer to " + Forwarder.address(from) + " failed; closing");
        return false;
      }
      out.write(page.body().get());
      out.flush();
      token = page.continuation();
    }
    return true;
  }

  @Override
  public void close() {
    closeQuietly(server);
    open.forEach(TcpListener::closeQuietly);
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
