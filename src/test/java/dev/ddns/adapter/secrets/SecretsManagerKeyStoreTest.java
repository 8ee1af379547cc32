package dev.ddns.adapter.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.port.StoreException;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.RequestContext;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.core.tsig.TsigResult;
import dev.ddns.core.tsig.TsigVerifier;
import dev.ddns.testing.MutableClock;
import dev.ddns.testing.TestZone;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The Secrets Manager key store with the real SDK client against {@link FakeSecretsManager}:
 * lookups, caching (counted calls), rotation, name validation, throttling.
 */
class SecretsManagerKeyStoreTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final String PREFIX = "test/tsig/";
  private static final Duration TTL = Duration.ofSeconds(60);
  private static final Duration GRACE = Duration.ofHours(24);

  private static final MutableClock CLOCK = new MutableClock(START);
  private static FakeSecretsManager fake;
  private static SecretsManagerClient client;

  private final String prefix = PREFIX + System.nanoTime() + "/";

  @BeforeAll
  static void start() {
    fake = FakeSecretsManager.start(CLOCK::instant);
    client = SecretsManagerClients.create(Optional.of(fake.endpoint()), Optional.empty());
  }

  @AfterAll
  static void stop() {
    client.close();
    fake.close();
  }

  private SecretsManagerKeyStore store(int capacity) {
    return new SecretsManagerKeyStore(client,
        new SecretsManagerKeyStore.Settings(prefix, TTL, capacity, GRACE), CLOCK);
  }

  private static TsigKey key(String name, String algorithm, String secret) {
    return TsigKey.of(name, algorithm, java.util.Base64.getEncoder()
        .encodeToString(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** A key stored long enough ago that its grace window is over. */
  private TsigKey stored(String name) {
    TsigKey key = key(name, "hmac-sha256", "secret of " + name);
    fake.put(prefix + name, key);
    CLOCK.advance(GRACE.plusHours(1));
    return key;
  }

  private static int gets() {
    return fake.calls("GetSecretValue");
  }

  @Test
  void findsAKeyByItsSecretIdAndCachesIt() {
    TsigKey key = stored("acme.example");
    SecretsManagerKeyStore store = store(10);
    int before = gets();

    assertEquals(List.of(key), store.candidates(Name.fromConstantString("ACME.Example.")));
    assertEquals(1, gets() - before, "outside the grace window only AWSCURRENT is read");
    assertEquals(Optional.of(key), store.find(Name.fromConstantString("acme.example.")));
    assertEquals(1, gets() - before, "the second lookup is a cache hit");

    CLOCK.advance(TTL);
    assertEquals(List.of(key), store.candidates(Name.fromConstantString("acme.example.")));
    assertEquals(2, gets() - before, "an expired entry is read again");
  }

  @Test
  void anUnknownKeyIsEmptyAndTheMissIsCached() {
    SecretsManagerKeyStore store = store(10);
    int before = gets();
    Name unknown = Name.fromConstantString("nobody.example.");

    assertEquals(List.of(), store.candidates(unknown));
    assertEquals(List.of(), store.candidates(unknown));
    assertEquals(1, gets() - before);
    CLOCK.advance(TTL);
    assertEquals(List.of(), store.candidates(unknown));
    assertEquals(2, gets() - before);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {".", "space\\032in.example.", "dot\\.inside.example.", "*.example.",
      "star*.example.", "quote\\\".example.", "slash/.example.", "ümlaut.example."})
  void namesOutsideTheRulesCostNoCall(String text) throws Exception {
    SecretsManagerKeyStore store = store(10);
    int before = gets();
    assertEquals(List.of(), store.candidates(Name.fromString(text)));
    assertEquals(0, gets() - before);
  }

  @Test
  void afterARotationBothSecretsVerifyUntilTheGraceWindowEnds() {
    TsigKey old = stored("rotated.example");
    TsigKey fresh = key("rotated.example", "hmac-sha512", "the new secret");
    fake.put(prefix + "rotated.example", fresh);
    SecretsManagerKeyStore store = store(10);
    Name name = Name.fromConstantString("rotated.example.");

    CLOCK.advance(Duration.ofHours(1));
    assertEquals(List.of(fresh, old), store.candidates(name));

    CLOCK.advance(GRACE);
    assertEquals(List.of(fresh), store.candidates(name),
        "the cache entry ends with the grace window, and AWSPREVIOUS is no longer read");
  }

  @Test
  void withinTheGraceWindowThePreviousSecretIsReadOnlyWhenTheCurrentOneDoesNotVerify()
      throws Exception {
    TsigKey old = stored("lazy.example");
    TsigKey fresh = key("lazy.example", "hmac-sha256", "the new secret");
    fake.put(prefix + "lazy.example", fresh);
    TsigVerifier verifier = new TsigVerifier(store(10), CLOCK);
    int before = gets();

    assertEquals(fresh, verified(verifier, fresh));
    assertEquals(1, gets() - before, "the current secret verified: AWSCURRENT only");
    assertEquals(old, verified(verifier, old));
    assertEquals(2, gets() - before, "AWSPREVIOUS read once the current one did not verify");
    assertEquals(old, verified(verifier, old));
    assertEquals(fresh, verified(verifier, fresh));
    assertEquals(2, gets() - before, "both cached");
  }

  @Test
  void theVerifierAcceptsThePreviousSecretDuringTheGraceWindow() throws Exception {
    TsigKey old = stored("verify.example");
    TsigKey fresh = key("verify.example", "hmac-sha256", "the new secret");
    fake.put(prefix + "verify.example", fresh);
    TsigVerifier verifier = new TsigVerifier(store(10), CLOCK);

    assertEquals(old, verified(verifier, old));
    assertEquals(fresh, verified(verifier, fresh));
    TsigKey stranger = key("verify.example", "hmac-sha256", "nobody knows this");
    TsigResult result = verifier.verify(signed(stranger), signed(stranger).toWire());
    assertInstanceOf(TsigResult.Failed.class, result);
    assertEquals(Rcode.BADSIG, ((TsigResult.Failed) result).error());
  }

  private static TsigKey verified(TsigVerifier verifier, TsigKey key) throws Exception {
    byte[] wire = signed(key).toWire();
    TsigResult result = verifier.verify(new Message(wire), wire);
    return assertInstanceOf(TsigResult.Verified.class, result, result.toString()).key();
  }

  private static Message signed(TsigKey key) {
    try {
      Update update = new Update(TestZone.ZONE);
      update.add(Name.fromConstantString("www.example.test."), Type.A, 300, "192.0.2.99");
      key.signer(CLOCK).apply(update, null);
      return new Message(update.toWire());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void throttlingIsAStoreFailureAndNotCached() {
    TsigKey key = stored("throttled.example");
    SecretsManagerKeyStore store = store(10);
    Name name = Name.fromConstantString("throttled.example.");
    fake.throttle();
    try {
      StoreException e = assertThrows(StoreException.class, () -> store.candidates(name));
      assertTrue(e.getMessage().contains(prefix + "throttled.example"), e.getMessage());
    } finally {
      fake.stopThrottling();
    }
    assertEquals(List.of(key), store.candidates(name));
  }

  @Test
  void throttlingAnswersServfailNotBadkey() throws Exception {
    TsigKey key = stored("servfail.example");
    DnsService service = new DnsService(TestZone.store(), store(10), CLOCK);
    fake.throttle();
    try {
      Message response = new Message(service.handle(signed(key).toWire(),
          RequestContext.udp("test")).single());
      assertEquals(Rcode.SERVFAIL, response.getRcode());
    } finally {
      fake.stopThrottling();
    }
    Message response = new Message(service.handle(signed(key).toWire(),
        RequestContext.udp("test")).single());
    assertEquals(Rcode.NOERROR, response.getRcode(), response.toString());
  }

  @Test
  void aDeletedSecretIsAnUnknownKey() {
    stored("deleted.example");
    new SecretsManagerKeyVault(client, prefix, "test", false)
        .delete(Name.fromConstantString("deleted.example."));
    assertEquals(List.of(), store(10).candidates(Name.fromConstantString("deleted.example.")));
  }

  @Test
  void aMalformedSecretIsAnUnknownKey() {
    fake.putString(prefix + "malformed.example", "{\"algorithm\": \"hmac-sha256\"}");
    fake.putString(prefix + "notjson.example", "hmac-sha256:c2VjcmV0");
    fake.putString(prefix + "badalg.example", "{\"algorithm\": \"rot13\", \"secret\": \"c2VjcmV0\"}");
    CLOCK.advance(GRACE.plusHours(1));
    SecretsManagerKeyStore store = store(10);
    for (String name : List.of("malformed.example.", "notjson.example.", "badalg.example.")) {
      assertEquals(List.of(), store.candidates(Name.fromConstantString(name)), name);
    }
  }

  @Test
  void theCacheHoldsAtMostItsCapacity() {
    stored("one.example");
    stored("two.example");
    stored("three.example");
    SecretsManagerKeyStore store = store(2);
    int before = gets();
    for (String name : List.of("one", "two", "three", "one")) {
      store.candidates(Name.fromConstantString(name + ".example."));
    }
    assertEquals(4, gets() - before, "one. was evicted by three. and read again");
  }

  @Test
  void aPrefixWithCharactersSecretNamesLackIsRejected() {
    assertThrows(IllegalArgumentException.class, () ->
        new SecretsManagerKeyStore.Settings("ddns tsig/", TTL, 1, GRACE));
  }

  @Test
  void theDefaultsAreDocumented() {
    SecretsManagerKeyStore.Settings defaults = SecretsManagerKeyStore.Settings.defaults();
    assertEquals("ddns/tsig/", defaults.prefix());
    assertEquals("ddns/tsig/acme.example", defaults.secretId("acme.example"));
    assertEquals(TSIG.HMAC_SHA256, key("x.", "hmac-sha256", "s").algorithm());
  }
}
