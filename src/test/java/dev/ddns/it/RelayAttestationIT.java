package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.Dig;
import dev.ddns.testing.tools.DnsWire;
import dev.ddns.testing.tools.Exec;
import dev.ddns.testing.tools.LocalDdnsPerClass;
import dev.ddns.testing.tools.Nsupdate;
import dev.ddns.testing.tools.TestKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Issue 18, item 10, against {@code ddns local} as a process: nsupdate through the relay is
 * journaled with its own address "via relay", a direct POST with forged relay headers with the
 * HTTP peer's, and the relay key, offered to nsupdate as a TSIG key, changes nothing.
 */
class RelayAttestationIT {
  private static final Pattern RELAYED = Pattern.compile(
      "client 127\\.0\\.0\\.1:\\d+ via relay _relay\\.ddns-local-key\\.");

  @RegisterExtension
  static final LocalDdnsPerClass local = new LocalDdnsPerClass(List.of("--store", "dynamodb"));

  @Test
  void nsupdateThroughTheRelayIsJournaledWithItsAddressViaTheRelay() {
    for (DnsWire.Transport transport : DnsWire.Transport.values()) {
      String owner = "relayed-" + transport.name().toLowerCase() + "." + DemoZone.NAME;
      Exec.Result result = Nsupdate.run(Nsupdate.Auth.k(local.ddns().localKey()), transport,
          Nsupdate.script(local.ddns().dnsPort(), "update add " + owner + " 300 A 192.0.2.20"));
      assertEquals(0, result.exitCode(), result.output());
    }

    String history = history();

    for (DnsWire.Transport transport : DnsWire.Transport.values()) {
      assertTrue(Pattern.compile(RELAYED.pattern() + "\\n\\+ relayed-"
          + transport.name().toLowerCase() + "\\.").matcher(history).find(), history);
    }
  }

  @Test
  void aDirectPostWithForgedRelayHeadersIsJournaledWithTheHttpPeer() throws Exception {
    Update update = new Update(Name.fromConstantString(DemoZone.NAME));
    update.add(Name.fromConstantString("forged." + DemoZone.NAME), Type.A, 300, "192.0.2.21");
    update.setTSIG(local.ddns().localKey().tsig());
    HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + local.ddns().httpPort() + "/dns-query"))
        .header("Content-Type", "application/dns-message")
        .header("X-Ddns-Client", "192.0.2.200:5353")
        .header("X-Ddns-Transport", "udp")
        .header("X-Ddns-Udp-Limit", "512")
        .header("X-Ddns-Attestation", "_relay.ddns-local-key.;1;AAAA")
        .POST(HttpRequest.BodyPublishers.ofByteArray(update.toWire(65_535))).build();

    HttpResponse<byte[]> response = HttpClient.newHttpClient().send(post,
        HttpResponse.BodyHandlers.ofByteArray());

    assertEquals(200, response.statusCode());
    assertEquals(Rcode.NOERROR, new Message(response.body()).getRcode());
    String history = history();
    assertFalse(history.contains("192.0.2.200"), history);
    assertTrue(Pattern.compile("client 127\\.0\\.0\\.1:\\d+\\n\\+ forged\\.").matcher(history)
        .find(), history);
    assertSignedUpdateAnsweredWithinASecond();
  }

  @Test
  void theRelayKeyIsNoTsigKey() {
    TestKey relayKey = TestKey.read(local.dir().resolve("ddns-local-relay.key"));
    String owner = "byrelaykey." + DemoZone.NAME;

    Exec.Result result = Nsupdate.run(Nsupdate.Auth.k(relayKey), DnsWire.Transport.UDP,
        Nsupdate.script(local.ddns().dnsPort(), "update add " + owner + " 300 A 192.0.2.22"));

    assertTrue(result.exitCode() != 0 && result.output().contains("NOTAUTH"), result.output());
    assertEquals(List.of(), Dig.answer(local.ddns().dnsPort(), owner, "A"));
    assertSignedUpdateAnsweredWithinASecond();
  }

  /** A signed UPDATE is answered within 1 s; as a DNS client would, it may retry twice. */
  private static void assertSignedUpdateAnsweredWithinASecond() {
    Update update = new Update(Name.fromConstantString(DemoZone.NAME));
    SimpleResolver resolver;
    try {
      update.add(Name.fromConstantString("after." + DemoZone.NAME), Type.A, 300, "192.0.2.23");
      resolver = new SimpleResolver("127.0.0.1");
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    resolver.setPort(local.ddns().dnsPort());
    resolver.setTSIGKey(local.ddns().localKey().tsig());
    resolver.setTimeout(Duration.ofSeconds(1));
    java.io.IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        assertEquals(Rcode.NOERROR, resolver.send(update).getRcode());
        return;
      } catch (java.io.IOException e) {
        last = e;
      }
    }
    throw new AssertionError("a signed UPDATE got no answer within 1 s, three times", last);
  }

  private static String history() {
    return local.ddns().cli("history", DemoZone.NAME).output();
  }
}
