package dev.ddns.adapter.secrets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ddns.core.tsig.TsigKey;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * A stand-in for AWS Secrets Manager on a free loopback port, speaking its JSON protocol
 * ({@code POST /} with {@code X-Amz-Target: secretsmanager.OPERATION} and
 * {@code application/x-amz-json-1.1}), so the real SDK client is what the tests exercise:
 * GetSecretValue with version stages, CreateSecret, PutSecretValue (the old current version moves
 * to {@code AWSPREVIOUS}), DeleteSecret, ListSecrets with a name-prefix filter. Errors come back
 * as AWS sends them: HTTP 400 with {@code {"__type": "ResourceNotFoundException", ...}}.
 * Counts calls per operation, and can throttle. It can also answer a caller with rights of its
 * own at an endpoint of its own ({@link #endpointAs}): what that caller may not do gets HTTP 400
 * {@code AccessDeniedException}, as IAM answers it.
 */
public final class FakeSecretsManager implements AutoCloseable {
  private static final String TARGET_PREFIX = "secretsmanager.";

  private record Version(String id, String value, Instant created, Set<String> stages) {}

  private static final class Secret {
    final String name;
    final String arn;
    final String description;
    final List<Version> versions = new ArrayList<>();
    Instant lastChanged;
    boolean deleted;

    Secret(String name, String description) {
      this.name = name;
      this.arn = "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + name + "-AbCdEf";
      this.description = description;
    }
  }

  /** What one caller may do. */
  @FunctionalInterface
  public interface Authorizer {
    /**
     * Whether the caller may call {@code operation} (e.g. {@code GetSecretValue}) on the secret
     * {@code secretName}; the name is {@code *} for ListSecrets, which names no secret.
     */
    boolean allows(String operation, String secretName);
  }

  private record Caller(String name, Authorizer authorizer) {}

  /** An error reply: the SDK maps {@code type} to its exception class. */
  private static final class Failure extends RuntimeException {
    final String type;

    Failure(String type, String message) {
      super(message);
      this.type = type;
    }
  }

  private final HttpServer server;
  private final Supplier<Instant> clock;
  private final Map<String, Secret> secrets = new LinkedHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final AtomicInteger throttled = new AtomicInteger();
  private final List<HttpServer> callerServers = new ArrayList<>();

  private FakeSecretsManager(HttpServer server, Supplier<Instant> clock) {
    this.server = server;
    this.clock = clock;
  }

  /** Starts on a free port of 127.0.0.1; version creation times come from {@code clock}. */
  public static FakeSecretsManager start(Supplier<Instant> clock) {
    try {
      HttpServer server = HttpServer.create(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      FakeSecretsManager fake = new FakeSecretsManager(server, clock);
      server.createContext("/", exchange -> fake.handle(exchange, null));
      server.start();
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static FakeSecretsManager start() {
    return start(Clock.systemUTC()::instant);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * Another endpoint of this stand-in, for {@code caller} only, which may do what {@code
   * authorizer} allows. A caller is told apart by the endpoint it was given, not by its signature:
   * a client of a loopback endpoint signs with dummy credentials (SecretsManagerClients).
   */
  public synchronized URI endpointAs(String caller, Authorizer authorizer) {
    try {
      HttpServer callerServer = HttpServer.create(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      Caller who = new Caller(caller, authorizer);
      callerServer.createContext("/", exchange -> handle(exchange, who));
      callerServer.start();
      callerServers.add(callerServer);
      return URI.create("http://127.0.0.1:" + callerServer.getAddress().getPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stores {@code key} under {@code secretId} as ddns does (a CreateSecret, not counted). */
  public synchronized void put(String secretId, TsigKey key) {
    putString(secretId, SecretJson.format(key));
  }

  /** Stores any secret string under {@code secretId}, a new current version (not counted). */
  public synchronized void putString(String secretId, String value) {
    Secret secret = secrets.get(secretId);
    if (secret == null) {
      secret = new Secret(secretId, "");
      secrets.put(secretId, secret);
    }
    addVersion(secret, value);
  }

  /** How many calls of {@code operation} (e.g. {@code GetSecretValue}) arrived. */
  public int calls(String operation) {
    AtomicInteger count = calls.get(operation);
    return count == null ? 0 : count.get();
  }

  /** Every call arriving from now on gets ThrottlingException, until {@link #stopThrottling}. */
  public void throttle() {
    throttled.set(Integer.MAX_VALUE);
  }

  public void stopThrottling() {
    throttled.set(0);
  }

  /** The names of the secrets, deleted ones excluded. */
  public synchronized List<String> names() {
    return secrets.values().stream().filter(s -> !s.deleted).map(s -> s.name).toList();
  }

  /** The secret string of {@code secretId} at {@code stage}, or null. */
  public synchronized String value(String secretId, String stage) {
    Secret secret = secrets.get(secretId);
    if (secret == null) {
      return null;
    }
    return secret.versions.stream().filter(v -> v.stages().contains(stage)).findFirst()
        .map(Version::value).orElse(null);
  }

  /** Answers one call; {@code caller} null for the main endpoint, which allows everything. */
  private void handle(HttpExchange exchange, Caller caller) throws IOException {
    try (exchange) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String operation = target == null ? "" : target.substring(TARGET_PREFIX.length());
      calls.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
      JsonNode body = JsonNode.parser().parse(exchange.getRequestBody());
      String reply;
      int status = 200;
      try {
        if (throttled.get() > 0) {
          throw new Failure("ThrottlingException", "Rate exceeded");
        }
        if (caller != null) {
          authorize(caller, operation, body.asObject());
        }
        reply = dispatch(operation, body.asObject());
      } catch (Failure f) {
        status = 400;
        reply = json(Map.of("__type", f.type, "message", f.getMessage()));
      }
      byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
      exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static void authorize(Caller caller, String operation,
      Map<String, JsonNode> request) {
    JsonNode named = request.containsKey("SecretId") ? request.get("SecretId")
        : request.get("Name");
    String secret = named == null ? "*" : named.asString();
    if (!caller.authorizer().allows(operation, secret)) {
      throw new Failure("AccessDeniedException", "User: " + caller.name()
          + " is not authorized to perform: secretsmanager:" + operation + " on resource: "
          + secret + " because no identity-based policy allows the secretsmanager:" + operation
          + " action");
    }
  }

  private synchronized String dispatch(String operation, Map<String, JsonNode> request) {
    return switch (operation) {
      case "GetSecretValue" -> getSecretValue(request);
      case "CreateSecret" -> createSecret(request);
      case "PutSecretValue" -> putSecretValue(request);
      case "DeleteSecret" -> deleteSecret(request);
      case "ListSecrets" -> listSecrets(request);
      default -> throw new Failure("InvalidAction", "operation " + operation + " not supported");
    };
  }

  private String getSecretValue(Map<String, JsonNode> request) {
    Secret secret = existing(string(request, "SecretId"));
    if (secret.deleted) {
      throw new Failure("InvalidRequestException", "You can't perform this operation on the "
          + "secret because it was marked for deletion.");
    }
    String stage = request.containsKey("VersionStage")
        ? string(request, "VersionStage") : "AWSCURRENT";
    Version version = secret.versions.stream().filter(v -> v.stages().contains(stage))
        .findFirst().orElseThrow(() -> new Failure("ResourceNotFoundException",
            "Secrets Manager can't find the specified secret value for staging label: " + stage));
    JsonWriter out = JsonWriter.create();
    out.writeStartObject();
    field(out, "ARN", secret.arn);
    field(out, "Name", secret.name);
    field(out, "VersionId", version.id());
    field(out, "SecretString", version.value());
    out.writeFieldName("VersionStages");
    out.writeStartArray();
    version.stages().forEach(out::writeValue);
    out.writeEndArray();
    out.writeFieldName("CreatedDate");
    out.writeNumber(epochSeconds(version.created()));
    out.writeEndObject();
    return new String(out.getBytes(), StandardCharsets.UTF_8);
  }

  private String createSecret(Map<String, JsonNode> request) {
    String name = string(request, "Name");
    Secret old = secrets.get(name);
    if (old != null) {
      throw new Failure("ResourceExistsException", old.deleted
          ? "You can't create this secret because a secret with this name is already "
              + "scheduled for deletion."
          : "The operation failed because the secret " + name + " already exists.");
    }
    Secret secret = new Secret(name, request.containsKey("Description")
        ? string(request, "Description") : "");
    secrets.put(name, secret);
    Version version = addVersion(secret, string(request, "SecretString"));
    return json(Map.of("ARN", secret.arn, "Name", name, "VersionId", version.id()));
  }

  private String putSecretValue(Map<String, JsonNode> request) {
    Secret secret = existing(string(request, "SecretId"));
    Version version = addVersion(secret, string(request, "SecretString"));
    return json(Map.of("ARN", secret.arn, "Name", secret.name, "VersionId", version.id()));
  }

  private String deleteSecret(Map<String, JsonNode> request) {
    Secret secret = existing(string(request, "SecretId"));
    JsonNode force = request.get("ForceDeleteWithoutRecovery");
    if (force != null && force.asBoolean()) {
      secrets.remove(secret.name);
    } else {
      secret.deleted = true;
    }
    return json(Map.of("ARN", secret.arn, "Name", secret.name));
  }

  private String listSecrets(Map<String, JsonNode> request) {
    List<String> prefixes = new ArrayList<>();
    JsonNode filters = request.get("Filters");
    if (filters != null) {
      for (JsonNode filter : filters.asArray()) {
        if (filter.asObject().get("Key").asString().equals("name")) {
          filter.asObject().get("Values").asArray().forEach(v -> prefixes.add(v.asString()));
        }
      }
    }
    JsonWriter out = JsonWriter.create();
    out.writeStartObject();
    out.writeFieldName("SecretList");
    out.writeStartArray();
    for (Secret secret : secrets.values()) {
      if (secret.deleted
          || !prefixes.isEmpty() && prefixes.stream().noneMatch(secret.name::startsWith)) {
        continue;
      }
      out.writeStartObject();
      field(out, "ARN", secret.arn);
      field(out, "Name", secret.name);
      field(out, "Description", secret.description);
      out.writeFieldName("LastChangedDate");
      out.writeNumber(epochSeconds(secret.lastChanged));
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeEndObject();
    return new String(out.getBytes(), StandardCharsets.UTF_8);
  }

  /** A new AWSCURRENT version; the old current becomes AWSPREVIOUS, as Secrets Manager does. */
  private Version addVersion(Secret secret, String value) {
    for (Version v : secret.versions) {
      v.stages().remove("AWSPREVIOUS");
      if (v.stages().remove("AWSCURRENT")) {
        v.stages().add("AWSPREVIOUS");
      }
    }
    Instant now = clock.get();
    Version version = new Version(UUID.randomUUID().toString(), value, now,
        new HashSet<>(Set.of("AWSCURRENT")));
    secret.versions.add(version);
    secret.lastChanged = now;
    return version;
  }

  private Secret existing(String id) {
    Secret secret = secrets.get(id);
    if (secret == null) {
      throw new Failure("ResourceNotFoundException",
          "Secrets Manager can't find the specified secret.");
    }
    return secret;
  }

  private static String string(Map<String, JsonNode> request, String field) {
    JsonNode value = request.get(field);
    if (value == null) {
      throw new Failure("InvalidParameterException", field + " is missing");
    }
    return value.asString();
  }

  private static String epochSeconds(Instant instant) {
    return instant.getEpochSecond() + "." + String.format("%03d", instant.getNano() / 1_000_000);
  }

  private static void field(JsonWriter out, String name, String value) {
    out.writeFieldName(name);
    out.writeValue(value);
  }

  private static String json(Map<String, String> fields) {
    JsonWriter out = JsonWriter.create();
    out.writeStartObject();
    fields.forEach((k, v) -> field(out, k, v));
    out.writeEndObject();
    return new String(out.getBytes(), StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void close() {
    callerServers.forEach(s -> s.stop(0));
    server.stop(0);
  }
}
