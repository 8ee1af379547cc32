package dev.ddns.cli;

import dev.ddns.adapter.secrets.SecretsManagerClients;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Where {@code ddns key} or {@code ddns token} keeps its secrets, opened: a key directory, or
 * Secrets Manager with the client to close after.
 *
 * @param <V> the vault: of keys or of tokens
 */
record OpenedVault<V>(V vault, Optional<SecretsManagerClient> client) implements AutoCloseable {

  /**
   * The vault in {@code keyDir} when given, else in Secrets Manager at {@code secretsEndpoint}
   * (or AWS in {@code region}); {@code secretsManager} gets the client and where it points, for
   * messages.
   *
   * @throws CliException when both a key directory and an endpoint are given
   */
  static <V> OpenedVault<V> open(Path keyDir, URI secretsEndpoint, String region,
      Function<Path, V> directory, BiFunction<SecretsManagerClient, String, V> secretsManager) {
    if (keyDir != null) {
      if (secretsEndpoint != null) {
        throw new CliException("--key-dir and --secrets-endpoint exclude each other");
      }
      return new OpenedVault<>(directory.apply(keyDir), Optional.empty());
    }
    SecretsManagerClient client = SecretsManagerClients.create(
        Optional.ofNullable(secretsEndpoint), Optional.ofNullable(region));
    String where = secretsEndpoint != null ? "at " + secretsEndpoint
        : region != null ? "in " + region : "(AWS, default region)";
    try {
      return new OpenedVault<>(secretsManager.apply(client, where), Optional.of(client));
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  @Override
  public void close() {
    client.ifPresent(SecretsManagerClient::close);
  }
}
