package dev.ddns.core.attest;

import dev.ddns.core.tsig.KeyStore;
import dev.ddns.core.tsig.TsigKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The relay's attestation of the facts the endpoint cannot see for itself: the client's address
 * and port, its transport and the UDP size the relay passes (docs/relay.md). The relay sends
 * {@code KEY;TIME;MAC}: the relay key's name, the signing time in seconds since the epoch, and
 * the base64 HMAC-SHA256, under that key, of the {@linkplain #canonical canonical string} of the
 * facts, the time and the SHA-256 of the DNS message. The endpoint accepts it only when the key is
 * a relay key it knows ({@link RelayKeyNames}), the MAC matches and the time is within {@link
 * #WINDOW} of its own clock. The body hash stops an attestation from vouching for another message;
 * the window bounds how long a captured one can be sent again (with the same message, from the
 * same client: what a retransmission is).
 */
public final class RelayAttestation {
  /** The first line of the canonical string; a new format gets a new one. */
  public static final String VERSION = "ddns-relay-attestation-1";
  /** How far the signing time may be from the endpoint's clock, either way. */
  public static final Duration WINDOW = Duration.ofSeconds(300);
  /** The only MAC algorithm of attestations. */
  public static final String ALGORITHM = "hmac-sha256";

  private static final String JCA_MAC = "HmacSHA256";

  /**
   * What the relay attests, as the header values it sends.
   *
   * @param client the client's socket address as the relay saw it
   * @param transport {@code udp} or {@code tcp}
   * @param udpLimit the UDP size header, when sent
   * @param continuation the transfer page token, when sent
   */
  public record Facts(String client, String transport, Optional<String> udpLimit,
      Optional<String> continuation) {
    public Facts {
      Objects.requireNonNull(client, "client");
      Objects.requireNonNull(transport, "transport");
      Objects.requireNonNull(udpLimit, "udpLimit");
      Objects.requireNonNull(continuation, "continuation");
    }
  }

  /** What verification found. */
  public sealed interface Result permits Attested, Rejected {}

  /**
   * The facts are attested by the relay whose key is {@code relay}, with {@code mac}, signed at
   * {@code signedAt}: what identifies this request, and every copy of it, for its replay record
   * when it is an unsigned update (docs/relay.md).
   */
  public record Attested(Name relay, byte[] mac, Instant signedAt) implements Result {
    public Attested {
      Objects.requireNonNull(relay, "relay");
      Objects.requireNonNull(signedAt, "signedAt");
      mac = mac.clone();
    }

    @Override
    public byte[] mac() {
      return mac.clone();
    }

    /** When the attestation stops verifying: {@link #WINDOW} after it was made. */
    public Instant validUntil() {
      return signedAt.plus(WINDOW);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Attested a && relay.equals(a.relay) && Arrays.equals(mac, a.mac)
          && signedAt.equals(a.signedAt);
    }

    @Override
    public int hashCode() {
      return Objects.hash(relay, Arrays.hashCode(mac), signedAt);
    }

    @Override
    public String toString() {
      return "Attested[" + relay + " at " + signedAt + "]";
    }
  }

  /** The attestation does not hold; the facts must be ignored. */
  public record Rejected(String reason) implements Result {}

  private final KeyStore relayKeys;
  private final Clock clock;

  /** Verifies with the relay keys among {@code keys}, against {@code clock}. */
  public RelayAttestation(KeyStore keys, Clock clock) {
    this.relayKeys = RelayKeyNames.relayKeys(keys);
    this.clock = clock;
  }

  /** A verifier that knows no relay key: every attestation is rejected. */
  public static RelayAttestation none(Clock clock) {
    return new RelayAttestation(name -> Optional.empty(), clock);
  }

  /** The header value attesting {@code facts} for {@code message}, signed at {@code time}. */
  public static String sign(TsigKey key, Instant time, Facts facts, byte[] message) {
    if (!RelayKeyNames.isRelayKey(key.name()) || !key.algorithmName().equals(ALGORITHM)) {
      throw new IllegalArgumentException("key " + key.name() + " is not a relay key: relay keys "
          + "are " + ALGORITHM + " keys named " + RelayKeyNames.LABEL + ".NAME (docs/relay.md)");
    }
    long seconds = time.getEpochSecond();
    return key.name().toString().toLowerCase(Locale.ROOT) + ";" + seconds + ";"
        + Base64.getEncoder().encodeToString(mac(key, canonical(key.name(), seconds, facts,
            message)));
  }

  /** Checks {@code header} against {@code facts} and {@code message}. */
  public Result verify(String header, Facts facts, byte[] message) {
    String[] parts = header.trim().split(";", -1);
    if (parts.length != 3) {
      return new Rejected("not KEY;TIME;MAC");
    }
    Name key;
    long seconds;
    byte[] mac;
    try {
      key = Name.fromString(parts[0].trim());
      seconds = Long.parseLong(parts[1].trim());
      mac = Base64.getDecoder().decode(parts[2].trim());
    } catch (TextParseException | IllegalArgumentException e) {
      return new Rejected("not KEY;TIME;MAC: " + e.getMessage());
    }
    if (hasLineBreak(facts)) {
      return new Rejected("a fact holds a line break");
    }
    if (!key.isAbsolute() || !RelayKeyNames.isRelayKey(key)) {
      return new Rejected("key " + key + " is not a relay key name");
    }
    long now = clock.instant().getEpochSecond();
    if (Math.abs(now - seconds) > WINDOW.toSeconds()) {
      return new Rejected("signed at " + seconds + ", outside " + WINDOW.toSeconds()
          + " s of " + now);
    }
    List<TsigKey> keys = relayKeys.candidates(key);
    if (keys.isEmpty()) {
      return new Rejected("unknown relay key " + key);
    }
    byte[] canonical = canonical(key, seconds, facts, message);
    for (TsigKey candidate : keys) {
      if (candidate.algorithmName().equals(ALGORITHM)
          && MessageDigest.isEqual(mac(candidate, canonical), mac)) {
        return new Attested(candidate.name(), mac, Instant.ofEpochSecond(seconds));
      }
    }
    return new Rejected("MAC does not verify under relay key " + key);
  }

  /**
   * The signed text, one line each: {@link #VERSION}, the key name in lower case, the time, the
   * client, the transport, the UDP size, the page token (empty when absent) and the hex SHA-256 of
   * the message. A header value holds no line break, so no field can pose as another.
   */
  static byte[] canonical(Name key, long seconds, Facts facts, byte[] message) {
    String text = String.join("\n", VERSION, key.toString().toLowerCase(Locale.ROOT),
        Long.toString(seconds), facts.client(), facts.transport(), facts.udpLimit().orElse(""),
        facts.continuation().orElse(""), HexFormat.of().formatHex(sha256(message)));
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean hasLineBreak(Facts facts) {
    return java.util.stream.Stream.of(facts.client(), facts.transport(),
        facts.udpLimit().orElse(""), facts.continuation().orElse(""))
        .anyMatch(value -> value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0);
  }

  private static byte[] mac(TsigKey key, byte[] text) {
    try {
      Mac mac = Mac.getInstance(JCA_MAC);
      mac.init(new SecretKeySpec(key.secret(), JCA_MAC));
      return mac.doFinal(text);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
    }
  }

  private static byte[] sha256(byte[] message) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
