package dev.ddns.testing.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A stand-in for AWS CloudFormation on a free loopback port that knows one deployed stack and
 * answers {@code DescribeStacks} for it in CloudFormation's query protocol (form-encoded POST,
 * XML answer), so the real awscli ({@code aws cloudformation describe-stacks}, with
 * {@code AWS_ENDPOINT_URL_CLOUDFORMATION}) reads the stack's outputs as after {@code sam deploy}.
 * Another stack name gets CloudFormation's ValidationError; other actions an error naming them.
 */
public final class FakeCloudFormation implements AutoCloseable {
  private final HttpServer server;
  private final String stackName;
  private final Map<String, String> outputs;

  private FakeCloudFormation(HttpServer server, String stackName, Map<String, String> outputs) {
    this.server = server;
    this.stackName = stackName;
    this.outputs = outputs;
  }

  /** Serves the stack {@code stackName} with {@code outputs} (key to value). */
  public static FakeCloudFormation start(String stackName, Map<String, String> outputs) {
    try {
      HttpServer server = HttpServer.create(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      FakeCloudFormation fake = new FakeCloudFormation(server, stackName,
          new LinkedHashMap<>(outputs));
      server.createContext("/", fake::handle);
      server.start();
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(),
          StandardCharsets.UTF_8));
      String action = form.getOrDefault("Action", "");
      if (!action.equals("DescribeStacks")) {
        reply(exchange, 400, error("InvalidAction", "action " + action + " is not served here"));
      } else if (!stackName.equals(form.get("StackName"))) {
        reply(exchange, 400, error("ValidationError",
            "Stack with id " + form.get("StackName") + " does not exist"));
      } else {
        reply(exchange, 200, describeStacks());
      }
    }
  }

  private String describeStacks() {
    StringBuilder members = new StringBuilder();
    outputs.forEach((key, value) -> members.append("<member><OutputKey>").append(xml(key))
        .append("</OutputKey><OutputValue>").append(xml(value))
        .append("</OutputValue></member>"));
    return "<DescribeStacksResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
        + "<DescribeStacksResult><Stacks><member>"
        + "<StackName>" + xml(stackName) + "</StackName>"
        + "<StackId>arn:aws:cloudformation:" + LambdaEnvironment.REGION + ":"
        + LambdaEnvironment.ACCOUNT + ":stack/" + xml(stackName) + "/"
        + UUID.nameUUIDFromBytes(stackName.getBytes(StandardCharsets.UTF_8)) + "</StackId>"
        + "<CreationTime>2026-12-01T00:00:00.000Z</CreationTime>"
        + "<StackStatus>CREATE_COMPLETE</StackStatus>"
        + "<Outputs>" + members + "</Outputs>"
        + "</member></Stacks></DescribeStacksResult>"
        + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>"
        + "</DescribeStacksResponse>";
  }

  private static String error(String code, String message) {
    return "<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
        + "<Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + xml(message)
        + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>";
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/xml");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
