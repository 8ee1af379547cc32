package dev.ddns.adapter.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ddns.core.model.SerialPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

class ZoneContentTest {

  @Test
  void readsAMasterFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("zone.db");
    Files.writeString(file, String.join("\n",
        "$ORIGIN example.org.",
        "$TTL 300",
        "@ IN SOA ns1 hostmaster 42 3600 900 604800 300",
        "@ IN NS ns1",
        "ns1 IN A 192.0.2.1",
        "ns1 IN AAAA 2001:db8::1",
        ""));
    ZoneContent zone = ZoneContent.read(file, SerialPolicy.INCREMENT);
    assertEquals(Name.fromConstantString("example.org."), zone.head().zone());
    assertEquals(42, zone.head().serial());
    assertEquals(2, zone.nodes().size());
    assertEquals(2, zone.nodes().stream()
        .filter(n -> n.name().toString().equals("ns1.example.org."))
        .findFirst().orElseThrow().rrsets().size());
    assertEquals(true, zone.nodes().get(0).has(Type.SOA));
  }

  @Test
  void failsNamingTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.db");
    Files.writeString(file, "www.example.org. 300 IN A 192.0.2.1\n");
    IOException e = assertThrows(IOException.class,
        () -> ZoneContent.read(file, SerialPolicy.INCREMENT));
    assertEquals(true, e.getMessage().contains("bad.db"), e.getMessage());
    assertEquals(true, e.getMessage().contains("SOA"), e.getMessage());
  }

  /** Found by ZoneFilesFuzzTest: dnsjava parses a HIP record whose key is not base64 as no key. */
  @Test
  void aRecordThatCannotBeEncodedIsAnErrorNamingIt(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("hip.db");
    Files.writeString(file, String.join("\n",
        "$ORIGIN example.org.",
        "@ 300 IN SOA ns1 hostmaster 42 3600 900 604800 300",
        "host 300 IN HIP 2 00 A.b",
        ""));
    IOException e = assertThrows(IOException.class,
        () -> ZoneContent.read(file, SerialPolicy.INCREMENT));
    assertEquals(true, e.getMessage().contains("hip.db: host.example.org. HIP: the record's data "
        + "cannot be encoded"), e.getMessage());
  }
}
