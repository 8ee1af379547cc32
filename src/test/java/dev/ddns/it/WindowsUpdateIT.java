package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.testing.tools.Dig;
import dev.ddns.testing.tools.DnsWire;
import dev.ddns.testing.tools.Exec;
import dev.ddns.testing.tools.LocalDdnsPerClass;
import dev.ddns.testing.tools.Nsupdate;
import dev.ddns.testing.tools.Tools;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Issue 16, item 2, against {@code ddns local} as a process: the dynamic update a Windows DNS
 * client sends (docs/clients.md, "Windows DNS clients and DHCP servers"), built with dnspython
 * byte for byte as the capture shows, unsigned, through the relay over UDP and TCP. Refused with
 * an Extended DNS Error naming the policy line to add; applied once that address grant is there,
 * answered by dig through the relay and journaled "unsigned, from ADDRESS via relay R"; YXRRSET
 * with a CNAME at the host; a {@code tcp-only} grant ignores UDP. Hostile: an address outside every grant, a forged relay attestation,
 * a self-address client registering another host's address: each refused, the zone unchanged.
 * Clients send from their own loopback addresses (127.0.0.2 and up), so that grants tell them
 * apart from the HTTP peer 127.0.0.1.
 */
class WindowsUpdateIT {
  private static final String HOST = "win7";
  private static final String ADDRESS = "192.168.1.134";
  private static final String CLIENT = "127.0.0.2";
  private static final Pattern EDE = Pattern.compile("ede (\\d+) (.*)");

  @RegisterExtension
  static final LocalDdnsPerClass local = new LocalDdnsPerClass(List.of("--store", "dynamodb"));

  /** What the script saw: the request it sent, the rcode, the Extended DNS Errors. */
  private record Sent(byte[] request, String rcode, List<String> errors) {}

  private static Sent windowsUpdate(String source, DnsWire.Transport transport, String zone,
      String address, boolean edns) {
    List<String> command = new ArrayList<>(List.of(Tools.dnspython().toString(),
        script().toString(), "127.0.0.1", String.valueOf(local.ddns().dnsPort()), source,
        transport.name().toLowerCase(java.util.Locale.ROOT), zone, HOST, address));
    if (edns) {
      command.add("edns");
    }
    List<String> lines = Exec.run(command, "").assertSuccess().output().lines().toList();
    List<String> errors = new ArrayList<>();
    for (String line : lines.subList(2, lines.size())) {
      Matcher m = EDE.matcher(line);
      assertTrue(m.matches(), line);
      errors.add(m.group(1) + " " + m.group(2));
    }
    return new Sent(HexFormat.of().parseHex(value(lines.get(0), "request")),
        value(lines.get(1), "rcode"), errors);
  }

  private static String value(String line, String label) {
    assertTrue(line.startsWith(label + " "), line);
    return line.substring(label.length() + 1);
  }

  @Test
  void theSeedMessageIsRefusedNamingTheGrantThenAppliedOnceTheGrantIsThere() throws Exception {
    String zone = "r2.com.";
    createZone(zone);
    String owner = HOST + "." + zone;

    Sent plain = windowsUpdate(CLIENT, DnsWire.Transport.UDP, zone, ADDRESS, false);
    assertTheCapturedShape(plain.request(), owner);
    assertEquals("REFUSED", plain.rcode());
    assertEquals(List.of(), plain.errors(), "no EDNS, so no Extended DNS Error");
    Sent withEdns = windowsUpdate(CLIENT, DnsWire.Transport.UDP, zone, ADDRESS, true);
    assertEquals("REFUSED", withEdns.rcode());
    assertEquals(1, withEdns.errors().size(), withEdns.errors().toString());
    String fix = "grant address:" + CLIENT + "/32 name " + owner + " A";
    assertTrue(withEdns.errors().get(0).startsWith("18 ") // Prohibited, RFC 8914 §4.19
        && withEdns.errors().get(0).contains("add the policy line '" + fix + "'"),
        withEdns.errors().toString());
    assertEquals(List.of(), Dig.answer(local.ddns().dnsPort(), owner, "A"));

    setPolicy(zone, fix);
    assertEquals("NOERROR", windowsUpdate(CLIENT, DnsWire.Transport.UDP, zone, ADDRESS, false)
        .rcode());
    assertEquals(List.of(owner + " 1200 IN A " + ADDRESS),
        Dig.answer(local.ddns().dnsPort(), owner, "A"));
    assertEquals("NOERROR", windowsUpdate(CLIENT, DnsWire.Transport.TCP, zone, "192.168.1.135",
        false).rcode());
    assertEquals(List.of(owner + " 1200 IN A 192.168.1.135"),
        Dig.answer(local.ddns().dnsPort(), owner, "A"), "the A RRset replaced, not added to");

    String history = history(zone);
    Pattern udp = Pattern.compile("unsigned, from 127\\.0\\.0\\.2:\\d+ via relay "
        + "_relay\\.ddns-local-key\\.\\n\\+ win7\\.r2\\.com\\.\\s+1200\\s+IN\\s+A\\s+"
        + "192\\.168\\.1\\.134");
    Pattern tcp = Pattern.compile("unsigned, from 127\\.0\\.0\\.2:\\d+ via relay "
        + "_relay\\.ddns-local-key\\.\\n- win7\\.r2\\.com\\.\\s+1200\\s+IN\\s+A\\s+"
        + "192\\.168\\.1\\.134\\n\\+ win7\\.r2\\.com\\.\\s+1200\\s+IN\\s+A\\s+192\\.168\\.1\\.135");
    assertTrue(udp.matcher(history).find() && tcp.matcher(history).find(), history);
  }

  @Test
  void aCnameAtTheHostFailsThePrerequisite() {
    String zone = "r3.com.";
    createZone(zone);
    String owner = HOST + "." + zone;
    Exec.Result cname = Nsupdate.run(Nsupdate.Auth.k(local.ddns().localKey()),
        DnsWire.Transport.TCP,
        "server 127.0.0.1 " + local.ddns().dnsPort() + "\nzone " + zone + "\nupdate add " + owner
            + " 300 CNAME elsewhere." + zone + "\nsend\n");
    assertEquals(0, cname.exitCode(), cname.output());
    setPolicy(zone, "grant address:" + CLIENT + "/32 zonesub A");

    for (DnsWire.Transport transport : DnsWire.Transport.values()) {
      assertEquals("YXRRSET", windowsUpdate(CLIENT, transport, zone, ADDRESS, false).rcode(),
          transport.name());
    }

    assertEquals(List.of(owner + " 300 IN CNAME elsewhere." + zone),
        Dig.answer(local.ddns().dnsPort(), owner, "A"), "the CNAME alone: no A record was added");
  }

  @Test
  void anAddressOutsideEveryGrantAndAForgedAttestationAreRefused() throws Exception {
    String zone = "r4.com.";
    createZone(zone);
    String owner = HOST + "." + zone;
    setPolicy(zone, "grant address:" + CLIENT + "/32 zonesub A");
    String before = history(zone);

    for (DnsWire.Transport transport : DnsWire.Transport.values()) {
      assertEquals("REFUSED", windowsUpdate("127.0.0.3", transport, zone, ADDRESS, false).rcode(),
          "127.0.0.3 is in no grant, " + transport.name());
    }
    byte[] seed = windowsUpdate("127.0.0.3", DnsWire.Transport.UDP, zone, ADDRESS, false)
        .request();
    for (Optional<String> attestation : List.of(Optional.<String>empty(),
        Optional.of("_relay.ddns-local-key.;" + (System.currentTimeMillis() / 1000)
            + ";AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))) {
      assertEquals(Rcode.REFUSED, forgedPost(seed, attestation).getRcode(),
          "a direct POST claiming to be " + CLIENT + ", attestation " + attestation);
    }
    assertEquals(List.of(), Dig.answer(local.ddns().dnsPort(), owner, "A"));
    assertEquals(before, history(zone), "nothing journaled");

    assertEquals("NOERROR", windowsUpdate(CLIENT, DnsWire.Transport.UDP, zone, ADDRESS, false)
        .rcode(), "the granted address, through the relay");
  }

  @Test
  void aTcpOnlyGrantIgnoresUdp() {
    String zone = "r6.com.";
    createZone(zone);
    String owner = HOST + "." + zone;
    setPolicy(zone, "grant address:" + CLIENT + "/32 tcp-only zonesub A");

    assertEquals("REFUSED", windowsUpdate(CLIENT, DnsWire.Transport.UDP, zone, ADDRESS, false)
        .rcode(), "over UDP the source address proves nothing");
    assertEquals(List.of(), Dig.answer(local.ddns().dnsPort(), owner, "A"));
    assertEquals("NOERROR", windowsUpdate(CLIENT, DnsWire.Transport.TCP, zone, ADDRESS, false)
        .rcode(), "over TCP it does");
    assertEquals(List.of(owner + " 1200 IN A " + ADDRESS),
        Dig.answer(local.ddns().dnsPort(), owner, "A"));
  }

  @Test
  void aSelfAddressClientRegistersItsOwnAddressOnly() {
    String zone = "r5.com.";
    createZone(zone);
    String owner = HOST + "." + zone;
    setPolicy(zone, "grant address:127.0.0.0/8 self-address");

    for (DnsWire.Transport transport : DnsWire.Transport.values()) {
      assertEquals("REFUSED", windowsUpdate("127.0.0.4", transport, zone, ADDRESS, false).rcode(),
          "A data that is not the client's address, " + transport.name());
    }
    assertEquals(List.of(), Dig.answer(local.ddns().dnsPort(), owner, "A"));

    assertEquals("NOERROR", windowsUpdate("127.0.0.4", DnsWire.Transport.UDP, zone, "127.0.0.4",
        false).rcode(), "its own address");
    assertEquals("REFUSED", windowsUpdate("127.0.0.5", DnsWire.Transport.TCP, zone, "127.0.0.5",
        false).rcode(), "deleting the A RRset that holds another host's address");
    assertEquals(List.of(owner + " 1200 IN A 127.0.0.4"),
        Dig.answer(local.ddns().dnsPort(), owner, "A"));
  }

  /** Checks the request against the capture: header, zone, prerequisite and update RRs. */
  private static void assertTheCapturedShape(byte[] wire, String owner) throws Exception {
    assertEquals("4fce2800000100010002" + "0000", HexFormat.of().formatHex(wire, 0, 12));
    Message m = new Message(wire);
    assertEquals(Type.SOA, m.getQuestion().getType());
    Record prerequisite = m.getSection(Section.PREREQ).get(0);
    List<Record> updates = m.getSection(Section.UPDATE);
    assertEquals(List.of(owner, "CNAME", "NONE", "0", "0"), shape(prerequisite));
    assertEquals(List.of(owner, "A", "ANY", "0", "0"), shape(updates.get(0)));
    assertEquals(List.of(owner, "A", "IN", "1200", "4"), shape(updates.get(1)));
    assertEquals(ADDRESS, updates.get(1).rdataToString());
    assertFalse(m.isSigned());
  }

  private static List<String> shape(Record r) {
    return List.of(r.getName().toString(), Type.string(r.getType()),
        DClass.string(r.getDClass()), String.valueOf(r.getTTL()),
        String.valueOf(r.rdataToWireCanonical().length));
  }

  /** The seed posted to the endpoint directly, with relay headers claiming {@link #CLIENT}. */
  private static Message forgedPost(byte[] message, Optional<String> attestation)
      throws Exception {
    HttpRequest.Builder post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + local.ddns().httpPort() + "/dns-query"))
        .header("Content-Type", "application/dns-message")
        .header("X-Ddns-Client", CLIENT + ":61777")
        .header("X-Ddns-Transport", "udp")
        .POST(HttpRequest.BodyPublishers.ofByteArray(message));
    attestation.ifPresent(value -> post.header("X-Ddns-Attestation", value));
    HttpResponse<byte[]> response = HttpClient.newHttpClient().send(post.build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, response.statusCode());
    return new Message(response.body());
  }

  private static void createZone(String zone) {
    ddns("zone", "create", zone, "--ns", "ns1.example.test.");
  }

  private static void setPolicy(String zone, String rule) {
    ddns("policy", "set", zone, "--rule", rule);
  }

  private static String history(String zone) {
    return ddns("history", zone);
  }

  private static String ddns(String... arguments) {
    return local.ddns().cli(arguments).output();
  }

  private static Path script() {
    try {
      return Path.of(WindowsUpdateIT.class.getResource("windows_update.py").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
