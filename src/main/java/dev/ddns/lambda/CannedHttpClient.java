package dev.ddns.lambda;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An SDK HTTP client that answers every request with HTTP 200 and a small canned JSON body chosen by
 * the operation ({@code X-Amz-Target}), without any network; operations it has no body for get an
 * empty object, which DynamoDB reads as "nothing found". {@link SnapStartPriming} drives the SDK's
 * whole request pipeline (endpoint rules, signing, marshalling, retries, unmarshalling) through it
 * so that those classes are loaded and initialised before the snapshot, and no connection is in it.
 */
final class CannedHttpClient implements SdkHttpClient {
  private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

  private final Map<String, byte[]> bodies;

  private CannedHttpClient(Map<String, String> bodiesByTarget) {
    this.bodies = new HashMap<>();
    bodiesByTarget.forEach((target, body) ->
        bodies.put(target, body.getBytes(StandardCharsets.UTF_8)));
  }

  /** DynamoDB with an empty table: TransactGetItems gets one empty item (no zone head). */
  static CannedHttpClient dynamoDb() {
    return new CannedHttpClient(Map.of("DynamoDB_20120810.TransactGetItems",
        "{\"Responses\":[{}]}"));
  }

  /** Secrets Manager holding one secret, whatever the id asked for: {@code secretString}. */
  static CannedHttpClient secretsManager(String secretString) {
    String escaped = secretString.replace("\\", "\\\\").replace("\"", "\\\"");
    return new CannedHttpClient(Map.of("secretsmanager.GetSecretValue",
        "{\"Name\":\"priming\",\"SecretString\":\"" + escaped + "\"}"));
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    byte[] body = request.httpRequest().firstMatchingHeader("X-Amz-Target")
        .map(bodies::get).orElse(EMPTY);
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() {
        return HttpExecuteResponse.builder()
            .response(SdkHttpResponse.builder().statusCode(200)
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("Content-Length", Integer.toString(body.length))
                .build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
            .build();
      }

      @Override
      public void abort() {
        // Nothing in flight: the answer is already in memory.
      }
    };
  }

  @Override
  public String clientName() {
    return "Canned";
  }

  @Override
  public void close() {
    // Holds no resources.
  }
}
