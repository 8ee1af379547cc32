package dev.ddns.adapter.secrets;

import dev.ddns.core.tsig.TsigKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

/**
 * Keys as Secrets Manager secrets, laid out as {@link SecretsManagerKeyStore} reads them.
 * Rotation is {@code PutSecretValue}: Secrets Manager makes the new value {@code AWSCURRENT} and
 * moves the old one to {@code AWSPREVIOUS}.
 */
public final class SecretsManagerKeyVault implements KeyVault {
  private final SecretsManagerClient client;
  private final String prefix;
  private final String where;
  private final boolean withoutRecovery;

  /**
   * @param where names the endpoint or region, for messages
   * @param withoutRecovery delete at once instead of after Secrets Manager's 7-day recovery
   *     window (during which the name cannot be reused)
   */
  public SecretsManagerKeyVault(SecretsManagerClient client, String prefix, String where,
      boolean withoutRecovery) {
    this.client = client;
    this.prefix = SecretsManagerKeyStore.Settings.checkPrefix(prefix);
    this.where = where;
    this.withoutRecovery = withoutRecovery;
  }

  @Override
  public void create(TsigKey key) {
    String id = secretId(key.name());
    try {
      client.createSecret(r -> r.name(id).secretString(SecretJson.format(key))
          .description("TSIG key " + key.name() + " (" + key.algorithmName() + ") for ddns"));
    } catch (ResourceExistsException e) {
      throw new IllegalStateException("key " + key.name() + " exists in " + describe()
          + " (secret " + id + "); use 'ddns key rotate' for a new secret", e);
    } catch (SdkException e) {
      throw failure("cannot create secret " + id, e);
    }
  }

  @Override
  public void rotate(TsigKey key) {
    String id = secretId(key.name());
    try {
      client.putSecretValue(r -> r.secretId(id).secretString(SecretJson.format(key)));
    } catch (ResourceNotFoundException e) {
      throw new IllegalStateException("no key " + key.name() + " in " + describe()
          + "; create it with 'ddns key create'", e);
    } catch (SdkException e) {
      throw failure("cannot store a new secret in " + id, e);
    }
  }

  @Override
  public Optional<TsigKey> current(Name name) {
    String id = secretId(name);
    try {
      GetSecretValueResponse value = client.getSecretValue(r -> r.secretId(id));
      return Optional.of(SecretJson.parse(name, value.secretString()));
    } catch (ResourceNotFoundException | InvalidRequestException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("cannot read secret " + id, e);
    }
  }

  @Override
  public List<Entry> list() {
    List<Entry> entries = new ArrayList<>();
    try {
      List<SecretListEntry> secrets = client.listSecretsPaginator(r -> r.filters(f -> f
          .key(FilterNameStringType.NAME).values(prefix))).stream()
          .flatMap(page -> page.secretList().stream()).toList();
      for (SecretListEntry secret : secrets) {
        if (!secret.name().startsWith(prefix)) {
          continue;
        }
        KeyNames.fromText(secret.name().substring(prefix.length())).ifPresent(name ->
            entries.add(new Entry(name, current(name).map(TsigKey::algorithmName).orElse("?"),
                Optional.ofNullable(secret.lastChangedDate()))));
      }
    } catch (SdkException e) {
      throw failure("cannot list secrets under " + prefix, e);
    }
    entries.sort(Comparator.comparing(Entry::name));
    return entries;
  }

  @Override
  public boolean delete(Name name) {
    String id = secretId(name);
    try {
      client.deleteSecret(r -> r.secretId(id).forceDeleteWithoutRecovery(withoutRecovery));
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    } catch (SdkException e) {
      throw failure("cannot delete secret " + id, e);
    }
  }

  @Override
  public String describe() {
    return "Secrets Manager " + where + " (prefix " + prefix + ")";
  }

  private String secretId(Name name) {
    return prefix + KeyNames.require(name);
  }

  private IllegalStateException failure(String what, SdkException e) {
    return new IllegalStateException(describe() + ": " + what + ": " + e.getMessage(), e);
  }
}
