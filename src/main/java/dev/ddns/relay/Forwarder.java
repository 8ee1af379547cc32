package dev.ddns.relay;

import dev.ddns.adapter.dns.SocketAddresses;
import dev.ddns.adapter.http.DohCodec;
import dev.ddns.core.service.RequestContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Posts DNS messages to the DoH endpoint over one shared {@link HttpClient} (HTTP/1.1, pooled
 * keep-alive connections) and turns every failure into a DNS error answer for the client.
 */
final class Forwarder {
  private final URI endpoint;
  private final Duration requestTimeout;
  private final HttpClient client;

  Forwarder(RelayConfig config) {
    this.endpoint = config.endpoint();
    this.requestTimeout = config.requestTimeout();
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * What to send back for one request.
   *
   * @param body the answer bytes, or empty when the client gets no answer
   * @param framed true when {@code body} is already in DNS-over-TCP framing
   */
  record Reply(Optional<byte[]> body, boolean framed) {}

  /** Forwards a request received over UDP. */
  Reply udp(byte[] message, InetSocketAddress from) {
    return exchange(message, "udp", from);
  }

  /** Forwards a request received over TCP. */
  Reply tcp(byte[] message, InetSocketAddress from) {
    return exchange(message, "tcp", from);
  }

  private Reply exchange(byte[] message, String transport, InetSocketAddress from) {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .timeout(requestTimeout)
        .header("Content-Type", DohCodec.DNS_MESSAGE)
        .header("Accept", DohCodec.DNS_MESSAGE + ", " + DohCodec.TCP_STREAM)
        .header(DohCodec.TRANSPORT_HEADER, transport)
        .header(DohCodec.CLIENT_HEADER, address(from))
        .POST(HttpRequest.BodyPublishers.ofByteArray(message));
    if (transport.equals("udp")) {
      request.header(DohCodec.UDP_LIMIT_HEADER, Integer.toString(RequestContext.MAX_MESSAGE));
    }
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      Log.info("endpoint " + endpoint + " failed for " + address(from) + ": " + describe(e));
      return error(ErrorReply.servfail(message));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error(ErrorReply.servfail(message));
    }
    return reply(message, from, response);
  }

  private Reply reply(byte[] message, InetSocketAddress from, HttpResponse<byte[]> response) {
    int status = response.statusCode();
    if (status == 200) {
      String type = response.headers().firstValue("Content-Type").orElse("");
      return new Reply(Optional.of(response.body()), type.startsWith(DohCodec.TCP_STREAM));
    }
    Log.info("endpoint answered HTTP " + status + " for " + address(from));
    return error(status == 400 ? ErrorReply.formerr(message) : ErrorReply.servfail(message));
  }

  private static Reply error(Optional<byte[]> message) {
    return new Reply(message, false);
  }

  private static String describe(IOException e) {
    String text = e.getMessage();
    return e.getClass().getSimpleName() + (text == null || text.isEmpty() ? "" : " " + text);
  }

  static String address(InetSocketAddress a) {
    return SocketAddresses.format(a);
  }
}
