package dev.ddns.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.ddns.adapter.http.DohCodec;
import dev.ddns.adapter.http.DohRequest;
import dev.ddns.adapter.http.DohResponse;
import dev.ddns.core.service.DnsService;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The DoH endpoint as a Lambda function behind a Function URL or an HTTP API (payload format 2.0):
 * the event becomes a {@link DohRequest} for the {@link DohCodec}, and the answer goes back with a
 * base64 body.
 */
public final class UpdateFunction
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final DohCodec codec;

  /**
   * Wires the service from the environment (see {@link Wiring}); runs once per cold start, or once
   * before the SnapStart snapshot, which {@link SnapStartPriming} warms.
   */
  public UpdateFunction() {
    this(Wiring.codec(System.getenv()));
    SnapStartPriming.register();
  }

  public UpdateFunction(DnsService service) {
    this(new DohCodec(service::handle));
  }

  public UpdateFunction(DohCodec codec) {
    this.codec = codec;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    RequestIds.put(context);
    try {
      return handle(event);
    } finally {
      RequestIds.clear();
    }
  }

  private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
    DohResponse response;
    try {
      response = codec.handle(request(event));
    } catch (IllegalArgumentException e) {
      response = new DohResponse(400, Map.of("Content-Type", "text/plain; charset=utf-8"),
          "body is not valid base64\n".getBytes(StandardCharsets.UTF_8));
    }
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(response.status())
        .withHeaders(response.headers())
        .withBody(Base64.getEncoder().encodeToString(response.body()))
        .withIsBase64Encoded(true)
        .build();
  }

  /** The HTTP request inside the event; throws IllegalArgumentException for a bad base64 body. */
  private static DohRequest request(APIGatewayV2HTTPEvent event) {
    APIGatewayV2HTTPEvent.RequestContext rc = event.getRequestContext();
    APIGatewayV2HTTPEvent.RequestContext.Http http = rc == null ? null : rc.getHttp();
    String method = http == null ? null : http.getMethod();
    String path = event.getRawPath() != null ? event.getRawPath()
        : http == null ? null : http.getPath();
    String source = http == null ? null : http.getSourceIp();
    return new DohRequest(method, path, event.getRawQueryString(), event.getHeaders(),
        body(event), source);
  }

  private static byte[] body(APIGatewayV2HTTPEvent event) {
    String body = event.getBody();
    if (body == null) {
      return new byte[0];
    }
    return event.getIsBase64Encoded()
        ? Base64.getDecoder().decode(body)
        : body.getBytes(StandardCharsets.UTF_8);
  }
}
