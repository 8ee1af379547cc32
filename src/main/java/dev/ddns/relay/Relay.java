package dev.ddns.relay;

import dev.ddns.core.attest.RelayAttestation;
import dev.ddns.core.attest.RelayKeyNames;
import dev.ddns.core.tsig.TsigKey;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bridges classic DNS (UDP and TCP, RFC 1035 §4.2) to the DoH endpoint: message bytes travel
 * unchanged both ways, so TSIG (RFC 8945) holds end to end and the relay keeps no secret. The
 * endpoint learns the client's transport from {@code X-Ddns-*} headers and truncates UDP answers
 * itself; when it cannot be reached the client gets SERVFAIL. Signed and unsigned UDP requests take
 * separate lanes, and unsigned UDP is rate-limited ({@link UnsignedLimit}) across all sockets.
 */
public final class Relay implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
  private static final int EPHEMERAL_ATTEMPTS = 10;
  /**
   * Connections the kernel queues before the relay accepts them: room for a burst of clients
   * reconnecting at once (docs/ROBUSTNESS.md, "Floods"), so that a newcomer's handshake is not
   * dropped and retried a second later; Linux caps it at net.core.somaxconn.
   */
  private static final int ACCEPT_BACKLOG = 1024;
  /** The UDP receive buffer asked for: about 200 ms of a 20,000 datagrams/s flood. */
  static final int RECEIVE_BUFFER = 4 << 20;

  private final RelayConfig config;
  private final Forwarder forwarder;
  private final UnsignedRateLimiter limiter;
  private final List<UdpListener> udp = new ArrayList<>();
  private final List<TcpListener> tcp = new ArrayList<>();

  private final Optional<TsigKey> relayKey;

  private Relay(RelayConfig config, Optional<TsigKey> relayKey, Clock clock) {
    this.config = config;
    this.relayKey = relayKey;
    this.forwarder = new Forwarder(config, relayKey, clock);
    this.limiter = new UnsignedRateLimiter(config.unsignedLimit(), clock);
  }

  /**
   * Binds every listen address for UDP and TCP and starts serving, attesting nothing: the endpoint
   * then sees every request as HTTPS from this host.
   *
   * @throws BindException naming the address and protocol when one cannot be bound
   */
  public static Relay start(RelayConfig config) throws IOException {
    return start(config, Optional.empty());
  }

  /**
   * As {@link #start(RelayConfig)}, attesting each request's client, transport and UDP size with
   * {@code relayKey} (docs/relay.md).
   *
   * @throws IllegalArgumentException when {@code relayKey} is not a relay key
   */
  public static Relay start(RelayConfig config, Optional<TsigKey> relayKey) throws IOException {
    return start(config, relayKey, Clock.systemUTC());
  }

  /** As {@link #start(RelayConfig)}, with the clock that refills the unsigned rate limit. */
  static Relay start(RelayConfig config, Clock clock) throws IOException {
    return start(config, Optional.empty(), clock);
  }

  /**
   * As {@link #start(RelayConfig, Optional)}, with the clock that refills the unsigned rate limit
   * and dates attestations.
   */
  static Relay start(RelayConfig config, Optional<TsigKey> relayKey, Clock clock)
      throws IOException {
    relayKey.ifPresent(Relay::requireRelayKey);
    Relay relay = new Relay(config, relayKey, clock);
    try {
      relay.bindAll();
    } catch (IOException | RuntimeException e) {
      relay.close();
      throw e;
    }
    relay.udp.forEach(UdpListener::start);
    relay.tcp.forEach(TcpListener::start);
    LOG.info("forwarding " + relay.describeListeners() + " to " + config.endpoint()
        + "; unsigned UDP " + config.unsignedLimit().describe() + "; TCP "
        + config.tcpConnections() + " connections, " + config.tcpLimits().describe()
        + relay.describeReceiveBuffer() + "; " + relay.describeAttestation());
    return relay;
  }

  private static void requireRelayKey(TsigKey key) {
    if (!RelayKeyNames.isRelayKey(key.name())
        || !key.algorithmName().equals(RelayAttestation.ALGORITHM)) {
      throw new IllegalArgumentException("key " + key.name() + " is not a relay key: relay keys "
          + "are " + RelayAttestation.ALGORITHM + " keys named " + RelayKeyNames.LABEL
          + ".NAME, made with 'ddns key create " + RelayKeyNames.LABEL + ".NAME --relay'");
    }
  }

  private String describeAttestation() {
    return relayKey.map(k -> "attesting clients with relay key " + k.name())
        .orElse("attesting nothing (no relay key): the endpoint sees every request as HTTPS "
            + "from this host");
  }

  /** True when this host can bind {@code address} (e.g. {@code ::1} on a host without IPv6). */
  public static boolean canBind(InetAddress address) {
    try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(address, 0))) {
      return probe.isBound();
    } catch (IOException e) {
      return false;
    }
  }

  private void bindAll() throws IOException {
    int shared = 0;
    for (InetSocketAddress address : config.listen()) {
      int port = address.getPort() == 0 ? shared : address.getPort();
      int bound = bindPair(new InetSocketAddress(address.getAddress(), port), port == 0);
      if (address.getPort() == 0) {
        shared = bound;
      }
    }
  }

  /** Binds TCP then UDP on one address and returns the port; retries a fresh ephemeral port. */
  private int bindPair(InetSocketAddress address, boolean ephemeral) throws IOException {
    for (int attempt = 1; ; attempt++) {
      ServerSocket server = bindTcp(address);
      InetSocketAddress actual =
          new InetSocketAddress(address.getAddress(), server.getLocalPort());
      try {
        DatagramSocket socket = bindUdp(actual);
        tcp.add(new TcpListener(server, forwarder, config));
        udp.add(new UdpListener(socket, forwarder, config, limiter));
        return actual.getPort();
      } catch (BindException e) {
        server.close();
        if (!ephemeral || attempt == EPHEMERAL_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static ServerSocket bindTcp(InetSocketAddress address) throws IOException {
    ServerSocket server = new ServerSocket();
    try {
      server.setReuseAddress(true);
      server.bind(address, ACCEPT_BACKLOG);
      return server;
    } catch (IOException e) {
      server.close();
      throw bindFailure("TCP", address, e);
    }
  }

  private static DatagramSocket bindUdp(InetSocketAddress address) throws IOException {
    DatagramSocket socket;
    try {
      socket = new DatagramSocket(address);
    } catch (IOException e) {
      throw bindFailure("UDP", address, e);
    }
    askForReceiveBuffer(socket);
    return socket;
  }

  /**
   * Asks for a receive buffer that holds a burst of datagrams while the receive thread is not
   * scheduled (a pause, a busy core): with Linux's default of about 200 KB, 20,000 datagrams/s
   * fill it in 10 ms, and then signed requests are lost with the rest. The kernel may give less.
   */
  private static void askForReceiveBuffer(DatagramSocket socket) {
    try {
      socket.setReceiveBufferSize(RECEIVE_BUFFER);
    } catch (IOException e) {
      // the default stays; describeReceiveBuffer says so
    }
  }

  /** Empty when every UDP socket got the receive buffer asked for, else what they got. */
  private String describeReceiveBuffer() {
    int least = Integer.MAX_VALUE;
    for (UdpListener listener : udp) {
      least = Math.min(least, listener.receiveBufferSize());
    }
    return least >= RECEIVE_BUFFER ? "" : "; UDP receive buffer " + least / 1024 + " KB, not "
        + RECEIVE_BUFFER / 1024 + " KB (on Linux, net.core.rmem_max caps it)";
  }

  private static BindException bindFailure(String protocol, InetSocketAddress a, IOException e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    BindException failure = new BindException(
        "cannot listen on " + protocol + " " + Forwarder.address(a) + ": " + reason);
    failure.initCause(e);
    return failure;
  }

  /** The bound UDP addresses, in the order of the configuration, with actual ports. */
  public List<InetSocketAddress> udpAddresses() {
    return udp.stream().map(UdpListener::address).toList();
  }

  /** The bound TCP addresses, in the order of the configuration, with actual ports. */
  public List<InetSocketAddress> tcpAddresses() {
    return tcp.stream().map(TcpListener::address).toList();
  }

  /** UDP requests dropped because every worker of their lane was busy and its queue full. */
  public long droppedDatagrams() {
    return udp.stream().mapToLong(UdpListener::dropped).sum();
  }

  /** Unsigned UDP datagrams over the rate limit, answered TC=1 or not at all. */
  public long limitedDatagrams() {
    return limiter.limited();
  }

  /** Unsigned UDP requests over the rate limit that were answered TC=1. */
  public long slippedDatagrams() {
    return limiter.slipped();
  }

  private String describeListeners() {
    List<String> parts = new ArrayList<>();
    for (InetSocketAddress a : tcpAddresses()) {
      parts.add(Forwarder.address(a));
    }
    return String.join(", ", parts) + " (UDP, TCP)";
  }

  /** Stops listening and closes open connections; safe to call twice. */
  @Override
  public void close() {
    udp.forEach(UdpListener::close);
    tcp.forEach(TcpListener::close);
    forwarder.close();
  }
}
