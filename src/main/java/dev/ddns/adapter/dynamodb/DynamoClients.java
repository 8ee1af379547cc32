package dev.ddns.adapter.dynamodb;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * DynamoDB clients on the lean URL-connection HTTP client (docs/architecture.md, "Layout": no Netty, no Apache client
 * in the Lambda jar). A loopback endpoint means DynamoDB Local: it gets static dummy credentials
 * and region us-east-1 unless one is given, so the default credential chain never runs (and never
 * probes the EC2 metadata address). Any other endpoint, or none, uses the default credential
 * chain and region provider, as Lambda and awscli do. Interceptors are passed by the caller that
 * wants them (the Lambda's usage counter); none is loaded from the classpath
 * (docs/architecture.md, "Layout").
 */
public final class DynamoClients {
  /** The region DynamoDB Local is addressed in when none is given. */
  public static final String LOCAL_REGION = "us-east-1";

  private DynamoClients() {}

  /** A client without interceptors. */
  public static DynamoDbClient create(Optional<URI> endpoint, Optional<String> region) {
    return create(endpoint, region, List.of());
  }

  /** A client whose every call passes through {@code interceptors}, in order. */
  public static DynamoDbClient create(Optional<URI> endpoint, Optional<String> region,
      List<ExecutionInterceptor> interceptors) {
    DynamoDbClientBuilder builder = DynamoDbClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(c -> c.executionInterceptors(interceptors));
    endpoint.ifPresent(builder::endpointOverride);
    if (endpoint.filter(DynamoClients::isLoopback).isPresent()) {
      builder.credentialsProvider(StaticCredentialsProvider.create(
          AwsBasicCredentials.create("local", "local")));
      builder.region(Region.of(region.orElse(LOCAL_REGION)));
    } else {
      region.map(Region::of).ifPresent(builder::region);
    }
    return builder.build();
  }

  /**
   * True for {@code localhost}, 127.0.0.0/8 and ::1: DynamoDB Local, never AWS. Only literal
   * addresses are parsed; other host names are not resolved here.
   */
  public static boolean isLoopback(URI endpoint) {
    String host = endpoint.getHost();
    if (host == null) {
      return false;
    }
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+|\\[[0-9a-fA-F:.]+]")) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
