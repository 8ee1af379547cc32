package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.Dig;
import dev.ddns.testing.tools.DnsWire;
import dev.ddns.testing.tools.Dnspython;
import dev.ddns.testing.tools.Exec;
import dev.ddns.testing.tools.KeaDdns;
import dev.ddns.testing.tools.Nsupdate;
import dev.ddns.testing.tools.ServerUnderTest;
import dev.ddns.testing.tools.TestKey;
import dev.ddns.testing.tools.Tools;
import dev.ddns.testing.tools.TxtStrings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;

/**
 * Knot's knsupdate, BIND's nsupdate, dnspython, and through them the message shapes of clients
 * not installed here (certbot 2.6+, acme.sh); and ISC Kea's DHCP-DDNS. TXT data must come back
 * byte for byte through the query path, dig and AXFR; a TTL of 0 is a TTL like any other. The
 * setups are in docs/clients.md.
 */
class ClientsIT {
  /**
   * Several strings in one record: plain words, a string of the maximum 255 bytes, and every byte
   * value from 0 to 255, including {@code "}, {@code \}, control bytes and bytes above 127.
   */
  private static final TxtStrings DATA = TxtStrings.of(List.of(
      "several".getBytes(StandardCharsets.US_ASCII),
      "strings".getBytes(StandardCharsets.US_ASCII),
      longest(),
      bytes(0, 128),
      bytes(128, 256)));

  @TempDir static Path dir;
  private static TestKey key;
  private static ServerUnderTest server;

  /** A client that sends one update adding a TXT record. */
  enum Writer {
    NSUPDATE_TCP, KNSUPDATE_UDP, KNSUPDATE_TCP, DNSPYTHON_UDP, DNSPYTHON_TCP;

    void addTxt(String owner, long ttl, TxtStrings data) {
      String line = "update add " + owner + " " + ttl + " TXT " + data.presentation();
      switch (this) {
        case NSUPDATE_TCP -> assertUpdated(Nsupdate.run(Nsupdate.Auth.k(key),
            DnsWire.Transport.TCP, Nsupdate.script(server.dnsPort(), line)));
        case KNSUPDATE_UDP, KNSUPDATE_TCP -> assertUpdated(
            Exec.run(knsupdate(this == KNSUPDATE_TCP), Nsupdate.script(server.dnsPort(), line)));
        case DNSPYTHON_UDP, DNSPYTHON_TCP -> assertEquals("rcode NOERROR",
            Dnspython.signed(server.dnsPort(), key).addTxt(
                this == DNSPYTHON_TCP ? DnsWire.Transport.TCP : DnsWire.Transport.UDP,
                DemoZone.NAME, owner, ttl, data),
            server.diagnostics());
      }
    }
  }

  @BeforeAll
  static void start() {
    key = TestKey.generate(dir, "hmac-sha256", "clients-key.");
    server = ServerUnderTest.start(dir, List.of(key));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Writer.class)
  void txtDataAndTtlZeroComeBackExactlyFromQueryDigAndAxfr(Writer writer) {
    String owner = "bytes-" + writer.name().toLowerCase(Locale.ROOT).replace('_', '-') + "."
        + DemoZone.NAME;
    writer.addTxt(owner, 0, DATA);

    Dnspython.Answer answer = Dnspython.signed(server.dnsPort(), key)
        .query(DnsWire.Transport.TCP, "TXT", owner).get(0);
    assertEquals(List.of(owner + " 0 TXT " + DATA.hex()), answer.records(),
        "dnspython reads other bytes or TTL than were written");
    assertEquals(List.of(DATA.presentation()),
        Dig.run(server.dnsPort(), "+short", owner, "TXT").assertSuccess().output().lines()
            .toList(),
        "dig prints other text than BIND's escaping of the written bytes");
    assertEquals(List.of("0 " + DATA.hex()), axfrTxt(owner));
  }

  /**
   * certbot-dns-rfc2136 finds the zone by asking each parent of the challenge name for its SOA
   * with RD clear, and takes the first authoritative answer that holds it: signed in certbot
   * 1.32 to 2.5 (Debian 12 has 2.1.0), unsigned from 2.6 unless {@code dns_rfc2136_sign_query}.
   */
  @ParameterizedTest(name = "signed {0} over {1}")
  @CsvSource({"true, UDP", "true, TCP", "false, UDP", "false, TCP"})
  void zoneIsFoundBySoaQueriesAsCertbotSendsThem(boolean signed, DnsWire.Transport transport) {
    Dnspython client = signed
        ? Dnspython.signed(server.dnsPort(), key)
        : Dnspython.unsigned(server.dnsPort());

    List<Dnspython.Answer> answers =
        client.query(transport, "SOA", "_acme-challenge." + DemoZone.NAME, DemoZone.NAME);

    Dnspython.Answer below = answers.get(0);
    assertTrue(below.records().isEmpty(), "no SOA may be answered below the apex: " + below);
    assertEquals(signed, below.verified(), below.toString());
    Dnspython.Answer apex = answers.get(1);
    assertEquals("NOERROR", apex.rcode());
    assertTrue(apex.authoritative(), apex.toString());
    assertEquals(1, apex.records().size(), apex.toString());
    assertTrue(apex.records().get(0).startsWith(DemoZone.NAME + " 3600 SOA "), apex.toString());
    assertEquals(signed, apex.verified(), apex.toString());
  }

  /**
   * acme.sh's dns_nsupdate sends no {@code zone} line unless NSUPDATE_ZONE is set: nsupdate then
   * finds the zone with a signed SOA query for the name itself (NXDOMAIN, SOA in authority).
   * acme.sh removes its challenge with a delete of the whole TXT RRset.
   */
  @Test
  void nsupdateFindsTheZoneItselfAsAcmeShLetsIt() {
    String owner = "_acme-challenge.acme-sh." + DemoZone.NAME;
    String serverLine = "server 127.0.0.1 " + server.dnsPort() + "\n";
    assertUpdated(Nsupdate.run(Nsupdate.Auth.k(key), DnsWire.Transport.UDP,
        serverLine + "update add " + owner + " 60 in txt \"token\"\nsend\n"));
    assertEquals(List.of(owner + " 60 IN TXT \"token\""),
        Dig.answer(server.dnsPort(), owner, "TXT"));

    assertUpdated(Nsupdate.run(Nsupdate.Auth.k(key), DnsWire.Transport.UDP,
        serverLine + "update delete " + owner + " txt\nsend\n"));
    assertEquals(List.of(), Dig.answer(server.dnsPort(), owner, "TXT"));
  }

  /**
   * ISC Kea's DHCP-DDNS with RFC 4703 conflict resolution: it adds a client's A and DHCID records
   * while the name is unused, is refused another client's address for the same name (the DHCID
   * prerequisite fails), and removes the records when the lease ends.
   */
  @Test
  void keaDhcpDdnsAddsRefusesAnotherClientAndRemoves() throws IOException {
    String host = "kea-host." + DemoZone.NAME;
    String client = "010203040A7F8E3D";
    try (KeaDdns kea = KeaDdns.start(
        Files.createDirectory(dir.resolve("kea")), server.dnsPort(), key)) {
      assertOutcome("DHCP_DDNS_ADD_SUCCEEDED", kea,
          kea.request(KeaDdns.Change.ADD, host, "192.0.2.5", client));
      assertEquals(List.of(host + " 1300 IN A 192.0.2.5"), Dig.answer(server.dnsPort(), host, "A"));
      assertEquals(List.of(host + " 1300 IN DHCID AQIDBAp/jj0="),
          Dig.answer(server.dnsPort(), host, "DHCID"));

      String refused = kea.request(KeaDdns.Change.ADD, host, "192.0.2.99", "0A0B0C0D0E0F");
      assertOutcome("DHCP_DDNS_ADD_FAILED", kea, refused);
      // RCODE 8 is NXRRSET: the first client's DHCID is not the one the prerequisite names
      assertOutcome("rejected a DNS update request to replace the address mapping for FQDN, "
          + host + ", with an RCODE: 8", kea, refused);
      assertEquals(List.of(host + " 1300 IN A 192.0.2.5"), Dig.answer(server.dnsPort(), host, "A"));

      assertOutcome("DHCP_DDNS_REMOVE_SUCCEEDED", kea,
          kea.request(KeaDdns.Change.REMOVE, host, "192.0.2.5", client));
      assertEquals(List.of(), Dig.answer(server.dnsPort(), host, "A"));
      assertEquals(List.of(), Dig.answer(server.dnsPort(), host, "DHCID"));
    }
  }

  private static void assertOutcome(String expected, KeaDdns kea, String outcome) {
    assertTrue(outcome.contains(expected), "expected " + expected + ", got: " + outcome + "\n"
        + kea.diagnostics() + "\n" + server.diagnostics());
  }

  private static List<String> axfrTxt(String owner) {
    List<String> found = new ArrayList<>();
    for (Record record : ZoneSnapshot.axfr(DemoZone.NAME, server.dnsPort(), key.tsig())) {
      if (record instanceof TXTRecord txt && record.getName().toString().equals(owner)) {
        found.add(txt.getTTL() + " " + TxtStrings.of(txt.getStringsAsByteArrays()).hex());
      }
    }
    assertFalse(found.isEmpty(), owner + " is missing from the AXFR");
    return found;
  }

  private static List<String> knsupdate(boolean tcp) {
    List<String> command = new ArrayList<>(List.of(Tools.knsupdate().toString()));
    if (tcp) {
      command.add("-v");
    }
    command.addAll(List.of("-y", key.yArgument()));
    return command;
  }

  private static void assertUpdated(Exec.Result result) {
    assertEquals(0, result.exitCode(), result.describe() + "\n" + server.diagnostics());
  }

  private static byte[] longest() {
    byte[] string = new byte[255];
    for (int i = 0; i < string.length; i++) {
      string[i] = (byte) ('a' + i % 26);
    }
    return string;
  }

  private static byte[] bytes(int from, int to) {
    byte[] string = new byte[to - from];
    for (int i = from; i < to; i++) {
      string[i - from] = (byte) i;
    }
    return string;
  }
}
