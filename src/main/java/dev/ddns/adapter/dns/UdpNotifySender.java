package dev.ddns.adapter.dns;

import dev.ddns.core.notify.NotifyMessage;
import dev.ddns.core.port.NotifyDelivery;
import dev.ddns.core.port.NotifyDelivery.Outcome;
import dev.ddns.core.port.NotifySender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * NOTIFY over UDP (RFC 1996 §3.6): every target at once, each on its own socket, retransmitted
 * with a doubling timeout until a response with the message's ID arrives or the window closes.
 * The first datagram always gets its full first timeout, however little of the window is left.
 *
 * <p>A target that stayed silent for a whole window is remembered for {@link #quietPeriod}: it
 * then gets a single datagram and no retries, so that a secondary that is down costs each later
 * batch at most one first timeout, not a whole window (its SOA refresh still brings it up to date).
 */
public final class UdpNotifySender implements NotifySender, AutoCloseable {
  /** Long enough for a round trip across the internet. */
  public static final Duration FIRST_TIMEOUT = Duration.ofMillis(250);
  private static final Duration MAX_TIMEOUT = Duration.ofSeconds(2);
  /** How long a silent target gets one try per NOTIFY instead of retries. */
  public static final Duration QUIET_PERIOD = Duration.ofMinutes(1);
  private static final int MAX_DATAGRAM = 65_535;

  private final Duration firstTimeout;
  private final Duration quietPeriod;
  private final Map<String, Long> silentUntilNanos = new ConcurrentHashMap<>();
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "notify-udp");
    t.setDaemon(true);
    return t;
  });

  public UdpNotifySender() {
    this(FIRST_TIMEOUT, QUIET_PERIOD);
  }

  public UdpNotifySender(Duration firstTimeout, Duration quietPeriod) {
    this.firstTimeout = firstTimeout;
    this.quietPeriod = quietPeriod;
  }

  @Override
  public List<NotifyDelivery> send(List<Notification> notifications, Duration window) {
    long deadline = System.nanoTime() + window.toNanos();
    List<Future<NotifyDelivery>> running = new ArrayList<>();
    for (Notification n : notifications) {
      running.add(threads.submit(() -> deliver(n, deadline)));
    }
    List<NotifyDelivery> deliveries = new ArrayList<>();
    for (Future<NotifyDelivery> f : running) {
      deliveries.add(result(f));
    }
    return deliveries;
  }

  private static NotifyDelivery result(Future<NotifyDelivery> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending NOTIFY", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw new IllegalStateException("sending NOTIFY failed", cause);
    }
  }

  private NotifyDelivery deliver(Notification n, long deadline) throws IOException {
    long start = System.nanoTime();
    InetSocketAddress address;
    try {
      address = NotifyTargets.resolve(n.target());
    } catch (IllegalArgumentException | UnknownHostException e) {
      return new NotifyDelivery(n.target(), Outcome.BAD_TARGET, 0, -1, Duration.ZERO);
    }
    boolean knownSilent = silentUntilNanos.getOrDefault(n.target(), start) - start > 0;
    byte[] wire = n.message().toWire();
    int id = n.message().getHeader().getID();
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(address);
      long timeout = firstTimeout.toNanos();
      int attempts = 0;
      while (attempts == 0 || (!knownSilent && System.nanoTime() - deadline < 0)) {
        socket.send(new DatagramPacket(wire, wire.length));
        attempts++;
        long tryEnd = knownSilent || attempts == 1 ? System.nanoTime() + timeout
            : Math.min(System.nanoTime() + timeout, deadline);
        OptionalInt rcode = awaitAnswer(socket, id, tryEnd);
        if (rcode.isPresent()) {
          silentUntilNanos.remove(n.target());
          return new NotifyDelivery(n.target(), Outcome.ANSWERED, attempts, rcode.getAsInt(),
              Duration.ofNanos(System.nanoTime() - start));
        }
        timeout = Math.min(timeout * 2, MAX_TIMEOUT.toNanos());
      }
      silentUntilNanos.put(n.target(), System.nanoTime() + quietPeriod.toNanos());
      return new NotifyDelivery(n.target(), Outcome.SILENT, attempts, -1,
          Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /** The rcode of the first response to {@code id} before {@code until}; other datagrams are ignored. */
  private static OptionalInt awaitAnswer(DatagramSocket socket, int id, long until)
      throws IOException {
    byte[] buffer = new byte[MAX_DATAGRAM];
    long left;
    while ((left = until - System.nanoTime()) > 0) {
      socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (SocketTimeoutException e) {
        return OptionalInt.empty();
      } catch (PortUnreachableException e) {
        sleepUntil(until);
        return OptionalInt.empty();
      }
      OptionalInt rcode = NotifyMessage.answerRcode(id,
          java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
      if (rcode.isPresent()) {
        return rcode;
      }
    }
    return OptionalInt.empty();
  }

  /** ICMP port unreachable ends the wait at once; the retry schedule still applies. */
  private static void sleepUntil(long until) throws IOException {
    long left = until - System.nanoTime();
    if (left > 0) {
      try {
        Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while waiting to resend NOTIFY");
      }
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
