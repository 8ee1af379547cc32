package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.Dig;
import dev.ddns.testing.tools.DnsWire;
import dev.ddns.testing.tools.Exec;
import dev.ddns.testing.tools.Nsupdate;
import dev.ddns.testing.tools.Pebble;
import dev.ddns.testing.tools.ServerUnderTest;
import dev.ddns.testing.tools.TestKey;
import dev.ddns.testing.tools.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real ACME DNS-01 issuance through ddns local: lego (rfc2136 provider) and certbot
 * (certbot-dns-rfc2136) get a certificate for the apex and the wildcard from pebble, which looks
 * the challenge TXT records up through the relay. Both names share one
 * {@code _acme-challenge} owner, so the two challenge values meet in one RRset.
 */
class AcmeIssuanceIT {
  private static final String CHALLENGE = "_acme-challenge." + DemoZone.NAME;
  private static final Set<String> NAMES = Set.of("example.test", "*.example.test");
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(90);

  @TempDir static Path dir;
  private static TestKey acmeKey;
  private static ServerUnderTest server;
  private static Pebble pebble;

  @BeforeAll
  static void start() throws IOException {
    acmeKey = TestKey.generate(dir, "hmac-sha256", "acme-key.");
    server = ServerUnderTest.start(dir, List.of(acmeKey));
    pebble = Pebble.start(Files.createDirectory(dir.resolve("pebble")), server.dnsPort());
  }

  @AfterAll
  static void stop() {
    if (pebble != null) {
      pebble.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /**
   * lego solves one authorization after the other (its rfc2136 provider is "sequential"), and
   * each Present is one update that deletes the whole TXT RRset and adds the new value; so a
   * value left behind by a crashed run is gone too.
   */
  @Test
  void legoGetsCertificateForApexAndWildcard() {
    replaceChallengeRecords("\"left behind by a crashed client\"");
    Path legoDir = dir.resolve("lego");
    Exec.Result lego = Exec.run(List.of(Tools.lego().toString(),
            "--server", pebble.directory(), "--accept-tos", "--email", "acme@example.test",
            "--path", legoDir.toString(),
            "--dns", "rfc2136", "--dns.resolvers", "127.0.0.1:" + server.dnsPort(),
            // the propagation check asks the zone's NS hosts, found by the system resolver
            "--dns.disable-cp",
            "-d", "example.test", "-d", "*.example.test", "run"),
        Map.of("LEGO_CA_CERTIFICATES", pebble.tlsTrust().toString(),
            "RFC2136_NAMESERVER", "127.0.0.1:" + server.dnsPort(),
            "RFC2136_TSIG_KEY", acmeKey.name(),
            "RFC2136_TSIG_ALGORITHM", acmeKey.algorithm() + ".",
            "RFC2136_TSIG_SECRET", acmeKey.secret(),
            "RFC2136_POLLING_INTERVAL", "1",
            "RFC2136_SEQUENCE_INTERVAL", "0"),
        "", CLIENT_TIMEOUT);

    assertIssued(lego, legoDir.resolve("certificates").resolve("example.test.crt"));
    assertEquals(List.of(), challengeRecords(), "lego left challenge records behind");
  }

  /**
   * certbot adds both challenge values before pebble validates either, finds the zone by signed
   * SOA queries (Debian's 2.1.0 signs them; certbot 2.6 and later do not, see ClientsIT), and
   * cleans up with value-specific deletes that leave other values of the RRset alone.
   */
  @Test
  void certbotGetsCertificateForApexAndWildcard() throws IOException {
    replaceChallengeRecords("\"another client's token\"");
    Path certbotDir = dir.resolve("certbot");
    Exec.Result certbot = Exec.run(List.of(Tools.certbot().toString(), "certonly",
            "--non-interactive", "--agree-tos", "--register-unsafely-without-email",
            "--server", pebble.directory(),
            "--config-dir", certbotDir.resolve("config").toString(),
            "--work-dir", certbotDir.resolve("work").toString(),
            "--logs-dir", certbotDir.resolve("logs").toString(),
            "--dns-rfc2136", "--dns-rfc2136-credentials", certbotCredentials().toString(),
            "--dns-rfc2136-propagation-seconds", "0",
            "-d", "example.test", "-d", "*.example.test"),
        Map.of("REQUESTS_CA_BUNDLE", pebble.tlsTrust().toString()),
        "", CLIENT_TIMEOUT);

    assertIssued(certbot, certbotDir.resolve("config/live/example.test/cert.pem"));
    String log = Files.readString(certbotDir.resolve("logs/letsencrypt.log"));
    assertTrue(log.contains("No authoritative SOA record found for _acme-challenge.example.test")
        && log.contains("Received authoritative SOA response for example.test"),
        "certbot did not find the zone by SOA queries:\n" + log);
    assertBothAddedBeforeEitherDeleted(log);
    assertEquals(List.of(CHALLENGE + " 120 IN TXT \"another client's token\""),
        challengeRecords(), "certbot's cleanup must remove exactly its own values");
  }

  private static void assertIssued(Exec.Result client, Path certificatePem) {
    assertEquals(0, client.exitCode(), client.describe() + "\n" + pebble.diagnostics() + "\n"
        + server.diagnostics());
    IssuedCertificate certificate = IssuedCertificate.read(certificatePem);
    assertEquals(NAMES, certificate.dnsNames());
    assertTrue(certificate.issuer().contains("Pebble Intermediate CA"), certificate.issuer());
  }

  private static void assertBothAddedBeforeEitherDeleted(String log) {
    List<String> steps = new ArrayList<>();
    for (String line : log.split("\n")) {
      if (line.contains("Successfully added TXT record")) {
        steps.add("add");
      } else if (line.contains("Successfully deleted TXT record")) {
        steps.add("delete");
      }
    }
    assertEquals(List.of("add", "add", "delete", "delete"), steps, log);
  }

  private static Path certbotCredentials() throws IOException {
    Path file = dir.resolve("rfc2136.ini");
    Files.writeString(file, String.join("\n",
        "dns_rfc2136_server = 127.0.0.1",
        "dns_rfc2136_port = " + server.dnsPort(),
        "dns_rfc2136_name = " + acmeKey.name(),
        "dns_rfc2136_secret = " + acmeKey.secret(),
        "dns_rfc2136_algorithm = " + acmeKey.algorithm().toUpperCase(Locale.ROOT),
        ""));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  /**
   * Leaves exactly one TXT record, {@code text}, at the challenge name, with certbot's TTL of
   * 120: an add with another TTL would change the TTL of the whole RRset (RFC 2136 §3.4.2.2).
   */
  private static void replaceChallengeRecords(String text) {
    Exec.Result result = Nsupdate.run(Nsupdate.Auth.k(acmeKey), DnsWire.Transport.TCP,
        Nsupdate.script(server.dnsPort(),
            "update delete " + CHALLENGE + " TXT",
            "update add " + CHALLENGE + " 120 TXT " + text));
    assertEquals(0, result.exitCode(), result.describe() + "\n" + server.diagnostics());
  }

  private static List<String> challengeRecords() {
    return Dig.answer(server.dnsPort(), CHALLENGE, "TXT");
  }
}
