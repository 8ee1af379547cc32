package dev.ddns.adapter.secrets;

import dev.ddns.adapter.dynamodb.DynamoClients;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * Secrets Manager clients on the lean URL-connection HTTP client. A loopback endpoint (a local
 * stand-in in tests) gets static dummy credentials and region us-east-1 unless one is given;
 * otherwise the default credential chain and region provider apply, as in Lambda. Calls give up
 * after {@link #ATTEMPTS} tries or {@link #CALL_TIMEOUT}: an update waits for its key, and the
 * DNS client's own retry is better than a hung request.
 */
public final class SecretsManagerClients {
  /** Tries per call: one retry, then the request gets SERVFAIL and its client retries. */
  public static final int ATTEMPTS = 2;

  /** The longest one lookup may take, retries included. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

  private SecretsManagerClients() {}

  public static SecretsManagerClient create(Optional<URI> endpoint, Optional<String> region) {
    SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(1)))
        .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT)
            .retryStrategy(r -> r.maxAttempts(ATTEMPTS)));
    endpoint.ifPresent(builder::endpointOverride);
    if (endpoint.filter(DynamoClients::isLoopback).isPresent()) {
      builder.credentialsProvider(StaticCredentialsProvider.create(
          AwsBasicCredentials.create("local", "local")));
      builder.region(Region.of(region.orElse(DynamoClients.LOCAL_REGION)));
    } else {
      region.map(Region::of).ifPresent(builder::region);
    }
    return builder.build();
  }
}
