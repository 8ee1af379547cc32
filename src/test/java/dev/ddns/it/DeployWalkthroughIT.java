package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.testing.lambda.FakeCloudFormation;
import dev.ddns.testing.lambda.FunctionUrlFront;
import dev.ddns.testing.lambda.LambdaEnvironment;
import dev.ddns.testing.lambda.LambdaRuntime;
import dev.ddns.testing.lambda.LocalDeployment;
import dev.ddns.testing.lambda.SamBuild;
import dev.ddns.testing.lambda.StreamEventSource;
import dev.ddns.testing.tools.BindSecondary;
import dev.ddns.testing.tools.Closing;
import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.FreePorts;
import dev.ddns.testing.tools.LocalDdns;
import dev.ddns.testing.tools.RelayProcess;
import dev.ddns.testing.tools.TestKey;
import dev.ddns.testing.tools.ToolProcess;
import dev.ddns.testing.tools.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * docs/deploy.md, walked: its shell steps are read from the document and each runs as written
 * or through its local equivalent, so the document cannot drift from what works. {@code sam
 * build} is the Makefile's targets; {@code sam deploy} is the expanded template on this machine
 * (dev.ddns.testing.lambda: DynamoDB Local, the Secrets Manager and CloudFormation stand-ins,
 * every function under the real Runtime Interface Client, a Function URL front); {@code
 * infra/bootstrap.sh} runs unchanged with awscli and the ddns CLI pointed at the stand-ins by the
 * standard {@code AWS_ENDPOINT_URL_<SERVICE>} variables; the relay, nsupdate and dig run as
 * written, on a free port. A BIND secondary, transferring from the relay, receives the change
 * by NOTIFY from the NotifyFunction fed by the table's stream. Names of the document's zone
 * ({@code example.com}) become the test zone's; the NOTIFY target becomes the secondary.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployWalkthroughIT {
  private static final Duration PROPAGATION = Duration.ofSeconds(15);
  private static final String EXPIRY_FAILURES_URL =
      "https://sqs.eu-west-1.amazonaws.com/123456789012/ddns-ExpiryFailures";
  private static final String NOTIFY_FAILURES_URL =
      "https://sqs.eu-west-1.amazonaws.com/123456789012/ddns-NotifyFailures";

  private final List<List<DeployGuide.Command>> guide = DeployGuide.blocks();
  private Path dir;
  private Path operator;
  private LocalDeployment stack;
  private final Map<String, LambdaRuntime> functions = new LinkedHashMap<>();
  private FunctionUrlFront url;
  private FakeCloudFormation cloudFormation;
  private Map<String, String> outputs;
  private int secondaryPort;
  private Path keyFile;
  private Path notifyKeyFile;
  private Path relayKeyFile;
  private String endpoint;
  private RelayProcess relay;
  private BindSecondary bind;

  @BeforeAll
  void folders() throws IOException {
    dir = Files.createTempDirectory("deploy-walkthrough-it-");
    operator = Files.createDirectories(dir.resolve("operator"));
  }

  @AfterAll
  void tearDown() {
    Closing.all(bind, relay, cloudFormation, url, stack);
  }

  /** Section 1: mvn package (done by the build), sam build, sam deploy. */
  @Test
  @Order(1)
  void buildAndDeploy() throws Exception {
    List<DeployGuide.Command> block = guide.get(0);
    List<String> done = new ArrayList<>();
    for (DeployGuide.Command command : block) {
      String line = String.join(" ", command.words());
      if (line.equals("mvn -q package -DskipTests")) {
        assertTrue(Files.isRegularFile(LocalDdns.jar()), "the build packaged the jars");
      } else if (line.equals("sam build")) {
        samBuild();
      } else if (line.startsWith("sam deploy")) {
        samDeploy();
      } else {
        throw new AssertionError("docs/deploy.md step without a local equivalent: " + line);
      }
      done.add(line);
    }
    assertEquals(List.of("mvn -q package -DskipTests", "sam build", "sam deploy --guided"), done);
    assertEquals(url.url() + "dns-query", outputs.get("EndpointUrl"));
  }

  private void samBuild() {
    Path build = dir.resolve("sam-build");
    for (String function : functionIds()) {
      Path artifact = SamBuild.build(function, build);
      assertTrue(Files.isRegularFile(artifact.resolve("lib/ddns-lambda.jar")), artifact.toString());
    }
  }

  private List<String> functionIds() {
    return dev.ddns.lambda.ExpandedTemplate.load().ofType("AWS::Lambda::Function");
  }

  private void samDeploy() throws Exception {
    stack = LocalDeployment.start(dir);
    for (String function : functionIds()) {
      functions.put(function, stack.start(function));
    }
    for (LambdaRuntime runtime : functions.values()) {
      runtime.api().firstNext().get(60, TimeUnit.SECONDS);
      assertFalse(runtime.api().initError().isDone(), runtime.log());
    }
    url = FunctionUrlFront.start(functions.get("UpdateFunction"),
        stack.urlAuthorization("UpdateFunction"));
    outputs = stack.outputs(Map.of("NotifyFailures", NOTIFY_FAILURES_URL,
        "ExpiryFailures", EXPIRY_FAILURES_URL),
        Map.of("UpdateFunctionUrl.FunctionUrl", url.url().toString()));
    cloudFormation = FakeCloudFormation.start(LambdaEnvironment.STACK, outputs);
  }

  /** Section 2: infra/bootstrap.sh creates the zone, its NOTIFY target and the key. */
  @Test
  @Order(2)
  void aZoneAndAKey() throws IOException {
    List<DeployGuide.Command> block = guide.get(1);
    assertEquals(1, block.size(), block.toString());
    secondaryPort = FreePorts.tcpAndUdp();
    DeployGuide.Command bootstrap = block.get(0).map(DeployWalkthroughIT::testZone)
        .withOption("--notify", "127.0.0.1:" + secondaryPort);
    assertEquals("infra/bootstrap.sh", bootstrap.program());

    String output = run(bootstrap, bootstrapEnvironment());

    endpoint = output.lines().filter(l -> l.startsWith("DDNS_ENDPOINT=")).findFirst()
        .map(l -> l.substring("DDNS_ENDPOINT=".length()))
        .orElseThrow(() -> new AssertionError("no relay environment printed:\n" + output));
    assertEquals(outputs.get("EndpointUrl"), endpoint);
    String keyName = bootstrap.option("--key");
    keyFile = operator.resolve(keyName.replaceAll("\\.$", "") + ".key");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
    TestKey key = TestKey.read(keyFile);
    assertEquals(keyName.replaceAll("\\.$", ""), key.name().replaceAll("\\.$", ""));
    assertTrue(stack.secrets().names().contains(outputs.get("SecretPrefix")
        + keyName.replaceAll("\\.$", "")), stack.secrets().names().toString());
    ZoneReader zone = zone();
    assertTrue(zone.head().settings().notifyTargets().toString().contains(
        String.valueOf(secondaryPort)), zone.head().settings().toString());
    String notifyKeyName = "notify." + bootstrap.option("--zone");
    assertEquals(notifyKeyName, zone.head().settings().notifyKey());
    notifyKeyFile = operator.resolve(notifyKeyName.replaceAll("\\.$", "") + ".key");
    assertEquals("rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(notifyKeyFile)));
    assertTrue(stack.secrets().names().contains(outputs.get("SecretPrefix")
        + notifyKeyName.replaceAll("\\.$", "")), stack.secrets().names().toString());
    String relayKeyName = bootstrap.option("--relay-key");
    relayKeyFile = operator.resolve(relayKeyName.replaceAll("\\.$", "") + ".key");
    assertEquals("rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(relayKeyFile)));
    assertTrue(stack.secrets().names().contains(outputs.get("SecretPrefix")
        + relayKeyName.replaceAll("\\.$", "")), stack.secrets().names().toString());
  }

  /** Section 3: the relay on the endpoint, a first nsupdate and dig; a secondary gets it. */
  @Test
  @Order(3)
  void theRelayAFirstUpdateAndASecondaryThatReceivesIt() throws IOException {
    List<DeployGuide.Command> block = guide.get(2);
    int relayPort = FreePorts.tcpAndUdp();
    UnaryOperator<String> local = word -> testZone(word).replace("5300",
        String.valueOf(relayPort));
    List<DeployGuide.Command> steps = block.stream().map(c -> c.map(local)).toList();
    assertEquals(List.of("java", "nsupdate", "dig"),
        steps.stream().map(DeployGuide.Command::program).toList());

    DeployGuide.Command relayCommand = steps.get(0).withOption("--endpoint", endpoint)
        .withOption("--relay-key", relayKeyFile.toString());
    assertEquals(List.of("java", "-jar", "target/ddns.jar", "relay"),
        relayCommand.words().subList(0, 4));
    relay = RelayProcess.start(relayCommand.words().subList(4, relayCommand.words().size()),
        relayPort, dir);
    bind = new BindSecondary(Files.createDirectories(dir.resolve("bind")), secondaryPort,
        relayPort, TestKey.read(keyFile), TestKey.read(notifyKeyFile));
    bind.start(PROPAGATION);
    long serial = bind.servedSerial();
    StreamEventSource stream = StreamEventSource.of(stack.template(), "NotifyFunction",
        stack.streams(), stack.streamArn());

    run(steps.get(1), Map.of());
    String dig = run(steps.get(2), Map.of());

    assertTrue(dig.contains("status: NOERROR") && dig.matches("(?s).*host\\.example\\.test\\."
        + "\\s+300\\s+IN\\s+A\\s+192\\.0\\.2\\.10.*"), dig);
    List<String> clients = new DynamoZoneStore(stack.dynamo(), stack.table(), Clock.systemUTC())
        .journal(Name.fromConstantString(DemoZone.NAME), 0, 100).stream()
        .map(dev.ddns.core.model.JournalEntry::client).toList();
    assertTrue(clients.stream().anyMatch(c -> c.matches("127\\.0\\.0\\.1:\\d+ via relay "
        + "_relay\\.office\\.")), "the relay attested nsupdate's address: " + clients);
    List<Map<String, Object>> records = new ArrayList<>();
    long deadline = System.nanoTime() + PROPAGATION.toNanos();
    while (records.stream().noneMatch(stream::passes) && System.nanoTime() < deadline) {
      records.addAll(stream.read());
      ToolProcess.pause(50);
    }
    StreamEventSource.Delivery delivery = stream.deliver(functions.get("NotifyFunction"),
        records);
    assertEquals(List.of(), delivery.toFailureDestination(), functions.get("NotifyFunction").log());
    assertFalse(delivery.attempts().isEmpty(), "the zone head change was delivered: " + records);
    bind.awaitSerial(s -> s > serial, PROPAGATION);
    assertFalse(bind.answer(Name.fromConstantString("host.example.test."), Type.A).isEmpty(),
        bind.diagnostics());
  }

  /** The document's example zone as the test's (BIND's secondary config is for it). */
  private static String testZone(String word) {
    return word.replace("example.com", "example.test");
  }

  /**
   * awscli and the ddns CLI as an operator runs them, pointed at the stand-ins by the standard
   * per-service endpoint variables; every other service at a closed loopback port, no profile.
   */
  private Map<String, String> bootstrapEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_ACCESS_KEY_ID", "AKIALOCALOPERATOR000");
    env.put("AWS_SECRET_ACCESS_KEY", "local-operator-secret");
    env.put("AWS_CONFIG_FILE", dir.resolve("no-aws-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-aws-credentials").toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + FreePorts.tcp());
    env.put("AWS_ENDPOINT_URL_CLOUDFORMATION", cloudFormation.endpoint().toString());
    env.put("AWS_ENDPOINT_URL_DYNAMODB", stack.dynamoDbEndpoint().toString());
    env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", stack.secrets().endpoint().toString());
    return env;
  }

  /** Runs a step in the operator's folder; repository paths resolve against the checkout. */
  private String run(DeployGuide.Command command, Map<String, String> environment)
      throws IOException {
    List<String> words = new ArrayList<>(command.words());
    String program = words.get(0);
    words.set(0, switch (program) {
      case "nsupdate" -> Tools.nsupdate().toString();
      case "dig" -> Tools.dig().toString();
      default -> {
        Path inRepository = Path.of(program).toAbsolutePath();
        if (!Files.isExecutable(inRepository)) {
          throw new AssertionError("docs/deploy.md runs " + program + ", not in the checkout");
        }
        yield inRepository.toString();
      }
    });
    Path out = Files.createTempFile(dir, "step-", ".out");
    ProcessBuilder builder = new ProcessBuilder(words).directory(operator.toFile())
        .redirectErrorStream(true).redirectOutput(out.toFile());
    builder.environment().putAll(environment);
    try {
      Process process = builder.start();
      process.getOutputStream().write(command.stdin().getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().close();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(words + " did not finish:\n" + Files.readString(out));
      }
      String output = Files.readString(out);
      if (process.exitValue() != 0) {
        throw new AssertionError(words + " exited " + process.exitValue() + ":\n" + output);
      }
      return output;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private ZoneReader zone() {
    Name zone = Name.fromConstantString(DemoZone.NAME);
    return new DynamoZoneStore(stack.dynamo(), stack.table(), Clock.systemUTC()).open(zone)
        .orElseThrow(() -> new AssertionError("bootstrap created no zone " + zone));
  }
}
