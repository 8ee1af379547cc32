package dev.ddns.relay;

import dev.ddns.adapter.dns.SocketAddresses;
import dev.ddns.adapter.http.DohCodec;
import dev.ddns.core.attest.RelayAttestation;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.core.wire.WireShape;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts DNS messages to the DoH endpoint over pooled keep-alive HTTP/1.1 connections (one per
 * busy worker, TCP_NODELAY) and turns every failure into a DNS error answer for the client.
 * Requests are never retried by the HTTP layer: an UPDATE sent twice could apply twice. With a
 * relay key, each request carries the relay's attestation of its hints (docs/relay.md).
 */
final class Forwarder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
  private static final ContentType DNS_MESSAGE = ContentType.create(DohCodec.DNS_MESSAGE);

  /**
   * How long one page of a zone transfer may take. The endpoint ends each page after its page time
   * (docs/transfers.md, default 4 s), but an endpoint with a longer page time, a cold Lambda
   * instance or a slow store may take longer than the request timeout that suits updates.
   */
  static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(5);
  private static final int TYPE_AXFR = 252;
  private static final int TYPE_IXFR = 251;
  static final int MAX_UDP_IPV4 = 65_507;
  static final int MAX_UDP_IPV6 = 65_527;

  private final URI endpoint;
  private final CloseableHttpClient client;
  private final RequestConfig transferConfig;
  private final Optional<TsigKey> relayKey;
  private final Clock clock;

  Forwarder(RelayConfig config, Optional<TsigKey> relayKey, Clock clock) {
    this.endpoint = config.endpoint();
    this.relayKey = relayKey;
    this.clock = clock;
    int connections = 2 * config.udpWorkers() + config.tcpConnections();
    PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
        .setMaxConnTotal(connections)
        .setMaxConnPerRoute(connections)
        .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
        .setDefaultConnectionConfig(ConnectionConfig.custom()
            .setConnectTimeout(timeout(config.connectTimeout()))
            .setSocketTimeout(timeout(config.requestTimeout()))
            .setValidateAfterInactivity(TimeValue.ofSeconds(1))
            .build())
        .build();
    this.transferConfig = RequestConfig.custom()
        .setResponseTimeout(timeout(max(config.requestTimeout(), TRANSFER_TIMEOUT)))
        .setConnectionRequestTimeout(timeout(config.requestTimeout()))
        .build();
    this.client = HttpClients.custom()
        .setConnectionManager(pool)
        .setDefaultRequestConfig(RequestConfig.custom()
            .setResponseTimeout(timeout(config.requestTimeout()))
            .setConnectionRequestTimeout(timeout(config.requestTimeout()))
            .build())
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableCookieManagement()
        .disableAuthCaching()
        .evictIdleConnections(TimeValue.ofSeconds(30))
        .build();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Timeout timeout(Duration d) {
    return Timeout.of(d.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * What to send back for one request.
   *
   * @param body the answer bytes, or empty when the client gets no answer
   * @param framed true when {@code body} is already in DNS-over-TCP framing
   * @param continuation the token for the next page of a paged transfer; empty when none follows
   */
  record Reply(Optional<byte[]> body, boolean framed, Optional<String> continuation) {}

  /** Forwards a request received over UDP. */
  Reply udp(byte[] message, InetSocketAddress from) {
    return exchange(message, "udp", from, Optional.empty());
  }

  /** Forwards a request received over TCP. */
  Reply tcp(byte[] message, InetSocketAddress from) {
    return exchange(message, "tcp", from, Optional.empty());
  }

  /** Asks for the next page of a paged transfer: the same request with the page's token. */
  Reply nextPage(byte[] message, InetSocketAddress from, String continuation) {
    return exchange(message, "tcp", from, Optional.of(continuation));
  }

  private Reply exchange(byte[] message, String transport, InetSocketAddress from,
      Optional<String> continuation) {
    HttpPost post = new HttpPost(endpoint);
    continuation.ifPresent(token -> post.addHeader(DohCodec.CONTINUE_HEADER, token));
    if (transport.equals("tcp") && isTransfer(message)) {
      post.setConfig(transferConfig);
    }
    post.setEntity(new ByteArrayEntity(message, DNS_MESSAGE));
    post.addHeader("Accept", DohCodec.DNS_MESSAGE + ", " + DohCodec.TCP_STREAM);
    post.addHeader(DohCodec.TRANSPORT_HEADER, transport);
    post.addHeader(DohCodec.CLIENT_HEADER, address(from));
    if (transport.equals("udp")) {
      post.addHeader(DohCodec.UDP_LIMIT_HEADER, Integer.toString(udpLimit(from)));
    }
    relayKey.ifPresent(key -> post.addHeader(DohCodec.ATTESTATION_HEADER,
        RelayAttestation.sign(key, clock.instant(), facts(post), message)));
    try {
      return client.execute(post, response -> reply(message, from, response));
    } catch (IOException e) {
      LOG.info("endpoint " + endpoint + " failed for " + address(from) + ": " + describe(e));
      return error(ErrorReply.servfail(message));
    }
  }

  /** The hints as {@code post} carries them, for the attestation. */
  private static RelayAttestation.Facts facts(HttpPost post) {
    return new RelayAttestation.Facts(value(post, DohCodec.CLIENT_HEADER).orElseThrow(),
        value(post, DohCodec.TRANSPORT_HEADER).orElseThrow(),
        value(post, DohCodec.UDP_LIMIT_HEADER), value(post, DohCodec.CONTINUE_HEADER));
  }

  private static Optional<String> value(HttpPost post, String header) {
    return Optional.ofNullable(post.getFirstHeader(header)).map(Header::getValue);
  }

  private Reply reply(byte[] message, InetSocketAddress from, ClassicHttpResponse response)
      throws IOException {
    int status = response.getCode();
    byte[] body = response.getEntity() == null ? new byte[0]
        : EntityUtils.toByteArray(response.getEntity());
    if (status == 200) {
      Header type = response.getFirstHeader("Content-Type");
      boolean framed = type != null && type.getValue().startsWith(DohCodec.TCP_STREAM);
      Header next = response.getFirstHeader(DohCodec.CONTINUE_HEADER);
      return new Reply(Optional.of(body), framed,
          Optional.ofNullable(next).map(Header::getValue).filter(v -> !v.isBlank()));
    }
    LOG.info("endpoint answered HTTP " + status + " for " + address(from));
    return error(status == 400 ? ErrorReply.formerr(message) : ErrorReply.servfail(message));
  }

  /**
   * The largest UDP payload a datagram to {@code client} can carry: 65,535 less the IPv4 and UDP
   * headers (65,507), or, over IPv6, whose length field leaves out its own header, less the UDP
   * header (65,527). The relay never advertises more, so the endpoint never sizes an answer the
   * socket cannot send.
   */
  static int udpLimit(InetSocketAddress client) {
    return client.getAddress() instanceof java.net.Inet4Address ? MAX_UDP_IPV4 : MAX_UDP_IPV6;
  }

  /** True for an AXFR or IXFR query: one question, of one of those types. */
  static boolean isTransfer(byte[] message) {
    int type = WireShape.questionType(message);
    return (type == TYPE_AXFR || type == TYPE_IXFR)
        && WireShape.count(message, WireShape.QUESTION) == 1;
  }

  private static Reply error(Optional<byte[]> message) {
    return new Reply(message, false, Optional.empty());
  }

  private static String describe(IOException e) {
    String text = e.getMessage();
    return e.getClass().getSimpleName() + (text == null || text.isEmpty() ? "" : " " + text);
  }

  static String address(InetSocketAddress a) {
    return SocketAddresses.format(a);
  }

  /** Closes the pooled connections. */
  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      LOG.info("closing HTTP connections failed: " + e.getMessage());
    }
  }
}
