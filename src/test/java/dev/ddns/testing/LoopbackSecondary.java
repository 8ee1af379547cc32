package dev.ddns.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * A UDP socket on 127.0.0.1 standing in for a secondary that receives NOTIFY: it answers, stays
 * silent, answers NOTIMP like a server without NOTIFY support, or ignores the first datagrams;
 * one made with {@link #serving} also answers SOA queries.
 */
public final class LoopbackSecondary implements AutoCloseable {
  /** How the stand-in behaves. */
  public enum Mode { ANSWER, SILENT, NOTIMP }

  private final DatagramSocket socket;
  private final Mode mode;
  private final int ignoreFirst;
  private final Optional<SOARecord> soa;
  private final AtomicInteger datagrams = new AtomicInteger();
  private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();

  private LoopbackSecondary(Mode mode, int ignoreFirst, Optional<SOARecord> soa)
      throws SocketException {
    this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.mode = mode;
    this.ignoreFirst = ignoreFirst;
    this.soa = soa;
    Thread thread = new Thread(this::serve, "loopback-secondary");
    thread.setDaemon(true);
    thread.start();
  }

  public static LoopbackSecondary start(Mode mode) {
    return start(mode, 0);
  }

  /** A secondary that drops the first {@code ignoreFirst} datagrams, then behaves as {@code mode}. */
  public static LoopbackSecondary start(Mode mode, int ignoreFirst) {
    return start(mode, ignoreFirst, Optional.empty());
  }

  /**
   * A secondary that answers NOTIFY and, with authority, an SOA query for {@code soa}'s zone with
   * {@code soa}, as {@code ddns status} asks it.
   */
  public static LoopbackSecondary serving(SOARecord soa) {
    return start(Mode.ANSWER, 0, Optional.of(soa));
  }

  private static LoopbackSecondary start(Mode mode, int ignoreFirst, Optional<SOARecord> soa) {
    try {
      return new LoopbackSecondary(mode, ignoreFirst, soa);
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 127.0.0.1:port}, as a notify target. */
  public String target() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  /** Datagrams received so far. */
  public int datagrams() {
    return datagrams.get();
  }

  /**
   * The datagrams received once at least {@code count} have come, or when {@code millis} have
   * passed: a sender that gave up on a silent target may return before its last datagram is read.
   */
  public int awaitDatagrams(int count, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (datagrams.get() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return datagrams.get();
  }

  /** The next NOTIFY received, waiting up to {@code millis}; null when none came. */
  public Message next(long millis) throws InterruptedException, IOException {
    byte[] wire = nextWire(millis);
    return wire == null ? null : new Message(wire);
  }

  /** The next NOTIFY received as sent, waiting up to {@code millis}; null when none came. */
  public byte[] nextWire(long millis) throws InterruptedException {
    return received.poll(millis, TimeUnit.MILLISECONDS);
  }

  private void serve() {
    byte[] buffer = new byte[65_535];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
        byte[] wire = java.util.Arrays.copyOf(buffer, packet.getLength());
        Message notify = new Message(wire);
        int count = datagrams.incrementAndGet();
        received.add(wire);
        if (mode != Mode.SILENT && count > ignoreFirst) {
          byte[] reply = reply(notify).toWire();
          socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
        }
      } catch (IOException e) {
        if (!socket.isClosed()) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  private Message reply(Message notify) {
    Message reply = new Message(notify.getHeader().getID());
    reply.getHeader().setOpcode(notify.getHeader().getOpcode());
    reply.getHeader().setFlag(Flags.QR);
    reply.getHeader().setRcode(mode == Mode.NOTIMP ? Rcode.NOTIMP : Rcode.NOERROR);
    reply.addRecord(notify.getQuestion(), org.xbill.DNS.Section.QUESTION);
    Record question = notify.getQuestion();
    soa.filter(s -> notify.getHeader().getOpcode() == Opcode.QUERY
            && question.getType() == Type.SOA && question.getName().equals(s.getName()))
        .ifPresent(s -> {
          reply.getHeader().setFlag(Flags.AA);
          reply.addRecord(s, org.xbill.DNS.Section.ANSWER);
        });
    return reply;
  }

  @Override
  public void close() {
    socket.close();
  }
}
