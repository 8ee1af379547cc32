package dev.ddns.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ddns.adapter.dns.TcpFraming;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class RelayTest {
  private static final InetAddress V4 = InetAddress.getLoopbackAddress();
  private static final InetAddress V6 = v6();

  private static InetAddress v6() {
    try {
      return InetAddress.getByName("::1");
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private FakeEndpoint endpoint;
  private Relay relay;

  @BeforeEach
  void start() throws IOException {
    endpoint = new FakeEndpoint();
    relay = start(endpoint.uri());
  }

  @AfterEach
  void stop() {
    relay.close();
    endpoint.close();
  }

  private static Relay start(URI uri) throws IOException {
    List<InetSocketAddress> listen = Relay.canBind(V6)
        ? List.of(new InetSocketAddress(V4, 0), new InetSocketAddress(V6, 0))
        : List.of(new InetSocketAddress(V4, 0));
    return Relay.start(RelayConfig.of(uri, listen)
        .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(2)));
  }

  private InetSocketAddress address(InetAddress host) {
    assumeTrue(host.equals(V4) || Relay.canBind(V6), "no IPv6 loopback on this host");
    return relay.udpAddresses().stream().filter(a -> a.getAddress().equals(host))
        .findFirst().orElseThrow();
  }

  private static byte[] query(int id) {
    Message m = Message.newQuery(Record.newRecord(
        Name.fromConstantString("www.example.test."), Type.A, DClass.IN));
    m.getHeader().setID(id);
    return m.toWire();
  }

  private static byte[] udp(InetSocketAddress to, byte[] request) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(3000);
      socket.send(new DatagramPacket(request, request.length, to));
      DatagramPacket reply = new DatagramPacket(new byte[65_535], 65_535);
      socket.receive(reply);
      return Arrays.copyOf(reply.getData(), reply.getLength());
    }
  }

  /**
   * Issue 18 item 3: an answer larger than a UDP datagram can carry (65,508 bytes over IPv4) is
   * never dropped silently: the client gets TC=1 and retries over TCP.
   */
  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "::1"})
  void answersTooLargeForADatagramGoOutTruncated(String host) throws IOException {
    InetSocketAddress to = address(InetAddress.getByName(host));
    int size = to.getAddress() instanceof java.net.Inet6Address ? 65_528 : 65_508;
    endpoint.respond(200, "application/dns-message", request -> {
      byte[] answer = Arrays.copyOf(request, size);
      answer[2] |= (byte) 0x80;
      return answer;
    });
    Message reply = new Message(udp(to, query(0x6565)));
    assertEquals(0x6565, reply.getHeader().getID());
    assertEquals(true, reply.getHeader().getFlag(org.xbill.DNS.Flags.TC), "TC=1");
    assertEquals(true, reply.getHeader().getFlag(org.xbill.DNS.Flags.QR));
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "::1"})
  void udpPassesBytesUnchanged(String host) throws IOException {
    InetSocketAddress to = address(InetAddress.getByName(host));
    byte[] request = query(1);
    assertArrayEquals(request, udp(to, request));
    assertEquals("udp", endpoint.lastHeaders.get("x-ddns-transport"));
    assertEquals(to.getAddress() instanceof java.net.Inet6Address ? "65527" : "65507",
        endpoint.lastHeaders.get("x-ddns-udp-limit"), "the largest UDP payload it can send");
    assertEquals("application/dns-message", endpoint.lastHeaders.get("content-type"));
    String client = endpoint.lastHeaders.get("x-ddns-client");
    assertEquals(true, client.startsWith(to.getAddress() instanceof java.net.Inet6Address
        ? "[::1]:" : "127.0.0.1:"), client);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "::1"})
  void tcpPassesSequentialMessagesUnchanged(String host) throws IOException {
    InetSocketAddress to = address(InetAddress.getByName(host));
    try (Socket socket = new Socket(to.getAddress(), to.getPort())) {
      socket.setSoTimeout(3000);
      for (int id = 1; id <= 3; id++) {
        byte[] request = query(id);
        TcpFraming.write(socket.getOutputStream(), request);
        assertArrayEquals(request, TcpFraming.read(socket.getInputStream(), 65_535));
      }
    }
    assertEquals("tcp", endpoint.lastHeaders.get("x-ddns-transport"));
    assertEquals(null, endpoint.lastHeaders.get("x-ddns-udp-limit"));
  }

  @Test
  void tcpCopiesAStreamAnswerAsItIs() throws IOException {
    endpoint.respond(200, "application/x-ddns-tcp-stream",
        request -> TcpFraming.frame(List.of(request, new byte[] {1, 2, 3}, request)));
    InetSocketAddress to = address(V4);
    byte[] request = query(7);
    try (Socket socket = new Socket(to.getAddress(), to.getPort())) {
      socket.setSoTimeout(3000);
      TcpFraming.write(socket.getOutputStream(), request);
      InputStream in = socket.getInputStream();
      assertArrayEquals(request, TcpFraming.read(in, 65_535));
      assertArrayEquals(new byte[] {1, 2, 3}, TcpFraming.read(in, 65_535));
      assertArrayEquals(request, TcpFraming.read(in, 65_535));
    }
  }

  @Test
  void endpointDownGivesServfailWithTheRequestId() throws IOException {
    relay.close();
    relay = start(URI.create("http://127.0.0.1:" + unusedPort() + "/dns-query"));
    assertRcode(Rcode.SERVFAIL, 0x5151, new Message(udp(address(V4), query(0x5151))));
    InetSocketAddress to = address(V4);
    try (Socket socket = new Socket(to.getAddress(), to.getPort())) {
      socket.setSoTimeout(3000);
      TcpFraming.write(socket.getOutputStream(), query(0x5252));
      assertRcode(Rcode.SERVFAIL, 0x5252,
          new Message(TcpFraming.read(socket.getInputStream(), 65_535)));
    }
  }

  @Test
  void endpointServerErrorGivesServfail() throws IOException {
    endpoint.respond(502, "text/plain", request -> "bad gateway".getBytes());
    assertRcode(Rcode.SERVFAIL, 9, new Message(udp(address(V4), query(9))));
  }

  @Test
  void endpointBadRequestGivesFormerr() throws IOException {
    endpoint.respond(400, "text/plain", request -> "bad".getBytes());
    assertRcode(Rcode.FORMERR, 10, new Message(udp(address(V4), query(10))));
  }

  @Test
  void garbageDatagramsDoNotStopTheRelay() throws IOException {
    endpoint.respond(400, "text/plain", request -> new byte[0]);
    InetSocketAddress to = address(V4);
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(500);
      socket.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, to));
      socket.send(new DatagramPacket(new byte[0], 0, to));
      DatagramPacket reply = new DatagramPacket(new byte[512], 512);
      assertThrows(SocketTimeoutException.class, () -> socket.receive(reply));
    }
    endpoint.respond(200, "application/dns-message", request -> request);
    byte[] request = query(11);
    assertArrayEquals(request, udp(to, request));
  }

  @Test
  void closeReleasesThePorts() throws IOException {
    InetSocketAddress udp = relay.udpAddresses().get(0);
    InetSocketAddress tcp = relay.tcpAddresses().get(0);
    assertEquals(udp.getPort(), tcp.getPort());
    relay.close();
    new DatagramSocket(udp).close();
    try (ServerSocket server = new ServerSocket()) {
      server.setReuseAddress(true);
      server.bind(tcp);
    }
  }

  @Test
  void takenPortIsReportedByAddress() throws IOException {
    InetSocketAddress taken = relay.tcpAddresses().get(0);
    java.net.BindException e = assertThrows(java.net.BindException.class,
        () -> Relay.start(RelayConfig.of(endpoint.uri(), List.of(taken))));
    assertEquals(true, e.getMessage().startsWith("cannot listen on TCP 127.0.0.1:"
        + taken.getPort()), e.getMessage());
  }

  private static void assertRcode(int rcode, int id, Message reply) {
    assertEquals(id, reply.getHeader().getID());
    assertEquals(Rcode.string(rcode), Rcode.string(reply.getRcode()));
    assertEquals("www.example.test.", reply.getQuestion().getName().toString());
  }

  private static int unusedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, V4)) {
      return s.getLocalPort();
    }
  }
}
