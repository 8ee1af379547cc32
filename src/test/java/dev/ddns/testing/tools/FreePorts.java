package dev.ddns.testing.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports that are free for both TCP and UDP at the time of asking, for a server a test
 * starts next. They are drawn outside the kernel's ephemeral range: a port from that range (what
 * binding port 0 gives) can be taken as the source port of any outgoing connection, the tests'
 * own among them, between this check and the server's bind. No port is handed out twice in one
 * JVM.
 */
public final class FreePorts {
  private static final Path EPHEMERAL = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int LOWEST = 10_000;
  private static final int[] RANGE = range();
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private FreePorts() {}

  public static int tcpAndUdp() {
    return find(true);
  }

  public static int tcp() {
    return find(false);
  }

  private static int find(boolean udpToo) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(RANGE[0], RANGE[1] + 1);
      if (tcpFree(port) && (!udpToo || udpFree(port)) && HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free loopback port in " + RANGE[0] + ".." + RANGE[1]
        + " after 200 tries");
  }

  /** The ports below the ephemeral range, or above it when too few are below. */
  private static int[] range() {
    // A /proc file reports size 0, so it is read as a stream (Files.readString stops short).
    try (InputStream in = Files.newInputStream(EPHEMERAL)) {
      String[] bounds = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim()
          .split("\\s+");
      int low = Integer.parseInt(bounds[0]);
      int high = Integer.parseInt(bounds[1]);
      if (low - LOWEST >= 2_000) {
        return new int[] {LOWEST, low - 1};
      }
      if (65_535 - high >= 2_000) {
        return new int[] {high + 1, 65_535};
      }
      throw new IllegalStateException("the ephemeral port range " + low + ".." + high
          + " leaves no room for test servers; narrow it in " + EPHEMERAL);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + EPHEMERAL, e);
    }
  }

  private static boolean tcpFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean udpFree(int port) {
    try (DatagramSocket socket =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
      return socket.getLocalPort() == port;
    } catch (IOException e) {
      return false;
    }
  }
}
