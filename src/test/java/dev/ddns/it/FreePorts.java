package dev.ddns.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback ports that are free for both TCP and UDP at the time of asking. */
final class FreePorts {
  private FreePorts() {}

  static int tcpAndUdp() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port = freeTcpPort();
      if (udpFree(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no loopback port free for both TCP and UDP after 50 tries");
  }

  static int tcp() {
    return freeTcpPort();
  }

  private static int freeTcpPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
