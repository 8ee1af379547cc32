package dev.ddns.relay;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the relay listens and forwards.
 *
 * @param endpoint the DoH endpoint, e.g. {@code http://127.0.0.1:8053/dns-query}
 * @param listen addresses to serve UDP and TCP on; port 0 picks one free port shared by all
 * @param connectTimeout HTTP connect timeout
 * @param requestTimeout HTTP request timeout, from sending to the full response
 * @param tcpIdleTimeout how long a TCP client may stay silent before the relay closes
 * @param udpWorkers threads forwarding signed UDP requests; the unsigned lane has a quarter
 * @param udpQueue signed UDP requests waiting for a worker (the unsigned lane: a quarter); more
 *     are dropped and counted
 * @param tcpConnections TCP connections served at once; more are refused
 * @param unsignedLimit how many unsigned UDP datagrams the relay handles per second
 * @param tcpLimits the TCP message deadline, the cap per source address, the slots kept free
 */
public record RelayConfig(
    URI endpoint,
    List<InetSocketAddress> listen,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration tcpIdleTimeout,
    int udpWorkers,
    int udpQueue,
    int tcpConnections,
    UnsignedLimit unsignedLimit,
    TcpLimits tcpLimits) {

  public RelayConfig {
    Objects.requireNonNull(endpoint, "endpoint");
    String scheme = String.valueOf(endpoint.getScheme()).toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("endpoint must be an http or https URL: " + endpoint);
    }
    listen = List.copyOf(listen);
    if (listen.isEmpty()) {
      throw new IllegalArgumentException("the relay needs at least one listen address");
    }
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(requestTimeout, "requestTimeout");
    requirePositive(tcpIdleTimeout, "tcpIdleTimeout");
    if (udpWorkers < 1 || udpQueue < 1 || tcpConnections < 1) {
      throw new IllegalArgumentException("udpWorkers, udpQueue and tcpConnections must be positive");
    }
    Objects.requireNonNull(unsignedLimit, "unsignedLimit");
    Objects.requireNonNull(tcpLimits, "tcpLimits");
    if (tcpLimits.reserved() >= tcpConnections) {
      throw new IllegalArgumentException("the TCP slots kept free must be fewer than all of them");
    }
  }

  /** With {@link TcpLimits#defaults} for {@code tcpConnections}. */
  public RelayConfig(URI endpoint, List<InetSocketAddress> listen, Duration connectTimeout,
      Duration requestTimeout, Duration tcpIdleTimeout, int udpWorkers, int udpQueue,
      int tcpConnections, UnsignedLimit unsignedLimit) {
    this(endpoint, listen, connectTimeout, requestTimeout, tcpIdleTimeout, udpWorkers, udpQueue,
        tcpConnections, unsignedLimit, TcpLimits.defaults(Math.max(1, tcpConnections)));
  }

  /**
   * Longer than UpdateFunction's 15 s Lambda Timeout (template.yaml), so the relay never answers
   * SERVFAIL for an update the endpoint is still applying: a 2,001-name update takes up to 12 s on
   * DynamoDB Local on a busy 2-core machine (docs/architecture.md, "Large updates").
   */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(20);

  /**
   * Defaults: 2 s connect, {@link #DEFAULT_REQUEST_TIMEOUT} request, 30 s TCP idle, 16 UDP
   * workers and 1024 queued (4 and 256 for unsigned requests), 256 TCP with {@link
   * TcpLimits#defaults}, {@link UnsignedLimit#DEFAULT}.
   */
  public static RelayConfig of(URI endpoint, List<InetSocketAddress> listen) {
    return new RelayConfig(endpoint, listen, Duration.ofSeconds(2), DEFAULT_REQUEST_TIMEOUT,
        Duration.ofSeconds(30), 16, 1024, 256, UnsignedLimit.DEFAULT);
  }

  public RelayConfig withTimeouts(Duration connect, Duration request) {
    return new RelayConfig(endpoint, listen, connect, request, tcpIdleTimeout, udpWorkers,
        udpQueue, tcpConnections, unsignedLimit, tcpLimits);
  }

  public RelayConfig withUnsignedLimit(UnsignedLimit limit) {
    return new RelayConfig(endpoint, listen, connectTimeout, requestTimeout, tcpIdleTimeout,
        udpWorkers, udpQueue, tcpConnections, limit, tcpLimits);
  }

  public RelayConfig withTcpLimits(TcpLimits limits) {
    return new RelayConfig(endpoint, listen, connectTimeout, requestTimeout, tcpIdleTimeout,
        udpWorkers, udpQueue, tcpConnections, unsignedLimit, limits);
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration");
    }
  }
}
