package dev.ddns.relay;

import dev.ddns.adapter.dns.TcpFraming;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives DNS datagrams on one socket and answers each through the {@link Forwarder}. Requests
 * take one of two lanes ({@link RequestScreen}), each a bounded worker pool whose overflow is
 * dropped and counted: signed requests never wait behind unsigned traffic, and unsigned
 * datagrams pass the {@link UnsignedRateLimiter} first, so a flood of them costs no trip to the
 * endpoint beyond the limit. The unsigned lane has a quarter of the workers and queue, so unsigned
 * requests never hold more than a few of the endpoint's threads at once. Datagrams that are not
 * DNS requests get the relay's own FORMERR (under the same limit), or nothing, without taking a
 * place in a queue.
 */
final class UdpListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UdpListener.class);
  private static final int MAX_DATAGRAM = 65_535;
  /** RFC 1035 §4.2.1: a datagram this small always fits. */
  private static final int CLASSIC_UDP = 512;

  private final DatagramSocket socket;
  private final Forwarder forwarder;
  private final UnsignedRateLimiter limiter;
  private final Lane signed;
  private final Lane unsigned;
  private final Thread receiver;

  UdpListener(DatagramSocket socket, Forwarder forwarder, RelayConfig config,
      UnsignedRateLimiter limiter) {
    this.socket = socket;
    this.forwarder = forwarder;
    this.limiter = limiter;
    String name = "ddns-udp-" + Forwarder.address((InetSocketAddress) socket.getLocalSocketAddress());
    this.signed = new Lane("signed", name, config.udpWorkers(), config.udpQueue());
    this.unsigned = new Lane("unsigned", name, quarter(config.udpWorkers()),
        quarter(config.udpQueue()));
    this.receiver = daemon(name).newThread(this::receive);
  }

  private static int quarter(int n) {
    return Math.max(1, n / 4);
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  void start() {
    receiver.start();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /** The socket's receive buffer in bytes as the kernel reports it; 0 when it cannot tell. */
  int receiveBufferSize() {
    try {
      return socket.getReceiveBufferSize();
    } catch (IOException e) {
      return 0;
    }
  }

  /** Requests dropped because every worker of their lane was busy and its queue full. */
  long dropped() {
    return signed.dropped.get() + unsigned.dropped.get();
  }

  private void receive() {
    byte[] buffer = new byte[MAX_DATAGRAM];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (IOException e) {
        if (!socket.isClosed()) {
          LOG.info("UDP receive on " + Forwarder.address(address()) + " failed: " + e.getMessage());
        }
        continue;
      }
      byte[] message = Arrays.copyOfRange(packet.getData(), packet.getOffset(),
          packet.getOffset() + packet.getLength());
      dispatch(message, (InetSocketAddress) packet.getSocketAddress());
    }
  }

  private void dispatch(byte[] message, InetSocketAddress from) {
    RequestScreen.Kind kind = RequestScreen.classify(message);
    switch (kind) {
      case SIGNED -> signed.submit(() -> answer(message, from));
      case UNSIGNED, MALFORMED -> limited(kind, message, from);
      case IGNORED -> { }
    }
  }

  private void limited(RequestScreen.Kind kind, byte[] message, InetSocketAddress from) {
    boolean request = kind == RequestScreen.Kind.UNSIGNED;
    switch (limiter.admit(from.getAddress(), request)) {
      case PASS -> {
        if (request) {
          unsigned.submit(() -> limiter.charge(from.getAddress(), answer(message, from)));
        } else {
          ErrorReply.formerr(message).ifPresent(reply -> send(reply, from));
        }
      }
      case SLIP -> ErrorReply.truncated(message).ifPresent(reply -> send(reply, from));
      case DROP -> { }
    }
  }

  /** Answers one request; returns the bytes sent, 0 when none. */
  private int answer(byte[] message, InetSocketAddress from) {
    Forwarder.Reply reply = forwarder.udp(message, from);
    Optional<byte[]> body = reply.body();
    try {
      if (body.isPresent() && reply.framed()) {
        body = TcpFraming.unframe(body.get()).stream().findFirst();
      }
      if (body.isPresent() && body.get().length > 0) {
        return sendOrTruncate(body.get(), message, from);
      }
    } catch (IOException e) {
      LOG.info("endpoint answer for " + Forwarder.address(from) + " is not framed: "
          + e.getMessage());
    }
    return 0;
  }

  private void send(byte[] message, InetSocketAddress to) {
    trySend(message, to);
  }

  /**
   * Sends the answer; when the datagram cannot carry it (over {@link Forwarder#udpLimit}, or the
   * send fails for its size), sends an empty TC=1 answer instead, so the client retries over TCP
   * rather than waiting for an answer that never comes. Returns the bytes sent.
   */
  private int sendOrTruncate(byte[] answer, byte[] request, InetSocketAddress to) {
    int limit = Forwarder.udpLimit(to);
    if (answer.length <= limit && trySend(answer, to)) {
      return answer.length;
    }
    if (answer.length > CLASSIC_UDP) {
      LOG.info("UDP answer of " + answer.length + " bytes to " + Forwarder.address(to)
          + " does not fit a datagram (at most " + limit + "); sent TC=1 instead");
      Optional<byte[]> reply = ErrorReply.truncated(request);
      if (reply.isPresent() && trySend(reply.get(), to)) {
        return reply.get().length;
      }
    }
    return 0;
  }

  private boolean trySend(byte[] message, InetSocketAddress to) {
    try {
      socket.send(new DatagramPacket(message, message.length, to));
      return true;
    } catch (IOException e) {
      if (!socket.isClosed()) {
        LOG.info("UDP answer to " + Forwarder.address(to) + " failed: " + e.getMessage());
      }
      return false;
    }
  }

  @Override
  public void close() {
    socket.close();
    signed.workers.shutdownNow();
    unsigned.workers.shutdownNow();
    try {
      receiver.join(1000);
      signed.workers.awaitTermination(1, TimeUnit.SECONDS);
      unsigned.workers.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A bounded worker pool with its own queue; what does not fit is dropped and counted. */
  private static final class Lane {
    private final String name;
    private final ThreadPoolExecutor workers;
    private final AtomicLong dropped = new AtomicLong();

    Lane(String name, String socketName, int threads, int queue) {
      this.name = name;
      this.workers = new ThreadPoolExecutor(threads, threads, 60,
          TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
          daemon(socketName + "-" + name), new ThreadPoolExecutor.AbortPolicy());
      this.workers.allowCoreThreadTimeOut(true);
    }

    void submit(Runnable task) {
      try {
        workers.execute(task);
      } catch (RejectedExecutionException e) {
        long count = dropped.incrementAndGet();
        if (Long.bitCount(count) == 1) {
          LOG.info("UDP " + name + " queue full: " + count + " datagrams dropped so far");
        }
      }
    }
  }
}
