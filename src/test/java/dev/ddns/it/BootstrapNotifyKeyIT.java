package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.dynamodb.DynamoClients;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.adapter.dynamodb.ZoneTable;
import dev.ddns.adapter.secrets.BindKeyFile;
import dev.ddns.adapter.secrets.FakeSecretsManager;
import dev.ddns.adapter.secrets.SecretJson;
import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.local.DynamoDbLocalServer;
import dev.ddns.testing.tools.LocalDdns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code infra/bootstrap.sh --notify} as a user runs it after {@code sam deploy}, against DynamoDB
 * Local and the Secrets Manager stand-in (reached through the SDK's {@code AWS_ENDPOINT_URL_*}
 * variables, as with any endpoint) and an {@code aws} on the PATH that answers the stack outputs:
 * the zone notifies its target signed with {@code notify.<zone>}, a new key stored under the
 * stack's prefix, whose BIND key file for the secondaries is written beside the updater's, mode
 * 600.
 */
class BootstrapNotifyKeyIT {
  private static final String TABLE = "ddns-stack-table";
  private static final String PREFIX = "stack/tsig/";

  @TempDir Path dir;

  @Test
  void notifyTargetsGetTheZonesOwnNotifyKeyAndItsKeyFile() throws Exception {
    LocalDdns.jar();
    try (DynamoDbLocalServer dynamo = DynamoDbLocalServer.start(0, Optional.empty());
        DynamoDbClient client = DynamoClients.create(Optional.of(dynamo.endpoint()),
            Optional.empty());
        FakeSecretsManager secrets = FakeSecretsManager.start()) {
      ZoneTable.ensureExists(client, TABLE);
      String output = bootstrap(dynamo, secrets, "--stack", "ddns", "--region", "us-east-1",
          "--zone", "example.com.", "--ns", "ns1.example.net.", "--key", "updater.example.com.",
          "--grant", "zonesub ANY", "--notify", "192.0.2.53");

      ZoneSettings settings = new DynamoZoneStore(client, TABLE, java.time.Clock.systemUTC())
          .open(Name.fromConstantString("example.com.")).orElseThrow().head().settings();
      assertEquals(List.of("192.0.2.53"), settings.notifyTargets());
      assertEquals("notify.example.com.", settings.notifyKey());

      Path keyFile = dir.resolve("notify.example.com.key");
      TsigKey written = BindKeyFile.parse(Files.readString(keyFile)).get(0);
      assertEquals(SecretJson.parse(written.name(),
          secrets.value(PREFIX + "notify.example.com", "AWSCURRENT")), written);
      assertEquals("hmac-sha256", written.algorithmName());
      assertEquals("rw-------", PosixFilePermissions.toString(
          Files.getPosixFilePermissions(keyFile)));
      assertTrue(output.contains("NOTIFY for example.com. is signed with notify.example.com. "
          + "(stored under " + PREFIX + "). Give ./notify.example.com.key to"), output);
      assertTrue(Files.exists(dir.resolve("updater.example.com.key")), output);
    }
  }

  /** Runs bootstrap.sh in {@link #dir} with the fake {@code aws} first on the PATH. */
  private String bootstrap(DynamoDbLocalServer dynamo, FakeSecretsManager secrets,
      String... args) throws IOException, InterruptedException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path aws = bin.resolve("aws");
    Files.writeString(aws, String.join("\n",
        "#!/bin/sh",
        "# describe-stacks, as bootstrap.sh asks it: one output value per call",
        "case \"$*\" in",
        "  *TableName*) echo " + TABLE + " ;;",
        "  *SecretPrefix*) echo " + PREFIX + " ;;",
        "  *EndpointUrl*) echo https://ddns.example/dns-query ;;",
        "  *) echo \"fake aws: $*\" >&2; exit 1 ;;",
        "esac", ""));
    Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwx------"));
    List<String> command = new java.util.ArrayList<>(List.of("bash",
        Path.of("infra/bootstrap.sh").toAbsolutePath().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    builder.environment().put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString());
    builder.environment().put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.endpoint().toString());
    // DynamoDB Local takes access key ids of letters and digits only.
    builder.environment().put("AWS_ACCESS_KEY_ID", "bootstraptest");
    builder.environment().put("AWS_SECRET_ACCESS_KEY", "bootstraptest");
    builder.environment().remove("AWS_PROFILE");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("bootstrap.sh did not finish:\n" + output);
    }
    assertEquals(0, process.exitValue(), output);
    return output;
  }
}
