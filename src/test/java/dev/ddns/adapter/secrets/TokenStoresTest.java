package dev.ddns.adapter.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.port.HashedToken;
import dev.ddns.core.port.StoreException;
import dev.ddns.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The dyndns2 token stores: the hash never holds the secret, names that are not token names are
 * never looked up, the key directory and Secrets Manager (through the real SDK client against
 * {@link FakeSecretsManager}) keep and find tokens, misses are cached, failures are failures.
 */
class TokenStoresTest {
  static final byte[] SALT = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  static final String SECRET = "s3cret-token-value-s3cret-token-value-s3cr";

  @TempDir Path dir;

  @Test
  void theStoredFormHoldsNeitherTheSecretNorAnythingThatMatchesAnotherSecret() {
    HashedToken token = HashedToken.of("router", SECRET, SALT);
    String json = TokenJson.format(token);
    assertFalse(json.contains(SECRET), json);
    HashedToken read = TokenJson.parse("router", json);
    assertTrue(read.matches(SECRET));
    assertFalse(read.matches(SECRET + "x"));
    assertFalse(read.matches(""));
    assertFalse(java.util.Arrays.equals(token.digest(), HashedToken.of("router", SECRET,
        "another-salt-000".getBytes(StandardCharsets.UTF_8)).digest()), "salted");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../keys/x", "a/b", "a..b", "a.", ".a", "-a", "", "a b", "ä",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
  void namesThatAreNotTokenNamesAreNeverLookedUp(String name) {
    assertEquals(Optional.empty(), HashedToken.name(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"router", "Router-1", "home.router", "a_b", "0"})
  void tokenNames(String name) {
    assertEquals(Optional.of(name.toLowerCase(java.util.Locale.ROOT)), HashedToken.name(name));
  }

  @Test
  void aKeyDirectoryKeepsTokensOwnerOnlyAndFindsThemOnEveryLookup() throws Exception {
    TokenDirectory tokens = new TokenDirectory(dir);
    assertEquals(Optional.empty(), tokens.find("router"));
    tokens.create(HashedToken.of("router", SECRET, SALT));
    Path file = dir.resolve("router.token");
    assertEquals(PosixFilePermissions.fromString("rw-------"),
        Files.getPosixFilePermissions(file));
    assertTrue(tokens.find("router").orElseThrow().matches(SECRET));
    assertThrows(IllegalStateException.class,
        () -> tokens.create(HashedToken.of("router", "other", SALT)));
    assertEquals(List.of("router"), tokens.list().stream().map(TokenVault.Entry::name).toList());
    Files.writeString(file, "not json");
    assertThrows(StoreException.class, () -> tokens.find("router"));
    assertTrue(tokens.delete("router"));
    assertFalse(tokens.delete("router"));
    assertEquals(Optional.empty(), tokens.find("router"));
  }

  @Test
  void secretsManagerKeepsTokensAndCachesLookupsFoundOrNot() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
    try (FakeSecretsManager fake = FakeSecretsManager.start(clock::instant);
        SecretsManagerClient client = SecretsManagerClients.create(
            Optional.of(fake.endpoint()), Optional.empty())) {
      SecretsManagerTokens tokens = new SecretsManagerTokens(client,
          SecretsManagerTokens.DEFAULT_PREFIX, "test", true, clock, Duration.ofSeconds(60));
      assertEquals(Optional.empty(), tokens.find("router"));
      tokens.create(HashedToken.of("router", SECRET, SALT));
      assertTrue(fake.names().contains("ddns/token/router"), fake.names()::toString);
      assertEquals(Optional.empty(), tokens.find("router"), "the miss is cached");
      int calls = fake.calls("GetSecretValue");
      clock.advance(Duration.ofSeconds(61));
      assertTrue(tokens.find("router").orElseThrow().matches(SECRET));
      assertTrue(tokens.find("router").orElseThrow().matches(SECRET));
      assertEquals(calls + 1, fake.calls("GetSecretValue"), "one call per cache period");
      assertEquals(List.of("router"), tokens.list().stream().map(TokenVault.Entry::name)
          .toList());
      fake.throttle();
      clock.advance(Duration.ofSeconds(61));
      assertThrows(StoreException.class, () -> tokens.find("router"));
      fake.stopThrottling();
      assertTrue(tokens.delete("router"));
    }
  }
}
