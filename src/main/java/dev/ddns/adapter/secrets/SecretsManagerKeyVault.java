package dev.ddns.adapter.secrets;

import dev.ddns.core.tsig.TsigKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Keys as Secrets Manager secrets, laid out as {@link SecretsManagerKeyStore} reads them.
 * Rotation is {@code PutSecretValue}: Secrets Manager makes the new value {@code AWSCURRENT} and
 * moves the old one to {@code AWSPREVIOUS}.
 */
public final class SecretsManagerKeyVault implements KeyVault {
  private final PrefixedSecrets secrets;

  /**
   * @param where names the endpoint or region, for messages
   * @param withoutRecovery delete at once instead of after Secrets Manager's 7-day recovery
   *     window (during which the name cannot be reused)
   */
  public SecretsManagerKeyVault(SecretsManagerClient client, String prefix, String where,
      boolean withoutRecovery) {
    this.secrets = new PrefixedSecrets(client, prefix, where, withoutRecovery);
  }

  @Override
  public void create(TsigKey key) {
    String id = secretId(key.name());
    try {
      secrets.create(id, SecretJson.format(key),
          "TSIG key " + key.name() + " (" + key.algorithmName() + ") for ddns");
    } catch (ResourceExistsException e) {
      throw new IllegalStateException("key " + key.name() + " exists in " + describe()
          + " (secret " + id + "); use 'ddns key rotate' for a new secret", e);
    }
  }

  @Override
  public void rotate(TsigKey key) {
    try {
      secrets.put(secretId(key.name()), SecretJson.format(key));
    } catch (ResourceNotFoundException e) {
      throw new IllegalStateException("no key " + key.name() + " in " + describe()
          + "; create it with 'ddns key create'", e);
    }
  }

  @Override
  public Optional<TsigKey> current(Name name) {
    String id = secretId(name);
    try {
      return secrets.current(id).map(value -> SecretJson.parse(name, value.secretString()));
    } catch (SdkException e) {
      throw secrets.failure("cannot read secret " + id, e);
    }
  }

  @Override
  public List<Entry> list() {
    List<Entry> entries = new ArrayList<>();
    for (PrefixedSecrets.Listed secret : secrets.list()) {
      KeyNames.fromText(secret.name()).ifPresent(name -> entries.add(new Entry(name,
          current(name).map(TsigKey::algorithmName).orElse("?"), secret.changed())));
    }
    entries.sort(Comparator.comparing(Entry::name));
    return entries;
  }

  @Override
  public boolean delete(Name name) {
    return secrets.delete(secretId(name));
  }

  @Override
  public String describe() {
    return secrets.describe();
  }

  private String secretId(Name name) {
    return secrets.id(KeyNames.require(name));
  }
}
