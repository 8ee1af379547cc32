package dev.ddns.fuzz;

import dev.ddns.adapter.dns.TcpFraming;
import dev.ddns.testing.FuzzSupport;
import dev.ddns.testing.SignedMessages;
import dev.ddns.testing.TestZone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Writes the seed corpus of the fuzz tests into {@code src/test/resources}: real UPDATE, query,
 * AXFR and IXFR messages, signed with the test key at {@link FuzzSupport#SIGNED_AT} (so they verify
 * under the fuzz tests' fixed clock), unsigned and wrongly signed ones, framed streams, and zone
 * files. Run it again after changing a seed: {@code java -cp <test classpath>
 * dev.ddns.fuzz.SeedCorpus}.
 */
public final class SeedCorpus {
  private static final Path RESOURCES = Path.of("src/test/resources");

  private SeedCorpus() {}

  public static void main(String[] args) throws IOException {
    Map<String, byte[]> messages = messages();
    write("dev/ddns/fuzz/DnsServiceFuzzTestInputs/handle", messages);
    write("dev/ddns/fuzz/TsigVerifierFuzzTestInputs/verify", messages);
    write("dev/ddns/relay/ErrorReplyFuzzTestInputs/reply", messages);
    write("dev/ddns/fuzz/DohCodecFuzzTestInputs/handle", httpRequests(messages));
    write("dev/ddns/fuzz/TcpFramingFuzzTestInputs/unframe", Map.of(
        "update-and-query", TcpFraming.frame(List.of(messages.get("signed-update"),
            messages.get("soa-query"))),
        "axfr", TcpFraming.frame(List.of(messages.get("signed-axfr")))));
    write("dev/ddns/cli/ZoneFilesFuzzTestInputs/read", zoneFiles());
  }

  static Map<String, byte[]> messages() throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    out.put("signed-update", signed(update(List.of(),
        List.of(TestZone.rr("new 300 A 192.0.2.50"), TestZone.rr("new 300 TXT \"seed\"")))));
    out.put("signed-update-prerequisites", signed(update(
        List.of(Record.newRecord(name("www"), Type.A, DClass.ANY)),
        List.of(Record.newRecord(name("www"), Type.A, DClass.ANY, 0),
            TestZone.rr("www 60 AAAA 2001:db8::10")))));
    out.put("signed-update-delete-name", signed(update(List.of(),
        List.of(Record.newRecord(name("txt"), Type.ANY, DClass.ANY, 0)))));
    out.put("signed-update-apex", signed(update(List.of(),
        List.of(TestZone.rr("@ 3600 NS ns3.example.test."),
            TestZone.rr("@ 3600 SOA ns1 hostmaster 100 3600 900 604800 300")))));
    out.put("unsigned-update", update(List.of(), List.of(TestZone.rr("x 300 A 192.0.2.9")))
        .toWire());
    byte[] badMac = signed(update(List.of(), List.of(TestZone.rr("y 300 A 192.0.2.8"))));
    badMac[badMac.length - 10] ^= 0x55;
    out.put("update-bad-mac", badMac);
    out.put("soa-query", Message.newQuery(Record.newRecord(TestZone.ZONE, Type.SOA, DClass.IN))
        .toWire());
    out.put("signed-soa-query", signed(Message.newQuery(
        Record.newRecord(TestZone.ZONE, Type.SOA, DClass.IN))));
    out.put("signed-axfr", signed(Message.newQuery(
        Record.newRecord(TestZone.ZONE, Type.AXFR, DClass.IN))));
    Message ixfr = Message.newQuery(Record.newRecord(TestZone.ZONE, Type.IXFR, DClass.IN));
    ixfr.addRecord(TestZone.rr("@ 3600 SOA ns1 hostmaster 1 3600 900 604800 300"),
        Section.AUTHORITY);
    out.put("signed-ixfr", signed(ixfr));
    out.put("txt-query", Message.newQuery(Record.newRecord(name("txt"), Type.TXT, DClass.IN))
        .toWire());
    return out;
  }

  private static Map<String, byte[]> httpRequests(Map<String, byte[]> messages) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    out.put("post-update", HttpRequestBytes.encode("POST", "/dns-query", "",
        Map.of("Content-Type", "application/dns-message", "X-Ddns-Transport", "udp",
            "X-Ddns-Udp-Limit", "1232", "X-Ddns-Client", "192.0.2.1:5353"),
        messages.get("signed-update")));
    out.put("post-axfr-tcp", HttpRequestBytes.encode("POST", "/dns-query", "",
        Map.of("Content-Type", "application/dns-message", "X-Ddns-Transport", "tcp"),
        messages.get("signed-axfr")));
    out.put("get-query", HttpRequestBytes.encode("GET", "/dns-query",
        "dns=" + java.util.Base64.getUrlEncoder().withoutPadding()
            .encodeToString(messages.get("soa-query")), Map.of(), new byte[0]));
    return out;
  }

  private static Map<String, byte[]> zoneFiles() {
    Map<String, byte[]> out = new LinkedHashMap<>();
    out.put("zone", String.join("\n", TestZone.DEFAULT).getBytes(StandardCharsets.UTF_8));
    out.put("directives", ("$ORIGIN example.test.\n$TTL 300\n"
        + "@ IN SOA ns1 hostmaster ( 7 3600 900 604800 300 )\n@ NS ns1\nns1 A 192.0.2.1\n"
        + "$GENERATE 1-3 host$ A 192.0.2.$\n_acme-challenge TXT \"token\" ; comment\n"
        + "mx MX 10 mail\nsrv._tcp SRV 0 5 443 www\n").getBytes(StandardCharsets.UTF_8));
    return out;
  }

  private static Message update(List<Record> prerequisites, List<Record> updates) {
    Message m = Message.newUpdate(TestZone.ZONE);
    prerequisites.forEach(r -> m.addRecord(r, Section.PREREQ));
    updates.forEach(r -> m.addRecord(r, Section.UPDATE));
    return m;
  }

  private static byte[] signed(Message m) {
    return SignedMessages.signed(m, TestZone.KEY, FuzzSupport.CLOCK);
  }

  private static Name name(String relative) throws IOException {
    return Name.fromString(relative, TestZone.ZONE);
  }

  private static void write(String folder, Map<String, byte[]> seeds) throws IOException {
    Path dir = RESOURCES.resolve(folder);
    Files.createDirectories(dir);
    for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
      Files.write(dir.resolve(e.getKey()), e.getValue());
    }
  }
}
