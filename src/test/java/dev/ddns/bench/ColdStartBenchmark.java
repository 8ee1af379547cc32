package dev.ddns.bench;

import dev.ddns.adapter.dns.ZoneContent;
import dev.ddns.adapter.dynamodb.DynamoClients;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.adapter.dynamodb.ZoneTable;
import dev.ddns.adapter.secrets.FakeSecretsManager;
import dev.ddns.adapter.secrets.SecretsManagerClients;
import dev.ddns.adapter.secrets.SecretsManagerKeyStore;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.service.DnsResponse;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.RequestContext;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.local.DynamoDbLocalServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Update;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Lambda cold start, measured locally: from launching a JVM on the Lambda jar to the first UPDATE
 * answered by {@code UpdateFunction}'s handler (real DynamoDB client to DynamoDB Local over
 * loopback), against a floor launched the same way that only builds the same DynamoDB client and
 * makes one GetItem. The TSIG key comes from the Secrets Manager key store (a local fake speaking
 * its JSON protocol on loopback), as in AWS. The two alternate, {@code --launches} times each; medians are reported with
 * heap used and the jar size. Run by {@code bench/coldstart}.
 */
public final class ColdStartBenchmark {
  private static final String TABLE = "coldstart";
  private static final Name ZONE = Name.fromConstantString("example.test.");
  private static final Path KEY_FILE = Path.of("events/ddns-events.key");
  /** The key reaches the handler through the Secrets Manager key store, as in AWS. */
  private static final String SECRET_PREFIX = "ddns/tsig/";
  private static final int WARM_UPDATES = 300;

  private ColdStartBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    Path jar = Path.of(options.getOrDefault("--jar", "target/ddns-lambda.jar"));
    Path probe = Path.of(options.getOrDefault("--probe-classes", "target/test-classes"));
    int launches = Integer.parseInt(options.getOrDefault("--launches", "10"));
    List<String> jvm = List.of(options.getOrDefault("--jvm-options",
        "-XX:+TieredCompilation -XX:TieredStopAtLevel=1").split(" "));
    TsigKey key = StaticKeyStore.fromFiles(List.of(KEY_FILE))
        .find(Name.fromConstantString("ddns-events-key.")).orElseThrow();
    try (DynamoDbLocalServer dynamo = DynamoDbLocalServer.start(0, Optional.empty());
        DynamoDbClient client = DynamoClients.create(Optional.of(dynamo.endpoint()),
            Optional.empty());
        FakeSecretsManager secrets = FakeSecretsManager.start()) {
      secrets.put(SECRET_PREFIX + "ddns-events-key", key);
      ZoneTable.ensureExists(client, TABLE);
      ZoneContent zone = ZoneContent.read(Path.of("events/example.test.zone"),
          SerialPolicy.INCREMENT);
      new DynamoZoneStore(client, TABLE, Clock.systemUTC()).create(zone.head(), zone.nodes());
      warmServers(client, secrets, key);
      Launcher launcher = new Launcher(jvm, probe + java.io.File.pathSeparator + jar, Map.of(
          "DDNS_STORE", "dynamodb", "DDNS_TABLE", TABLE,
          "DDNS_DYNAMODB_ENDPOINT", dynamo.endpoint().toString(),
          "DDNS_KEYS", "secretsmanager", "DDNS_SECRET_PREFIX", SECRET_PREFIX,
          "DDNS_SECRETS_ENDPOINT", secrets.endpoint().toString(), "AWS_REGION", "us-east-1"));
      List<Run> updates = new ArrayList<>();
      List<Run> floors = new ArrayList<>();
      for (int i = 0; i < launches; i++) {
        List<String> floor = List.of("floor", dynamo.endpoint().toString(), TABLE);
        List<String> update = List.of("update", signedUpdate(key, "cold-" + i));
        if (i % 2 == 0) {
          floors.add(launcher.run(floor));
          updates.add(checked(launcher.run(update)));
        } else {
          updates.add(checked(launcher.run(update)));
          floors.add(launcher.run(floor));
        }
      }
      String report = report(jar, jvm, launches, updates, floors);
      System.out.print(report);
      if (options.containsKey("--markdown")) {
        Files.writeString(Path.of(options.get("--markdown")), report);
      }
    }
    // A worker thread of the embedded servers outlives their close(); the report is written.
    System.exit(0);
  }

  /**
   * Runs {@value #WARM_UPDATES} signed updates through the servers the probes talk to (DynamoDB
   * Local's transaction path, the Secrets Manager fake), in this JVM, before the first launch:
   * DynamoDB itself is always warm, so a probe's time should not include a cold server's.
   */
  private static void warmServers(DynamoDbClient client, FakeSecretsManager secrets, TsigKey key)
      throws IOException {
    Clock clock = Clock.systemUTC();
    SecretsManagerKeyStore.Settings uncached = new SecretsManagerKeyStore.Settings(SECRET_PREFIX,
        Duration.ZERO, 1, Duration.ofHours(24));
    try (SecretsManagerClient secretsClient = SecretsManagerClients.create(
        Optional.of(secrets.endpoint()), Optional.of("us-east-1"))) {
      DnsService service = new DnsService(new DynamoZoneStore(client, TABLE, clock),
          new SecretsManagerKeyStore(secretsClient, uncached, clock), clock);
      for (int i = 0; i < WARM_UPDATES; i++) {
        DnsResponse answer = service.handle(Base64.getDecoder().decode(
            signedUpdate(key, "warm-" + i)), RequestContext.udp("127.0.0.1"));
        int rcode = new Message(answer.single()).getRcode();
        if (rcode != Rcode.NOERROR) {
          throw new IllegalStateException("warm-up UPDATE failed: " + Rcode.string(rcode));
        }
      }
    }
  }

  private static String signedUpdate(TsigKey key, String label) {
    Update update = new Update(ZONE);
    update.add(new ARecord(Name.fromConstantString(label + ".example.test."), DClass.IN, 300,
        InetAddress.getLoopbackAddress()));
    update.setTSIG(key.signer(Clock.systemUTC()));
    return Base64.getEncoder().encodeToString(update.toWire(Message.MAXLENGTH));
  }

  /** The probe's answer must be HTTP 200 with an UPDATE answered NOERROR. */
  private static Run checked(Run run) throws IOException {
    String[] parts = run.result().split(" ");
    Message reply = new Message(Base64.getDecoder().decode(parts[1]));
    if (!parts[0].equals("200") || reply.getRcode() != Rcode.NOERROR) {
      throw new IllegalStateException("cold UPDATE failed: " + run.result() + "\n" + reply);
    }
    return run;
  }

  private static String report(Path jar, List<String> jvm, int launches, List<Run> updates,
      List<Run> floors) throws IOException {
    double update = median(updates.stream().mapToDouble(Run::millis).toArray());
    double floor = median(floors.stream().mapToDouble(Run::millis).toArray());
    double updateCpu = median(updates.stream().mapToDouble(Run::cpuMillis).toArray());
    double floorCpu = median(floors.stream().mapToDouble(Run::cpuMillis).toArray());
    return String.format(Locale.ROOT, """
        | launch to | wall, median of %d | CPU, median | heap used (median) |
        |---|---:|---:|---:|
        | first UPDATE answered by UpdateFunction.handleRequest | %.0f ms | %.0f ms | %.1f MB |
        | floor: same DynamoDB client, one GetItem | %.0f ms | %.0f ms | %.1f MB |
        | ratio | %.2f × floor | %.2f × floor | |

        Jar `%s`: %.1f MB. JVM options: `%s`. All launches (ms): UPDATE %s; floor %s.
        """, launches, update, updateCpu,
        median(updates.stream().mapToDouble(Run::heapMb).toArray()),
        floor, floorCpu, median(floors.stream().mapToDouble(Run::heapMb).toArray()),
        update / floor, updateCpu / floorCpu,
        jar.getFileName(), Files.size(jar) / 1048576.0, String.join(" ", jvm),
        updates.stream().map(r -> String.format(Locale.ROOT, "%.0f", r.millis())).toList(),
        floors.stream().map(r -> String.format(Locale.ROOT, "%.0f", r.millis())).toList());
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    return options;
  }

  /**
   * One launch: milliseconds from process start to the answer, the CPU milliseconds the JVM used
   * until then (all threads; steadier than wall time on a busy machine), heap used, the result.
   */
  private record Run(double millis, double cpuMillis, double heapMb, String result) {}

  /** Starts probe JVMs with the Lambda environment. */
  private record Launcher(List<String> jvm, String classPath, Map<String, String> env) {
    Run run(List<String> probeArgs) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvm);
      command.addAll(List.of("-cp", classPath, ColdStartProbe.class.getName()));
      command.addAll(probeArgs);
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(env);
      long start = System.nanoTime();
      Process process = builder.start();
      StringBuilder output = new StringBuilder();
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith("done ")) {
            double millis = (System.nanoTime() - start) / 1e6;
            String[] parts = line.split(" ", 4);
            process.waitFor();
            return new Run(millis, Long.parseLong(parts[2]) / 1e6,
                Long.parseLong(parts[1]) / 1048576.0, parts[3]);
          }
          output.append(line).append('\n');
        }
      }
      throw new IllegalStateException("probe exited with " + process.waitFor() + ":\n" + output);
    }
  }
}
