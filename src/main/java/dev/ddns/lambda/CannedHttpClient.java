package dev.ddns.lambda;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An SDK HTTP client that answers every request with HTTP 200 and the same small JSON body, without
 * any network: an empty object, which DynamoDB reads as "nothing found", and for TransactGetItems
 * one empty item response (the zone head is missing). {@link SnapStartPriming} drives the SDK's whole
 * request pipeline (endpoint rules, signing, marshalling, retries, unmarshalling) through it so
 * that those classes are loaded and initialised before the snapshot, and no connection is in it.
 */
final class CannedHttpClient implements SdkHttpClient {
  private static final String TRANSACT_GET = "DynamoDB_20120810.TransactGetItems";

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    boolean transactGet = request.httpRequest().firstMatchingHeader("X-Amz-Target")
        .filter(TRANSACT_GET::equals).isPresent();
    byte[] body = (transactGet ? "{\"Responses\":[{}]}" : "{}").getBytes(StandardCharsets.UTF_8);
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
