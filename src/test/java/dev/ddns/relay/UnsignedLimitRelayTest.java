package dev.ddns.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.model.AddressPrefix;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * The unsigned UDP limit through a relay in front of a real endpoint: ordinary readers on
 * loopback are limited unless their prefix is exempt (issue 18, item 12), and the bytes of
 * answers count, so large answers exhaust a prefix's budget before its datagram count does (item
 * 7). Signed updates are answered within a second throughout, and the readers change nothing.
 */
class UnsignedLimitRelayTest {
  private static final Name BIG = Name.fromConstantString("big." + LiveZone.ZONE);
  private static final int READERS = 16;
  private static final int QUERIES_EACH = 20;
  private static final Duration ROUND = Duration.ofMillis(300);
  private static final int BUDGET = 2_000;

  @Test
  void loopbackReadersAreLimitedAsAnyOthersByDefault(@TempDir Path dir) throws Exception {
    try (LiveZone zone = LiveZone.start(dir);
        Relay relay = zone.relay(zone.relayConfig().withUnsignedLimit(UnsignedLimit.DEFAULT))) {
      InetSocketAddress server = relay.udpAddresses().get(0);
      zone.warmUp(server);
      Set<String> before = zone.records();
      Readers readers = read(server, LiveZone.ZONE, zone, server);
      assertTrue(readers.truncated + readers.unanswered > 0, readers.toString());
      assertTrue(relay.limitedDatagrams() > 0);
      zone.assertSignedUpdateAnswered(server, false, "after the readers");
      zone.assertOnlyLegitimateChanges(before);
    }
  }

  @Test
  void readersInAnExemptPrefixAreAllAnswered(@TempDir Path dir) throws Exception {
    UnsignedLimit limit = UnsignedLimit.DEFAULT.withExempt(
        List.of(AddressPrefix.parse("127.0.0.0/8")));
    try (LiveZone zone = LiveZone.start(dir);
        Relay relay = zone.relay(zone.relayConfig().withUnsignedLimit(limit))) {
      InetSocketAddress server = relay.udpAddresses().get(0);
      zone.warmUp(server);
      Set<String> before = zone.records();
      Readers readers = read(server, LiveZone.ZONE, zone, server);
      assertEquals(0, relay.limitedDatagrams(), "an exempt prefix is never limited");
      assertEquals(0, relay.slippedDatagrams());
      assertEquals(0, readers.truncated, readers.toString());
      assertEquals(READERS * QUERIES_EACH, readers.answered, readers.toString());
      zone.assertSignedUpdateAnswered(server, false, "after the readers");
      zone.assertOnlyLegitimateChanges(before);
    }
  }

  @Test
  void answerBytesSpendThePrefixBudget(@TempDir Path dir) throws Exception {
    UnsignedLimit limit = new UnsignedLimit(0, 0, 0).withBytes(0, BUDGET);
    try (LiveZone zone = LiveZone.start(dir);
        Relay relay = zone.relay(zone.relayConfig().withUnsignedLimit(limit))) {
      InetSocketAddress server = relay.udpAddresses().get(0);
      zone.warmUp(server);
      addBigTxt(zone, server);
      Set<String> before = zone.records();
      try (DatagramSocket reader = new DatagramSocket(
          new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0))) {
        reader.setSoTimeout(200);
        int answered = 0;
        int bytes = 0;
        int largest = 0;
        int late = 0;
        long start = System.nanoTime();
        for (int id = 1; id <= 20; id++) {
          byte[] q = query(id, BIG, Type.TXT);
          reader.send(new DatagramPacket(q, q.length, server));
          byte[] reply = receive(reader);
          if (reply != null) {
            answered++;
            bytes += reply.length;
            largest = Math.max(largest, reply.length);
            late += new Message(reply).getHeader().getID() == id ? 0 : 1;
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        zone.assertSignedUpdateAnswered(server, false, "while the budget is spent");
        assertTrue(largest > 800, "the answers are large: " + largest + " bytes");
        // An answer is charged once sent, so a query is admitted with the answer before it still
        // uncharged: when the last query passed, the bucket held at least a token with one
        // answer not yet counted, and the last answer adds its own bytes (two answers of slack);
        // one the reader stopped waiting for overlapped the next, one more each.
        assertTrue(bytes <= BUDGET + BUDGET * seconds + (2 + late) * largest, answered
            + " answers (" + late + " late), " + bytes + " bytes in " + seconds
            + " s; the budget is " + BUDGET + " B/s");
        assertTrue(relay.limitedDatagrams() > 0, "limited " + relay.limitedDatagrams());
      }
      zone.assertSignedUpdateAnswered(server, false, "after");
      zone.assertOnlyLegitimateChanges(before);
    }
  }

  /** A TXT record of four 200-byte strings at big.live.test., about 850 bytes in an answer. */
  private static void addBigTxt(LiveZone zone, InetSocketAddress server) throws IOException {
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      strings.add(String.valueOf((char) ('a' + i)).repeat(200));
    }
    Update update = new Update(LiveZone.ZONE);
    update.add(new TXTRecord(BIG, DClass.IN, 60, strings));
    SimpleResolver resolver = new SimpleResolver(server);
    resolver.setTCP(true);
    resolver.setTSIGKey(zone.system().key().signer(Clock.systemUTC()));
    assertEquals(Rcode.NOERROR, resolver.send(update).getRcode());
  }

  /** What the readers got. */
  private record Readers(int answered, int truncated, int unanswered) {}

  /**
   * {@value #READERS} readers on 127.0.0.1 each send {@value #QUERIES_EACH} SOA queries as fast
   * as they can, sending a signed update halfway, then collect the answers.
   */
  /**
   * {@link #READERS} readers on 127.0.0.1, each sending {@link #QUERIES_EACH} queries, one a round:
   * a round's replies are awaited for up to {@link #ROUND} before the next round is sent, as
   * clients that wait for their answer do (a burst of all of them at once would overflow the
   * unsigned lane's queue, which is not the limit under test). Late replies are counted at the end.
   */
  private static Readers read(InetSocketAddress server, Name name, LiveZone zone,
      InetSocketAddress relay) throws Exception {
    List<DatagramSocket> sockets = new ArrayList<>();
    int[] counts = new int[2];
    try {
      for (int r = 0; r < READERS; r++) {
        sockets.add(new DatagramSocket(new InetSocketAddress(
            InetAddress.getByName("127.0.0.1"), 0)));
      }
      for (int i = 0; i < QUERIES_EACH; i++) {
        for (DatagramSocket s : sockets) {
          byte[] q = query(i + 1, name, Type.SOA);
          s.send(new DatagramPacket(q, q.length, server));
        }
        long roundEnd = System.nanoTime() + ROUND.toNanos();
        for (DatagramSocket s : sockets) {
          long left = Math.max(1, (roundEnd - System.nanoTime()) / 1_000_000);
          s.setSoTimeout((int) left);
          count(receive(s), counts);
        }
        if (i == QUERIES_EACH / 2) {
          zone.assertSignedUpdateAnswered(relay, false, "among the readers");
        }
      }
      for (DatagramSocket s : sockets) {
        s.setSoTimeout(300);
        for (byte[] reply = receive(s); reply != null; reply = receive(s)) {
          count(reply, counts);
        }
      }
    } finally {
      sockets.forEach(DatagramSocket::close);
    }
    int answered = counts[0];
    int truncated = counts[1];
    return new Readers(answered, truncated, READERS * QUERIES_EACH - answered - truncated);
  }

  private static void count(byte[] reply, int[] counts) throws IOException {
    if (reply != null) {
      counts[new Message(reply).getHeader().getFlag(Flags.TC) ? 1 : 0]++;
    }
  }

  private static byte[] query(int id, Name name, int type) {
    Message m = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    m.getHeader().setID(id);
    m.addRecord(new OPTRecord(1232, 0, 0), org.xbill.DNS.Section.ADDITIONAL);
    return m.toWire();
  }

  /** The next datagram, or null after the socket's timeout without one. */
  private static byte[] receive(DatagramSocket socket) throws IOException {
    DatagramPacket p = new DatagramPacket(new byte[65_535], 65_535);
    try {
      socket.receive(p);
    } catch (SocketTimeoutException e) {
      return null;
    }
    return Arrays.copyOf(p.getData(), p.getLength());
  }
}
