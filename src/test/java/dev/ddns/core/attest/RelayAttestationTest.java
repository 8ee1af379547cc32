package dev.ddns.core.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RelayAttestationTest {
  private static final Instant NOW = Instant.parse("2026-12-02T04:00:00Z");
  private static final TsigKey RELAY = TsigKey.of("_relay.site1.", "hmac-sha256",
      "cmVsYXktc2VjcmV0LXJlbGF5LXNlY3JldC1yZWxheS0=");
  private static final byte[] MESSAGE = "a DNS message".getBytes(StandardCharsets.UTF_8);
  private static final RelayAttestation.Facts FACTS = new RelayAttestation.Facts(
      "192.0.2.1:5353", "udp", Optional.of("1232"), Optional.empty());

  private final RelayAttestation verifier = new RelayAttestation(
      new StaticKeyStore(List.of(RELAY)), new MutableClock(NOW));

  @Test
  void theCanonicalStringIsOneLinePerFact() throws Exception {
    String text = new String(RelayAttestation.canonical(RELAY.name(), 1234, FACTS, MESSAGE),
        StandardCharsets.UTF_8);
    String hash = java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(MESSAGE));
    assertEquals(String.join("\n", "ddns-relay-attestation-1", "_relay.site1.", "1234",
        "192.0.2.1:5353", "udp", "1232", "", hash), text);
  }

  @Test
  void whatTheRelaySignsVerifies() {
    RelayAttestation.Result result =
        verifier.verify(RelayAttestation.sign(RELAY, NOW, FACTS, MESSAGE), FACTS, MESSAGE);
    assertEquals(RELAY.name(), ((RelayAttestation.Attested) result).relay());
    assertEquals(NOW.plusSeconds(300), ((RelayAttestation.Attested) result).validUntil());
  }

  static Stream<Arguments> changes() {
    return Stream.of(
        Arguments.of("the client", (UnaryOperator<RelayAttestation.Facts>) f ->
            new RelayAttestation.Facts("192.0.2.2:5353", f.transport(), f.udpLimit(),
                f.continuation())),
        Arguments.of("the transport", (UnaryOperator<RelayAttestation.Facts>) f ->
            new RelayAttestation.Facts(f.client(), "tcp", f.udpLimit(), f.continuation())),
        Arguments.of("the UDP limit", (UnaryOperator<RelayAttestation.Facts>) f ->
            new RelayAttestation.Facts(f.client(), f.transport(), Optional.of("65535"),
                f.continuation())),
        Arguments.of("the UDP limit dropped", (UnaryOperator<RelayAttestation.Facts>) f ->
            new RelayAttestation.Facts(f.client(), f.transport(), Optional.empty(),
                f.continuation())),
        Arguments.of("a page token added", (UnaryOperator<RelayAttestation.Facts>) f ->
            new RelayAttestation.Facts(f.client(), f.transport(), f.udpLimit(),
                Optional.of("token"))),
        Arguments.of("a line break smuggled in", (UnaryOperator<RelayAttestation.Facts>) f ->
            new RelayAttestation.Facts(f.client() + "\nudp", f.transport(), f.udpLimit(),
                f.continuation())));
  }

  @ParameterizedTest(name = "changing {0} breaks the attestation")
  @MethodSource("changes")
  void everyFactIsSigned(String what, UnaryOperator<RelayAttestation.Facts> change) {
    String header = RelayAttestation.sign(RELAY, NOW, FACTS, MESSAGE);
    assertTrue(verifier.verify(header, change.apply(FACTS), MESSAGE)
        instanceof RelayAttestation.Rejected);
  }

  @Test
  void onlyRelayKeysSign() {
    TsigKey tsig = TsigKey.of("updater.example.", "hmac-sha256", RELAY.base64Secret());
    assertThrows(IllegalArgumentException.class,
        () -> RelayAttestation.sign(tsig, NOW, FACTS, MESSAGE));
    TsigKey sha512 = TsigKey.of("_relay.site1.", "hmac-sha512", RELAY.base64Secret());
    assertThrows(IllegalArgumentException.class,
        () -> RelayAttestation.sign(sha512, NOW, FACTS, MESSAGE));
  }

  @Test
  void aKeyNameOutsideTheRelayNamesIsRejectedWithoutALookup() {
    RelayAttestation.Result result = new RelayAttestation(name -> {
      throw new AssertionError("looked up " + name);
    }, new MutableClock(NOW)).verify("updater.example.;" + NOW.getEpochSecond() + ";AAAA",
        FACTS, MESSAGE);
    assertEquals(new RelayAttestation.Rejected("key updater.example. is not a relay key name"),
        result);
  }
}
