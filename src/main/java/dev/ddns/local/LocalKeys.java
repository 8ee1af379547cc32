package dev.ddns.local;

import dev.ddns.adapter.secrets.ChainedKeyStore;
import dev.ddns.adapter.secrets.KeyDirectory;
import dev.ddns.adapter.secrets.SecretsManagerTokens;
import dev.ddns.adapter.secrets.TokenDirectory;
import dev.ddns.adapter.secrets.TokenVault;
import dev.ddns.adapter.secrets.KeyVault;
import dev.ddns.adapter.secrets.SecretsManagerClients;
import dev.ddns.adapter.secrets.SecretsManagerKeyStore;
import dev.ddns.adapter.secrets.SecretsManagerKeyVault;
import dev.ddns.core.tsig.KeyStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Where {@code ddns local} keeps TSIG keys besides the {@code --keys} files: nowhere else (the
 * key file alone, the default), a key directory ({@code --key-dir}, as {@code ddns key --key-dir}
 * writes it), or Secrets Manager ({@code --secrets-endpoint}, as the Lambda function reads it).
 * With a directory or Secrets Manager the demo key lives there too, and rotations made with
 * {@code ddns key rotate} apply while ddns local runs.
 *
 * @param keyDir the key directory, or empty
 * @param secretsEndpoint the Secrets Manager endpoint, or empty
 * @param secretPrefix the secret name prefix in Secrets Manager
 */
public record LocalKeys(Optional<Path> keyDir, Optional<URI> secretsEndpoint,
    String secretPrefix) {
  /** Secrets Manager lookups are cached briefly, so that a rotation shows quickly. */
  static final Duration CACHE_TTL = Duration.ofSeconds(5);

  public LocalKeys {
    Objects.requireNonNull(keyDir, "keyDir");
    Objects.requireNonNull(secretsEndpoint, "secretsEndpoint");
    SecretsManagerKeyStore.Settings.checkPrefix(secretPrefix);
    if (keyDir.isPresent() && secretsEndpoint.isPresent()) {
      throw new IllegalArgumentException("--key-dir and --secrets-endpoint exclude each other");
    }
  }

  /** The key file and {@code --keys} files only. */
  public static LocalKeys keyFileOnly() {
    return new LocalKeys(Optional.empty(), Optional.empty(),
        SecretsManagerKeyStore.Settings.DEFAULT_PREFIX);
  }

  /** The vault and key store these settings name, opened; empty for the key file alone. */
  Optional<Opened> open(Clock clock) {
    if (keyDir.isPresent()) {
      KeyDirectory dir = new KeyDirectory(keyDir.get());
      return Optional.of(new Opened(dir, dir, new TokenDirectory(keyDir.get()), Optional.empty()));
    }
    if (secretsEndpoint.isEmpty()) {
      return Optional.empty();
    }
    SecretsManagerClient client = SecretsManagerClients.create(secretsEndpoint, Optional.empty());
    SecretsManagerKeyStore.Settings defaults = SecretsManagerKeyStore.Settings.defaults();
    KeyStore store = new SecretsManagerKeyStore(client, new SecretsManagerKeyStore.Settings(
        secretPrefix, CACHE_TTL, defaults.capacity(), defaults.grace()), clock);
    KeyVault vault = new SecretsManagerKeyVault(client, secretPrefix,
        "at " + secretsEndpoint.get(), false);
    TokenVault tokens = new SecretsManagerTokens(client, SecretsManagerTokens.DEFAULT_PREFIX,
        "at " + secretsEndpoint.get(), false, clock, CACHE_TTL);
    return Optional.of(new Opened(vault, store, tokens, Optional.of(client)));
  }

  /** A vault, the key store reading it, the dyndns2 tokens beside it, and the client to close after. */
  record Opened(KeyVault vault, KeyStore store, TokenVault tokens,
      Optional<SecretsManagerClient> client)
      implements AutoCloseable {
    /** {@code first}, then this store. */
    KeyStore after(KeyStore first) {
      return new ChainedKeyStore(List.of(first, store));
    }

    @Override
    public void close() {
      client.ifPresent(SecretsManagerClient::close);
    }
  }
}
