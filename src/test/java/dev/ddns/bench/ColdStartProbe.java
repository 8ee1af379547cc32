package dev.ddns.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.ddns.adapter.dynamodb.DynamoClients;
import dev.ddns.adapter.http.DohCodec;
import dev.ddns.lambda.UpdateFunction;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One cold start, in a fresh JVM that {@link ColdStartBenchmark} launches with only the Lambda jar
 * (and this class) on the class path. {@code update BASE64}: what Lambda does on a cold start,
 * {@code new UpdateFunction()} wired from the environment, then one signed UPDATE through
 * {@code handleRequest}. {@code floor ENDPOINT TABLE}: the same DynamoDB client and one GetItem,
 * nothing else. Prints {@code done <heap bytes used> <CPU nanoseconds, all threads>} when
 * answered (the CPU time is read after the answer, so reading it is not counted).
 */
public final class ColdStartProbe {
  private ColdStartProbe() {}

  public static void main(String[] args) {
    String result = switch (args[0]) {
      case "update" -> update(args[1]);
      case "floor" -> floor(URI.create(args[1]), args[2]);
      default -> throw new IllegalArgumentException("update BASE64 | floor ENDPOINT TABLE");
    };
    Runtime runtime = Runtime.getRuntime();
    long heap = runtime.totalMemory() - runtime.freeMemory();
    long cpu = ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    System.out.println("done " + heap + " " + cpu + " " + result);
  }

  private static String update(String base64) {
    APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
    event.setRawPath(DohCodec.PATH);
    event.setRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
            .withMethod("POST").withPath(DohCodec.PATH).withSourceIp("127.0.0.1").build())
        .build());
    event.setHeaders(Map.of("content-type", DohCodec.DNS_MESSAGE));
    event.setBody(base64);
    event.setIsBase64Encoded(true);
    APIGatewayV2HTTPResponse response = new UpdateFunction().handleRequest(event, null);
    return response.getStatusCode() + " " + response.getBody();
  }

  private static String floor(URI endpoint, String table) {
    try (DynamoDbClient client = DynamoClients.create(Optional.of(endpoint), Optional.empty())) {
      return Boolean.toString(client.getItem(b -> b.tableName(table).key(Map.of(
          "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("Z#example.test."),
          "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("HEAD"))))
          .hasItem());
    }
  }
}
