package dev.ddns.testing.tools;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code ddns local} notifying a BIND and a Knot secondary that transfer from its relay, and a
 * third target that never answers: the setup of the tests about NOTIFY and propagation.
 *
 * @param silent the socket of the target that never answers
 */
public record SecondaryFleet(DatagramSocket silent, LocalDdns ddns, BindSecondary bind,
    KnotSecondary knot) implements AutoCloseable {
  private static final Duration START = Duration.ofSeconds(30);

  /** Starts all three, in a new temporary folder named after {@code prefix}. */
  public static SecondaryFleet start(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    DatagramSocket silent =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    int bindPort = FreePorts.tcpAndUdp();
    int knotPort = FreePorts.tcpAndUdp();
    LocalDdns ddns = LocalDdns.start(dir, List.of(), List.of("--notify", String.join(",",
        target(bindPort), target(knotPort), target(silent.getLocalPort()))));
    TestKey key = ddns.localKey();
    BindSecondary bind = new BindSecondary(Files.createDirectories(dir.resolve("bind")),
        bindPort, ddns.dnsPort(), key, ddns.notifyKey());
    KnotSecondary knot = new KnotSecondary(Files.createDirectories(dir.resolve("knot")),
        knotPort, ddns.dnsPort(), key, ddns.notifyKey());
    SecondaryFleet fleet = new SecondaryFleet(silent, ddns, bind, knot);
    try {
      bind.start(START);
      knot.start(START);
    } catch (RuntimeException | Error e) {
      fleet.close();
      throw e;
    }
    return fleet;
  }

  /** A notify target on the loopback address, as {@code --notify} takes it. */
  public static String target(int port) {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    Closing.all(bind, knot, ddns, silent);
  }
}
