package dev.ddns.testing.tools;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A loopback forwarder between a secondary and the relay ({@code ::1}, UDP and TCP) that passes
 * every byte through unchanged and notes, for each answer, the question type and the form of the
 * answer: how a test sees whether a secondary whose log does not say so (NSD) got an incremental
 * transfer or the whole zone. It can also alter transfers on their way (an attacker on the path):
 * a secondary that checks the answers' TSIG must refuse them.
 */
public final class TransferTap implements AutoCloseable {
  private static final InetAddress LOOPBACK_V6 = loopbackV6();
  private static final int UDP_TIMEOUT_MS = 5_000;
  private static final int HEADER_LENGTH = 12;

  /** What an answer to a SOA, AXFR or IXFR question held. */
  public enum Form {
    /** The zone's SOA alone: a SOA query's answer, or an IXFR's "you are up to date" (§4). */
    SOA_ONLY,
    /** An IXFR's difference sequences: the second record is a SOA (RFC 1995 §4). */
    INCREMENTAL,
    /** The whole zone, as AXFR sends it (also an IXFR the journal could not answer). */
    FULL,
    /** An error rcode, or an answer with no records. */
    OTHER
  }

  /** One answer passed to the secondary: over UDP or TCP, for a question of {@code type}. */
  public record Exchange(boolean tcp, int type, Form form, String rcode) {}

  private final int upstreamPort;
  private final ServerSocket tcp;
  private final DatagramSocket udp;
  private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "transfer-tap");
    thread.setDaemon(true);
    return thread;
  });
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private volatile boolean tampering;

  private TransferTap(int upstreamPort, ServerSocket tcp, DatagramSocket udp) {
    this.upstreamPort = upstreamPort;
    this.tcp = tcp;
    this.udp = udp;
  }

  /** Listens on {@code [::1]} (a port free for UDP and TCP), forwarding to {@code upstreamPort}. */
  public static TransferTap start(int upstreamPort) {
    for (int attempt = 0; attempt < 50; attempt++) {
      try {
        ServerSocket tcp = new ServerSocket(0, 50, LOOPBACK_V6);
        try {
          DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK_V6,
              tcp.getLocalPort()));
          TransferTap tap = new TransferTap(upstreamPort, tcp, udp);
          tap.threads.execute(tap::acceptTcp);
          tap.threads.execute(tap::serveUdp);
          return tap;
        } catch (SocketException e) {
          tcp.close();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no port on [::1] free for both TCP and UDP after 50 tries");
  }

  public int port() {
    return tcp.getLocalPort();
  }

  public List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  /**
   * While on, the first message of each AXFR and IXFR answer over TCP reaches the secondary with
   * the TTL of its first record changed by one, its TSIG record as the relay signed it.
   */
  public void tamperWithTransfers(boolean on) {
    tampering = on;
  }

  private void acceptTcp() {
    while (!tcp.isClosed()) {
      try {
        Socket client = tcp.accept();
        threads.execute(() -> relayTcp(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void relayTcp(Socket client) {
    try (client; Socket upstream = new Socket(LOOPBACK_V6, upstreamPort)) {
      threads.execute(() -> pump(client, upstream));
      DataInputStream in = new DataInputStream(upstream.getInputStream());
      OutputStream out = client.getOutputStream();
      Set<Integer> answered = new HashSet<>();
      while (true) {
        int length = in.readUnsignedShort();
        byte[] message = new byte[length];
        in.readFully(message);
        boolean first = note(true, message, answered);
        if (first && tampering && isTransfer(message)) {
          changeFirstTtl(message);
        }
        out.write(DnsWire.frame(message));
        out.flush();
      }
    } catch (EOFException | SocketException e) {
      // one side closed the connection: the exchange is over
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies the secondary's requests to the relay until either side closes. */
  private static void pump(Socket client, Socket upstream) {
    try {
      InputStream in = client.getInputStream();
      OutputStream out = upstream.getOutputStream();
      in.transferTo(out);
      upstream.shutdownOutput();
    } catch (IOException e) {
      // the relay or the secondary went away
    }
  }

  private void serveUdp() {
    byte[] buffer = new byte[65_535];
    while (!udp.isClosed()) {
      try {
        DatagramPacket request = new DatagramPacket(buffer, buffer.length);
        udp.receive(request);
        byte[] bytes = Arrays.copyOf(request.getData(), request.getLength());
        InetSocketAddress client = (InetSocketAddress) request.getSocketAddress();
        threads.execute(() -> relayUdp(bytes, client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void relayUdp(byte[] request, InetSocketAddress client) {
    try (DatagramSocket upstream = new DatagramSocket(new InetSocketAddress(LOOPBACK_V6, 0))) {
      upstream.setSoTimeout(UDP_TIMEOUT_MS);
      upstream.send(new DatagramPacket(request, request.length, LOOPBACK_V6, upstreamPort));
      byte[] buffer = new byte[65_535];
      DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
      upstream.receive(answer);
      byte[] bytes = Arrays.copyOf(answer.getData(), answer.getLength());
      note(false, bytes, new HashSet<>());
      udp.send(new DatagramPacket(bytes, bytes.length, client));
    } catch (IOException e) {
      // no answer: the secondary retries, as with a lost datagram
    }
  }

  /**
   * Notes the first message of each answer (by message ID), and says whether it was one; later
   * ones continue a transfer.
   */
  private boolean note(boolean overTcp, byte[] wire, Set<Integer> answered) {
    try {
      Message message = new Message(wire);
      if (message.getQuestion() == null || !answered.add(message.getHeader().getID())) {
        return false;
      }
      exchanges.add(new Exchange(overTcp, message.getQuestion().getType(), form(message),
          Rcode.string(message.getRcode())));
      return true;
    } catch (IOException e) {
      exchanges.add(new Exchange(overTcp, -1, Form.OTHER, "unparsable"));
      return false;
    }
  }

  private static boolean isTransfer(byte[] wire) {
    int type = exchangeType(wire);
    return type == Type.AXFR || type == Type.IXFR;
  }

  private static int exchangeType(byte[] wire) {
    try {
      return new Message(wire).getQuestion().getType();
    } catch (IOException e) {
      return -1;
    }
  }

  /** Flips the lowest bit of the first answer record's TTL (RFC 1035 §4.1.3), in place. */
  private static void changeFirstTtl(byte[] wire) {
    int at = skipName(wire, HEADER_LENGTH) + 4;
    at = skipName(wire, at) + 4;
    wire[at + 3] ^= 1;
  }

  /** The offset after the (possibly compressed) name at {@code at} (RFC 1035 §4.1.4). */
  private static int skipName(byte[] wire, int at) {
    while (true) {
      int length = wire[at] & 0xff;
      if (length == 0) {
        return at + 1;
      }
      if ((length & 0xc0) == 0xc0) {
        return at + 2;
      }
      at += 1 + length;
    }
  }

  private static Form form(Message message) {
    List<Record> answer = message.getSection(Section.ANSWER);
    if (message.getRcode() != Rcode.NOERROR || answer.isEmpty()) {
      return Form.OTHER;
    }
    if (answer.size() == 1) {
      return answer.get(0) instanceof SOARecord ? Form.SOA_ONLY : Form.OTHER;
    }
    return answer.get(1) instanceof SOARecord ? Form.INCREMENTAL : Form.FULL;
  }

  private static InetAddress loopbackV6() {
    try {
      return InetAddress.getByName("::1");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      tcp.close();
    } catch (IOException e) {
      // closing anyway
    }
    udp.close();
    threads.shutdownNow();
  }

  @Override
  public String toString() {
    return "TransferTap on [::1]:" + port() + " -> [::1]:" + upstreamPort + ": " + exchanges;
  }
}
