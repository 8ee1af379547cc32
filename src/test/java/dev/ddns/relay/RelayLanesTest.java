package dev.ddns.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.testing.MutableClock;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * The relay's UDP lanes: signed requests are answered while unsigned traffic is over its rate
 * limit or has every unsigned worker busy, and unsigned requests over the limit are dropped or
 * answered TC=1 without reaching the endpoint. The clock stands still, so no token comes back
 * during a test.
 */
class RelayLanesTest {
  private static final TSIG KEY =
      new TSIG(TSIG.HMAC_SHA256, "relay-test.", "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0");
  private static final InetAddress V4 = InetAddress.getLoopbackAddress();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final CountDownLatch release = new CountDownLatch(1);
  private FakeEndpoint endpoint;
  private Relay relay;

  @BeforeEach
  void startEndpoint() throws IOException {
    endpoint = new FakeEndpoint();
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (relay != null) {
      relay.close();
    }
    endpoint.close();
  }

  private void startRelay(int workers, int queue, UnsignedLimit limit) throws IOException {
    relay = Relay.start(new RelayConfig(endpoint.uri(), List.of(new InetSocketAddress(V4, 0)),
        Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(5), workers, queue, 4,
        limit), clock);
  }

  @Test
  void unsignedOverTheLimitIsSlippedOrDroppedAndSignedIsStillAnswered() throws IOException {
    startRelay(4, 16, new UnsignedLimit(1, 0, 2));
    try (DatagramSocket client = client()) {
      byte[] first = query(1, false);
      send(client, first);
      assertArrayEquals(first, receive(client));
      for (int id = 2; id <= 5; id++) {
        send(client, query(id, false));
      }
      for (int id = 6; id <= 8; id++) {
        byte[] signed = query(id, true);
        send(client, signed);
        assertArrayEquals(signed, receiveId(client, id));
      }
      assertEquals(4, endpoint.requests.get(), "one unsigned and three signed requests forwarded");
      assertEquals(4, relay.limitedDatagrams());
      assertEquals(2, relay.slippedDatagrams());
    }
  }

  @Test
  void slippedRepliesAreTruncatedWithTheIdAndQuestion() throws IOException {
    startRelay(4, 16, new UnsignedLimit(0, 1, 1));
    try (DatagramSocket client = client()) {
      send(client, query(1, false));
      receive(client);
      byte[] request = query(2, false);
      send(client, request);
      Message reply = new Message(receive(client));
      assertEquals(2, reply.getHeader().getID());
      assertTrue(reply.getHeader().getFlag(Flags.QR));
      assertTrue(reply.getHeader().getFlag(Flags.TC), reply.toString());
      assertEquals(new Message(request).getQuestion(), reply.getQuestion());
      assertEquals(1, endpoint.requests.get());
    }
  }

  @Test
  void signedRequestsDoNotWaitBehindBusyUnsignedWorkers() throws Exception {
    CountDownLatch unsignedArrived = new CountDownLatch(1);
    endpoint.respond(200, "application/dns-message", request -> {
      if (!isSigned(request)) {
        unsignedArrived.countDown();
        await(release);
      }
      return request;
    });
    startRelay(1, 1, UnsignedLimit.NONE);
    try (DatagramSocket client = client()) {
      send(client, query(1, false));
      assertTrue(unsignedArrived.await(5, java.util.concurrent.TimeUnit.SECONDS));
      send(client, query(2, false));
      send(client, query(3, false));
      byte[] signed = query(4, true);
      send(client, signed);
      assertArrayEquals(signed, receiveId(client, 4));
      assertEquals(1, relay.droppedDatagrams(), "the third unsigned request found no room");
      release.countDown();
      assertEquals(List.of(1, 2), List.of(id(receive(client)), id(receive(client))).stream()
          .sorted().toList());
    }
  }

  private static DatagramSocket client() throws IOException {
    DatagramSocket socket = new DatagramSocket(new InetSocketAddress(V4, 0));
    socket.setSoTimeout(5000);
    return socket;
  }

  private void send(DatagramSocket client, byte[] message) throws IOException {
    client.send(new DatagramPacket(message, message.length, relay.udpAddresses().get(0)));
  }

  private static byte[] receive(DatagramSocket client) throws IOException {
    DatagramPacket reply = new DatagramPacket(new byte[65_535], 65_535);
    client.receive(reply);
    return Arrays.copyOf(reply.getData(), reply.getLength());
  }

  /** The next reply with this ID; the slipped replies to earlier requests are skipped. */
  private static byte[] receiveId(DatagramSocket client, int id) throws IOException {
    for (;;) {
      byte[] reply = receive(client);
      if (id(reply) == id) {
        return reply;
      }
    }
  }

  private static int id(byte[] message) {
    return ((message[0] & 0xff) << 8) | (message[1] & 0xff);
  }

  private static byte[] query(int id, boolean signed) {
    Message m = Message.newQuery(Record.newRecord(
        Name.fromConstantString("www.example.test."), Type.TXT, DClass.IN));
    m.getHeader().setID(id);
    if (signed) {
      m.setTSIG(KEY);
    }
    return m.toWire(65_535);
  }

  private static boolean isSigned(byte[] request) {
    try {
      return new Message(request).getTSIG() != null;
    } catch (IOException e) {
      return false;
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
