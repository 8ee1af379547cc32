package dev.ddns.adapter.secrets;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The Secrets Manager secrets under one prefix, one per stored name (id {@code prefix + name}):
 * the calls {@link SecretsManagerKeyVault} and {@link SecretsManagerTokens} share. Failures other
 * than the ones a method names are {@link IllegalStateException}s naming the store.
 */
final class PrefixedSecrets {
  /**
   * A secret under the prefix.
   *
   * @param name its id without the prefix
   * @param changed when it last changed, when known
   */
  record Listed(String name, Optional<Instant> changed) {}

  private final SecretsManagerClient client;
  private final String prefix;
  private final String where;
  private final boolean withoutRecovery;

  /**
   * @param where names the endpoint or region, for messages
   * @param withoutRecovery delete at once instead of after Secrets Manager's 7-day recovery
   *     window (during which the name cannot be reused)
   */
  PrefixedSecrets(SecretsManagerClient client, String prefix, String where,
      boolean withoutRecovery) {
    this.client = client;
    this.prefix = SecretsManagerKeyStore.Settings.checkPrefix(prefix);
    this.where = where;
    this.withoutRecovery = withoutRecovery;
  }

  /** The secret id of {@code name}. */
  String id(String name) {
    return prefix + name;
  }

  /**
   * Creates secret {@code id}.
   *
   * @throws ResourceExistsException when it exists
   */
  void create(String id, String value, String description) {
    try {
      client.createSecret(r -> r.name(id).secretString(value).description(description));
    } catch (ResourceExistsException e) {
      throw e;
    } catch (SdkException e) {
      throw failure("cannot create secret " + id, e);
    }
  }

  /**
   * Stores a new value of secret {@code id}.
   *
   * @throws ResourceNotFoundException when there is no such secret
   */
  void put(String id, String value) {
    try {
      client.putSecretValue(r -> r.secretId(id).secretString(value));
    } catch (ResourceNotFoundException e) {
      throw e;
    } catch (SdkException e) {
      throw failure("cannot store a new secret in " + id, e);
    }
  }

  /**
   * The current value of secret {@code id}; empty when it is missing or scheduled for deletion.
   *
   * @throws SdkException on any other failure, for the caller to report as it must
   */
  Optional<GetSecretValueResponse> current(String id) {
    try {
      return Optional.of(client.getSecretValue(r -> r.secretId(id)));
    } catch (ResourceNotFoundException | InvalidRequestException e) {
      return Optional.empty();
    }
  }

  /** Every secret under the prefix. */
  List<Listed> list() {
    try {
      return client.listSecretsPaginator(r -> r.filters(f -> f
          .key(FilterNameStringType.NAME).values(prefix))).stream()
          .flatMap(page -> page.secretList().stream())
          .filter(secret -> secret.name().startsWith(prefix))
          .map(secret -> new Listed(secret.name().substring(prefix.length()),
              Optional.ofNullable(secret.lastChangedDate())))
          .toList();
    } catch (SdkException e) {
      throw failure("cannot list secrets under " + prefix, e);
    }
  }

  /** Deletes secret {@code id}; false when there was none. */
  boolean delete(String id) {
    try {
      client.deleteSecret(r -> r.secretId(id).forceDeleteWithoutRecovery(withoutRecovery));
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    } catch (SdkException e) {
      throw failure("cannot delete secret " + id, e);
    }
  }

  /** Where the secrets are, for messages. */
  String describe() {
    return "Secrets Manager " + where + " (prefix " + prefix + ")";
  }

  /** A failure of {@code what}, naming the store. */
  IllegalStateException failure(String what, SdkException e) {
    return new IllegalStateException(describe() + ": " + what + ": " + e.getMessage(), e);
  }
}
