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
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Receives DNS datagrams on one socket and answers each through the {@link Forwarder}, on a
 * bounded worker pool; datagrams arriving when the queue is full are dropped and counted.
 * Datagrams that are not DNS requests ({@link RequestScreen}) get the relay's own FORMERR, or
 * nothing, without taking a place in the queue.
 */
final class UdpListener implements AutoCloseable {
  private static final int MAX_DATAGRAM = 65_535;

  private final DatagramSocket socket;
  private final Forwarder forwarder;
  private final ThreadPoolExecutor workers;
  private final AtomicLong dropped = new AtomicLong();
  private final Thread receiver;

  UdpListener(DatagramSocket socket, Forwarder forwarder, RelayConfig config) {
    this.socket = socket;
    this.forwarder = forwarder;
    String name = "ddns-udp-" + Forwarder.address((InetSocketAddress) socket.getLocalSocketAddress());
    this.workers = new ThreadPoolExecutor(config.udpWorkers(), config.udpWorkers(), 60,
        TimeUnit.SECONDS, new ArrayBlockingQueue<>(config.udpQueue()), daemon(name + "-worker"),
        new ThreadPoolExecutor.AbortPolicy());
    this.workers.allowCoreThreadTimeOut(true);
    this.receiver = daemon(name).newThread(this::receive);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
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

  long dropped() {
    return dropped.get();
  }

  private void receive() {
    byte[] buffer = new byte[MAX_DATAGRAM];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (IOException e) {
        if (!socket.isClosed()) {
          Log.info("UDP receive on " + Forwarder.address(address()) + " failed: " + e.getMessage());
        }
        continue;
      }
      byte[] message = Arrays.copyOfRange(packet.getData(), packet.getOffset(),
          packet.getOffset() + packet.getLength());
      InetSocketAddress from = (InetSocketAddress) packet.getSocketAddress();
      if (RequestScreen.forward(message)) {
        submit(message, from);
      } else {
        ErrorReply.formerr(message).ifPresent(reply -> send(reply, from));
      }
    }
  }

  private void submit(byte[] message, InetSocketAddress from) {
    try {
      workers.execute(() -> answer(message, from));
    } catch (RejectedExecutionException e) {
      long count = dropped.incrementAndGet();
      if (Long.bitCount(count) == 1) {
        Log.info("UDP queue full: " + count + " datagrams dropped so far");
      }
    }
  }

  private void answer(byte[] message, InetSocketAddress from) {
    Forwarder.Reply reply = forwarder.udp(message, from);
    Optional<byte[]> body = reply.body();
    try {
      if (body.isPresent() && reply.framed()) {
        body = TcpFraming.unframe(body.get()).stream().findFirst();
      }
      if (body.isPresent() && body.get().length > 0) {
        send(body.get(), from);
      }
    } catch (IOException e) {
      Log.info("endpoint answer for " + Forwarder.address(from) + " is not framed: "
          + e.getMessage());
    }
  }

  private void send(byte[] message, InetSocketAddress to) {
    try {
      socket.send(new DatagramPacket(message, message.length, to));
    } catch (IOException e) {
      if (!socket.isClosed()) {
        Log.info("UDP answer to " + Forwarder.address(to) + " failed: " + e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    socket.close();
    workers.shutdownNow();
    try {
      receiver.join(1000);
      workers.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
