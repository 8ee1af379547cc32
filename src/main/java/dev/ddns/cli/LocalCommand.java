package dev.ddns.cli;

import dev.ddns.local.LocalConfig;
import dev.ddns.local.LocalSystem;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ddns local}: the whole system on loopback, until Ctrl-C. */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
        "Runs the endpoint, the relay and DynamoDB Local (AWS's own, embedded) on this "
            + "machine, for trying ddns out with nsupdate, dig, 'ddns zone' and the AWS CLI.",
        "Zones live in memory unless --data keeps them in a folder; the demo zone is created "
            + "when missing.",
        "Writes a TSIG key file on first start and reuses it afterwards. Stops on Ctrl-C."})
final class LocalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--dns-port", paramLabel = "PORT", defaultValue = "5053",
      description = "DNS port (UDP and TCP) on 127.0.0.1 and ::1; default: ${DEFAULT-VALUE}.")
  int dnsPort;

  @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8053",
      description = "DoH endpoint port on 127.0.0.1; default: ${DEFAULT-VALUE}.")
  int httpPort;

  @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "example.test.",
      description = "The zone to create; default: ${DEFAULT-VALUE}.")
  String zone;

  @Option(names = "--key-file", paramLabel = "FILE", defaultValue = "ddns-local.key",
      description = "Where the TSIG key is written, or read from if it exists; "
          + "default: ${DEFAULT-VALUE}.")
  Path keyFile;

  @Option(names = "--key-name", paramLabel = "NAME", defaultValue = "ddns-local-key.",
      description = "Name of a newly made key; default: ${DEFAULT-VALUE}.")
  String keyName;

  @Option(names = "--keys", paramLabel = "FILE",
      description = "A further BIND key file whose keys are accepted (repeatable).")
  List<Path> extraKeys = new ArrayList<>();

  @Option(names = "--store", paramLabel = "STORE", defaultValue = "dynamodb",
      converter = StoreConverter.class,
      description = "Where zones live: dynamodb (DynamoDB Local) or memory (fastest, no "
          + "DynamoDB); default: ${DEFAULT-VALUE}.")
  LocalConfig.Store store;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Keep DynamoDB Local's data in DIR across restarts; default: in memory.")
  Path data;

  @Option(names = "--dynamodb-port", paramLabel = "PORT", defaultValue = "8000",
      description = "DynamoDB Local's HTTP port on 127.0.0.1, for 'ddns zone' and the AWS CLI "
          + "(--endpoint-url); 0 picks a free one; default: ${DEFAULT-VALUE}.")
  int dynamodbPort;

  @Option(names = "--table", paramLabel = "NAME", defaultValue = "ddns",
      description = "DynamoDB table, created when missing; default: ${DEFAULT-VALUE}.")
  String table;

  @Option(names = "--key-dir", paramLabel = "DIR",
      description = "Also accept the keys in DIR (one BIND key file per key, as 'ddns key "
          + "--key-dir' writes them; rotations apply at once); the demo key is kept there too.")
  Path keyDir;

  @Option(names = "--secrets-endpoint", paramLabel = "URL",
      description = "Also accept the keys in Secrets Manager at URL (as the Lambda function "
          + "reads them; 'ddns key --secrets-endpoint' manages them); the demo key is kept "
          + "there too.")
  java.net.URI secretsEndpoint;

  @Option(names = "--secret-prefix", paramLabel = "PREFIX", defaultValue = "ddns/tsig/",
      description = "Secret name prefix with --secrets-endpoint; default: ${DEFAULT-VALUE}.")
  String secretPrefix;

  @Option(names = "--notify", paramLabel = "HOST:PORT", split = ",",
      description = "Send NOTIFY to this secondary on every change of the zone (repeatable), "
          + "signed with the key notify.ZONE kept next to --key-file (e.g. "
          + "ddns-local-notify.key; made when missing); needs --store dynamodb. See "
          + "docs/secondaries.md.")
  List<String> notify = new ArrayList<>();

  @Mixin UnsignedLimitOptions unsigned;

  @Mixin ServiceLimitOptions limits;

  @Override
  public Integer call() throws InterruptedException {
    ConsoleLogging.program("ddns local");
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LocalSystem system;
    try {
      system = LocalSystem.start(config(), new dev.ddns.local.LocalKeys(
          java.util.Optional.ofNullable(keyDir), java.util.Optional.ofNullable(secretsEndpoint),
          secretPrefix));
    } catch (BindException e) {
      err.println("ddns local: " + e.getMessage()
          + "; is another server running? Choose other ports with "
          + "--dns-port/--http-port/--dynamodb-port.");
      return 1;
    } catch (IOException | UncheckedIOException | IllegalArgumentException
        | IllegalStateException e) {
      err.println("ddns local: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      system.close();
      out.println(store == LocalConfig.Store.DYNAMODB
          ? "ddns local stopped: relay, HTTP server and DynamoDB Local closed"
          : "ddns local stopped: relay and HTTP server closed");
      out.flush();
    }, "ddns-local-shutdown"));
    system.readyLines().forEach(out::println);
    out.flush();
    new java.util.concurrent.CountDownLatch(1).await();
    return 0;
  }

  private LocalConfig config() throws TextParseException {
    return new LocalConfig(absolute(zone), List.of(LocalConfig.LOOPBACK_V4, LocalConfig.LOOPBACK_V6),
        dnsPort, httpPort, keyFile, absolute(keyName), extraKeys, store,
        java.util.Optional.ofNullable(data), dynamodbPort, table, notify, unsigned.limit(),
        limits.limits());
  }

  /** {@code dynamodb} or {@code memory}, any case. */
  static final class StoreConverter implements picocli.CommandLine.ITypeConverter<LocalConfig.Store> {
    @Override
    public LocalConfig.Store convert(String value) {
      try {
        return LocalConfig.Store.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "'" + value + "' is not a store; use dynamodb or memory");
      }
    }
  }

  private static Name absolute(String name) throws TextParseException {
    return Name.fromString(name, Name.root);
  }
}
