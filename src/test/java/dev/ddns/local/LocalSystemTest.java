package dev.ddns.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.secrets.BindKeyFile;
import dev.ddns.core.tsig.TsigKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;
import org.xbill.DNS.ZoneTransferIn;

/** Starts the whole local system on free loopback ports and talks DNS to it. */
class LocalSystemTest {
  private static final Name ZONE = Name.fromConstantString("smoke.test.");

  private static LocalConfig config(Path keyFile, List<Path> extra) {
    return new LocalConfig(ZONE, List.of(LocalConfig.LOOPBACK_V4, LocalConfig.LOOPBACK_V6), 0, 0,
        keyFile, LocalConfig.DEFAULT_KEY_NAME, extra);
  }

  private static SimpleResolver resolver(LocalSystem system, TsigKey key, boolean tcp)
      throws IOException {
    SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(
        LocalConfig.LOOPBACK_V4, system.dnsPort()));
    resolver.setTCP(tcp);
    resolver.setTimeout(Duration.ofSeconds(3));
    if (key != null) {
      resolver.setTSIGKey(key.signer(Clock.systemUTC()));
    }
    return resolver;
  }

  @Test
  void updateQueryAndTransferThroughTheRelay(@TempDir Path dir) throws Exception {
    Path keyFile = dir.resolve("local.key");
    try (LocalSystem system = LocalSystem.start(config(keyFile, List.of()))) {
      TsigKey key = BindKeyFile.parse(Files.readString(keyFile)).get(0);
      assertEquals(system.key(), key);
      assertEquals("hmac-sha256", key.algorithmName());

      Update update = new Update(ZONE);
      update.add(Name.fromConstantString("www.smoke.test."), Type.A, 300, "192.0.2.10");
      Message reply = resolver(system, key, false).send(update);
      assertEquals(Rcode.string(Rcode.NOERROR), Rcode.string(reply.getRcode()));

      Message query = Message.newQuery(Record.newRecord(
          Name.fromConstantString("www.smoke.test."), Type.A, DClass.IN));
      Message answer = resolver(system, null, true).send(query);
      assertEquals("192.0.2.10", answer.getSection(Section.ANSWER).get(0).rdataToString());

      ZoneTransferIn axfr = ZoneTransferIn.newAXFR(ZONE,
          new InetSocketAddress(LocalConfig.LOOPBACK_V4, system.dnsPort()),
          key.signer(Clock.systemUTC()));
      axfr.setTimeout(Duration.ofSeconds(3));
      axfr.run();
      assertTrue(axfr.getAXFR().stream().anyMatch(r -> r.rdataToString().equals("192.0.2.10")));
    }
  }

  @Test
  void printsReadyLinesWithTheActualPorts(@TempDir Path dir) throws IOException {
    try (LocalSystem system = LocalSystem.start(config(dir.resolve("k.key"), List.of()))) {
      List<String> lines = system.readyLines();
      String port = Integer.toString(system.dnsPort());
      String keyFile = dir.resolve("k.key").toString();
      assertTrue(lines.contains("nsupdate -k " + keyFile + " -p " + port + " <<'EOF'"), lines::toString);
      assertTrue(lines.contains("server 127.0.0.1 " + port));
      assertTrue(lines.contains("update add www.smoke.test. 300 A 192.0.2.10"));
      assertTrue(lines.contains("dig @127.0.0.1 -p " + port + " www.smoke.test. A"));
      assertTrue(lines.contains("dig @127.0.0.1 -p " + port + " -k " + keyFile + " smoke.test. AXFR"));
      assertEquals(LocalSystem.READY, lines.get(lines.size() - 1));
    }
  }

  @Test
  void reusesAnExistingKeyFileAndLoadsExtraKeys(@TempDir Path dir) throws Exception {
    Path keyFile = dir.resolve("local.key");
    TsigKey first;
    try (LocalSystem system = LocalSystem.start(config(keyFile, List.of()))) {
      first = system.key();
    }
    Path extra = dir.resolve("sha512.key");
    TsigKey sha512 = TsigKey.of("extra-key.", "hmac-sha512",
        "c2VjcmV0LWZvci1obWFjLXNoYTUxMi1rZXktZm9yLXRlc3Rz");
    Files.writeString(extra, BindKeyFile.format(sha512));
    try (LocalSystem system = LocalSystem.start(config(keyFile, List.of(extra)))) {
      assertEquals(first, system.key());
      Update update = new Update(ZONE);
      update.add(Name.fromConstantString("txt.smoke.test."), Type.TXT, 60, "\"hello\"");
      Message reply = resolver(system, sha512, true).send(update);
      assertEquals(Rcode.string(Rcode.NOERROR), Rcode.string(reply.getRcode()));
    }
  }

  @Test
  void refusesAKeyFileThatIsNotOne(@TempDir Path dir) throws IOException {
    Path keyFile = dir.resolve("notes.txt");
    Files.writeString(keyFile, "shopping list\n");
    IOException e = assertThrows(IOException.class,
        () -> LocalSystem.start(config(keyFile, List.of())));
    assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
    assertEquals("shopping list\n", Files.readString(keyFile));
  }

  @Test
  void takenHttpPortIsABindException(@TempDir Path dir) throws IOException {
    try (LocalSystem first = LocalSystem.start(config(dir.resolve("k.key"), List.of()))) {
      LocalConfig clash = new LocalConfig(ZONE, List.of(LocalConfig.LOOPBACK_V4), 0,
          first.httpPort(), dir.resolve("k.key"), LocalConfig.DEFAULT_KEY_NAME, List.of());
      java.net.BindException e = assertThrows(java.net.BindException.class,
          () -> LocalSystem.start(clash));
      assertTrue(e.getMessage().contains("HTTP 127.0.0.1:" + first.httpPort()), e.getMessage());
    }
  }
}
