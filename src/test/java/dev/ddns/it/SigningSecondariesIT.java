package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.testing.tools.BindSigner;
import dev.ddns.testing.tools.Closing;
import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.Dig;
import dev.ddns.testing.tools.DnsWire;
import dev.ddns.testing.tools.Exec;
import dev.ddns.testing.tools.FreePorts;
import dev.ddns.testing.tools.KnotSigner;
import dev.ddns.testing.tools.LocalDdns;
import dev.ddns.testing.tools.Nsupdate;
import dev.ddns.testing.tools.SignedZone;
import dev.ddns.testing.tools.TestKey;
import dev.ddns.testing.tools.ToolFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * DNSSEC by signing secondaries (docs/dnssec.md): {@code ddns local} stays the unsigned primary,
 * a BIND secondary with inline signing and a Knot secondary with automatic signing (NSEC3 both)
 * transfer from the relay on its NOTIFY, sign and serve. Each signer's answers are validated by
 * delv with that signer's key as the only trust anchor, and its whole zone, transferred out, by
 * dnssec-verify and ldns-verify-zone. The signers run infra/secondaries/named-signer.conf and
 * knot-signer.conf, as the docs give them to users.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SigningSecondariesIT {
  private static final Duration START = Duration.ofSeconds(30);
  /** Signing adds milliseconds here; the deadline allows for a busy machine. */
  private static final Duration PROPAGATION = Duration.ofSeconds(10);
  private static final String HOST = "signed." + DemoZone.NAME;

  private Path dir;
  private LocalDdns ddns;
  private BindSigner bind;
  private KnotSigner knot;
  private SignedZone bindZone;
  private SignedZone knotZone;

  @BeforeAll
  void start() throws IOException {
    dir = Files.createTempDirectory("signing-it-");
    int bindPort = FreePorts.tcpAndUdp();
    int knotPort = FreePorts.tcpAndUdp();
    ddns = LocalDdns.start(dir, List.of(), List.of("--notify",
        "127.0.0.1:" + bindPort + ",127.0.0.1:" + knotPort));
    TestKey key = ddns.localKey();
    bind = new BindSigner(folder("bind"), bindPort, ddns.dnsPort(), key, ddns.notifyKey());
    knot = new KnotSigner(folder("knot"), knotPort, ddns.dnsPort(), key, ddns.notifyKey());
    bind.start(START);
    knot.start(START);
    bindZone = SignedZone.await(bind, dir.resolve("bind-anchor.conf"), START);
    knotZone = SignedZone.await(knot, dir.resolve("knot-anchor.conf"), START);
  }

  @AfterAll
  void stop() {
    Closing.all(bind, knot, ddns);
  }

  private Path folder(String name) throws IOException {
    return Files.createDirectories(dir.resolve(name));
  }

  private void nsupdate(String... updateLines) {
    Nsupdate.run(Nsupdate.Auth.k(ddns.localKey()), DnsWire.Transport.UDP,
        Nsupdate.script(ddns.dnsPort(), updateLines)).assertSuccess();
  }

  @Test
  @Order(1)
  void anUpdateThroughTheRelayIsServedSignedAndValidatesAtBothSigners() {
    nsupdate("update add " + HOST + " 300 A 192.0.2.80",
        "update add " + HOST + " 300 TXT \"signed by the secondary\"");
    for (SignedZone zone : List.of(bindZone, knotZone)) {
      zone.awaitValidation(HOST, "A", v -> v.fullyValidated()
          && v.answers(HOST, "A", "192.0.2.80"), PROPAGATION);
      zone.awaitValidation(HOST, "TXT", SignedZone.Validation::fullyValidated, PROPAGATION);
    }
    for (SignedZone zone : List.of(bindZone, knotZone)) {
      List<String> records = zone.verifyTransfer();
      assertTrue(records.stream().anyMatch(l -> l.startsWith(HOST + " 300 IN RRSIG A 13 ")),
          String.join("\n", records));
      assertTrue(records.stream().anyMatch(l -> l.contains(" IN NSEC3PARAM 1 0 0 -")),
          String.join("\n", records));
    }
    assertTrue(Dig.answer(ddns.dnsPort(), DemoZone.NAME, "DNSKEY").isEmpty(),
        "ddns, the hidden primary, stays unsigned");
  }

  @Test
  @Order(2)
  void aDeletedNameIsDeniedWithValidatedNsec3AtBothSigners() {
    nsupdate("update delete " + HOST);
    for (SignedZone zone : List.of(bindZone, knotZone)) {
      SignedZone.Validation denial = zone.awaitValidation(HOST, "A",
          SignedZone.Validation::validatedNxdomain, PROPAGATION);
      assertFalse(denial.nsec3().isEmpty(), denial.output());
      assertTrue(denial.nsec3().stream().allMatch(l -> l.contains(" NSEC3 1 0 0 - ")),
          "SHA-1, no opt-out, no extra iterations, no salt:\n" + denial.output());
      List<String> records = zone.verifyTransfer();
      assertTrue(records.stream().noneMatch(l -> l.startsWith(HOST + " ")),
          String.join("\n", records));
    }
  }

  /**
   * The zone checks are not vacuous: each signer's zone, transferred and then altered in one
   * address (ns1's A record, signature kept), fails both verifiers.
   */
  @Test
  @Order(3)
  void aSignedZoneAlteredAfterTransferFailsBothVerifiers() {
    for (SignedZone zone : List.of(bindZone, knotZone)) {
      Path file = zone.transfer();
      String text = SignedZone.read(file);
      String altered = text.replaceFirst("(?m)^(ns1\\.example\\.test\\.\\s+\\d+\\s+IN\\s+A\\s+)"
          + "127\\.0\\.0\\.1$", "$1127.0.0.2");
      assertNotEquals(text, altered, "the transfer has ns1's address:\n" + text);
      ToolFiles.write(file, altered);
      List<Exec.Result> verdicts = SignedZone.verifiers(file);
      Exec.Result dnssecVerify = verdicts.get(0);
      Exec.Result ldns = verdicts.get(1);
      assertNotEquals(0, dnssecVerify.exitCode(), dnssecVerify.describe());
      assertTrue(dnssecVerify.output().contains("No correct ECDSAP256SHA256 signature for "
          + "ns1.example.test A"), dnssecVerify.describe());
      assertNotEquals(0, ldns.exitCode(), ldns.describe());
      assertTrue(ldns.output().matches("(?s).*Bogus DNSSEC signature for ns1\\.example\\.test\\."
          + "\\s+A.*"), ldns.describe());
    }
  }

  /** The validations are not vacuous: with the other signer's key as anchor nothing validates. */
  @Test
  @Order(4)
  void theOtherSignersKeyValidatesNothing() {
    String ns1 = "ns1." + DemoZone.NAME;
    SignedZone.Validation crossed = bindZone.validate(ns1, "A", knotZone.anchor());
    assertFalse(crossed.fullyValidated(), crossed.output());
    assertTrue(crossed.output().contains("resolution failed"), crossed.output());
    crossed = knotZone.validate(ns1, "A", bindZone.anchor());
    assertFalse(crossed.fullyValidated(), crossed.output());
    assertTrue(crossed.output().contains("resolution failed"), crossed.output());
    assertTrue(bindZone.validate(ns1, "A").fullyValidated());
    assertTrue(knotZone.validate(ns1, "A").fullyValidated());
  }
}
