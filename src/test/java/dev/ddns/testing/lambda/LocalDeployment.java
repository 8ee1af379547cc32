package dev.ddns.testing.lambda;

import dev.ddns.adapter.dynamodb.DynamoClients;
import dev.ddns.adapter.secrets.FakeSecretsManager;
import dev.ddns.lambda.ExpandedTemplate;
import dev.ddns.lambda.Wiring;
import dev.ddns.local.DynamoDbLocalServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The stack of template.yaml deployed on this machine: the template expanded by the SAM
 * translator; its table created from the expanded {@code AWS::DynamoDB::Table} in DynamoDB Local
 * (over HTTP on loopback, one shared database); the Secrets Manager stand-in; each function's
 * artifact made by {@link SamBuild}; each function's definition with the intrinsics resolved to
 * these local resources; and runtimes started on them, with the endpoint overrides the code
 * supports ({@value Wiring#DYNAMODB_ENDPOINT}, {@value Wiring#SECRETS_ENDPOINT}). A function may
 * do in Secrets Manager only what its execution role allows ({@link RolePolicy}).
 */
public final class LocalDeployment implements AutoCloseable {
  /** The six random characters Secrets Manager appends to a secret's name in its ARN. */
  private static final String SECRET_SUFFIX = "LoCaL0";
  private final Path dir;
  private final ExpandedTemplate template;
  private final Map<String, String> parameters;
  private final DynamoDbLocalServer dynamoDbLocal;
  private final DynamoDbClient dynamo;
  private final DynamoDbStreamsClient streams;
  private final FakeSecretsManager secrets;
  private final Intrinsics intrinsics;
  private final String table;
  private final String streamArn;
  private final Map<String, String> attributes;
  private final Map<String, Path> artifacts = new LinkedHashMap<>();
  private final List<AutoCloseable> started = new ArrayList<>();

  private LocalDeployment(Path dir, ExpandedTemplate template, Map<String, String> parameters,
      DynamoDbLocalServer dynamoDbLocal, DynamoDbClient dynamo, DynamoDbStreamsClient streams,
      FakeSecretsManager secrets) {
    this.dir = dir;
    this.template = template;
    this.parameters = Map.copyOf(parameters);
    this.dynamoDbLocal = dynamoDbLocal;
    this.dynamo = dynamo;
    this.streams = streams;
    this.secrets = secrets;
    Intrinsics withoutStream = new Intrinsics(template, parameters, Map.of(), Map.of());
    this.table = withoutStream.string(Map.of("Ref", "ZoneTable"));
    dynamo.createTable(createTable(template, withoutStream, table));
    this.streamArn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
    String tableArn = dynamo.describeTable(b -> b.tableName(table)).table().tableArn();
    this.attributes = Map.of("ZoneTable.Arn", tableArn, "ZoneTable.StreamArn", streamArn);
    this.intrinsics = new Intrinsics(template, parameters, Map.of(), attributes);
  }

  /** Deploys into {@code dir} (artifacts, logs) with the template's parameter defaults. */
  public static LocalDeployment start(Path dir) {
    return start(dir, Map.of());
  }

  /**
   * Deploys into {@code dir} with {@code parameters} in place of the template's defaults, as
   * {@code sam deploy --parameter-overrides} does.
   */
  public static LocalDeployment start(Path dir, Map<String, String> parameters) {
    ExpandedTemplate template = ExpandedTemplate.load(parameters);
    DynamoDbLocalServer server;
    try {
      server = DynamoDbLocalServer.start(0, Optional.empty());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
        AwsBasicCredentials.create("local", "local"));
    DynamoDbClient dynamo = DynamoClients.create(Optional.of(server.endpoint()), Optional.empty());
    DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(server.endpoint())
        .region(Region.of(DynamoClients.LOCAL_REGION))
        .credentialsProvider(credentials)
        .build();
    return new LocalDeployment(dir, template, parameters, server, dynamo, streams,
        FakeSecretsManager.start());
  }

  /** CreateTable for the expanded template's table: keys, billing, stream, indexes. */
  static CreateTableRequest createTable(ExpandedTemplate template, Intrinsics intrinsics,
      String name) {
    Map<?, ?> p = (Map<?, ?>) intrinsics.resolve(template.properties("ZoneTable"));
    CreateTableRequest.Builder request = CreateTableRequest.builder().tableName(name)
        .attributeDefinitions(list(p.get("AttributeDefinitions")).stream()
            .map(a -> AttributeDefinition.builder().attributeName(field(a, "AttributeName"))
                .attributeType(field(a, "AttributeType")).build()).toList())
        .keySchema(keys(p.get("KeySchema")))
        .billingMode(BillingMode.fromValue(p.get("BillingMode").toString()));
    if (p.get("StreamSpecification") instanceof Map<?, ?> stream) {
      request.streamSpecification(s -> s.streamEnabled(true)
          .streamViewType(stream.get("StreamViewType").toString()));
    }
    if (p.get("GlobalSecondaryIndexes") instanceof List<?> indexes) {
      request.globalSecondaryIndexes(indexes.stream().map(i -> {
        Map<?, ?> index = (Map<?, ?>) i;
        Map<?, ?> projection = (Map<?, ?>) index.get("Projection");
        Projection.Builder pb = Projection.builder()
            .projectionType(projection.get("ProjectionType").toString());
        if (projection.get("NonKeyAttributes") instanceof List<?> attrs) {
          pb.nonKeyAttributes(attrs.stream().map(Object::toString).toList());
        }
        return GlobalSecondaryIndex.builder().indexName(index.get("IndexName").toString())
            .keySchema(keys(index.get("KeySchema"))).projection(pb.build()).build();
      }).toList());
    }
    return request.build();
  }

  private static List<KeySchemaElement> keys(Object schema) {
    return list(schema).stream().map(k -> KeySchemaElement.builder()
        .attributeName(field(k, "AttributeName")).keyType(field(k, "KeyType")).build()).toList();
  }

  private static List<?> list(Object value) {
    return (List<?>) value;
  }

  private static String field(Object map, String name) {
    return ((Map<?, ?>) map).get(name).toString();
  }

  public ExpandedTemplate template() {
    return template;
  }

  public Intrinsics intrinsics() {
    return intrinsics;
  }

  /** The table's name, as {@code Ref ZoneTable} gives it. */
  public String table() {
    return table;
  }

  public URI dynamoDbEndpoint() {
    return dynamoDbLocal.endpoint();
  }

  public DynamoDbClient dynamo() {
    return dynamo;
  }

  public DynamoDbStreamsClient streams() {
    return streams;
  }

  public String streamArn() {
    return streamArn;
  }

  public FakeSecretsManager secrets() {
    return secrets;
  }

  /** The function {@code logicalId} of the expanded template, resolved for this deployment. */
  public FunctionDefinition function(String logicalId) {
    return FunctionDefinition.of(template, logicalId, intrinsics);
  }

  /**
   * The stack's outputs as {@code describe-stacks} lists them, with {@code physicalIds} and
   * {@code attributes} for the resources that run outside this class (the Function URL, the
   * queue).
   */
  public Map<String, String> outputs(Map<String, String> physicalIds,
      Map<String, String> moreAttributes) {
    Map<String, String> all = new LinkedHashMap<>(attributes);
    all.putAll(moreAttributes);
    Intrinsics resolver = new Intrinsics(template, parameters, physicalIds, all);
    Map<String, String> outputs = new LinkedHashMap<>();
    ((Map<?, ?>) template.root().get("Outputs")).forEach((name, output) -> {
      Map<?, ?> spec = (Map<?, ?>) output;
      if (spec.containsKey("Condition")) {
        throw new AssertionError("output " + name + " has a condition; resolve it first");
      }
      outputs.put(name.toString(), resolver.string(spec.get("Value")));
    });
    return outputs;
  }

  /** Who the URL of {@code logicalId} lets in, by the expanded template's URL and permissions. */
  public FunctionUrlAuthorization urlAuthorization(String logicalId) {
    return FunctionUrlAuthorization.of(template.resources(), logicalId, intrinsics::string);
  }

  /** The artifact sam build makes for {@code logicalId}, built once. */
  public synchronized Path artifact(String logicalId) {
    return artifacts.computeIfAbsent(logicalId, id -> SamBuild.build(id, dir));
  }

  /**
   * What {@code function} reaches instead of AWS: DynamoDB Local, and the secrets stand-in at an
   * endpoint that allows what the function's role allows ({@link RolePolicy}); the operator's
   * CLI uses {@link FakeSecretsManager#endpoint()}, which allows everything.
   */
  private Map<String, String> localEndpoints(FunctionDefinition function) {
    RolePolicy role = RolePolicy.of(template, function.logicalId(), intrinsics, "secretsmanager");
    URI secretsAsRole = secrets.endpointAs(role.role(), (operation, name) -> role.allows(
        "secretsmanager:" + operation, name.equals("*") ? name : secretArn(name)));
    return Map.of(Wiring.DYNAMODB_ENDPOINT, dynamoDbLocal.endpoint().toString(),
        Wiring.SECRETS_ENDPOINT, secretsAsRole.toString());
  }

  private static String secretArn(String name) {
    return "arn:aws:secretsmanager:" + LambdaEnvironment.REGION + ":" + LambdaEnvironment.ACCOUNT
        + ":secret:" + name + "-" + SECRET_SUFFIX;
  }

  /** Starts the function {@code logicalId} as defined, on demand (no SnapStart). */
  public LambdaRuntime start(String logicalId) {
    return start(function(logicalId), false);
  }

  /** Starts {@code function} on its artifact; stopped with this deployment. */
  public LambdaRuntime start(FunctionDefinition function, boolean snapStart) {
    return start(function, snapStart, 1);
  }

  /**
   * Starts {@code function} in a Lambda Managed Instances environment that takes up to
   * {@code maxConcurrency} events at once; stopped with this deployment.
   */
  public LambdaRuntime startMultiConcurrent(String logicalId, int maxConcurrency) {
    return start(function(logicalId), false, maxConcurrency);
  }

  private synchronized LambdaRuntime start(FunctionDefinition function, boolean snapStart,
      int maxConcurrency) {
    Path artifact = artifact(function.logicalId());
    LambdaRuntime runtime = LambdaRuntime.start(function, artifact, localEndpoints(function),
        snapStart, maxConcurrency);
    started.add(runtime);
    return runtime;
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        System.err.println("stopping " + started.get(i) + ": " + e);
      }
    }
    streams.close();
    dynamo.close();
    secrets.close();
    dynamoDbLocal.close();
  }
}
