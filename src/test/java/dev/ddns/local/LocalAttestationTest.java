package dev.ddns.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddns.core.model.JournalEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/** ddns local wires the relay key into both the relay and the endpoint by itself. */
class LocalAttestationTest {
  private static final Name ZONE = Name.fromConstantString("smoke.test.");

  @Test
  void anUpdateThroughTheRelayIsJournaledWithTheClientViaTheRelay(@TempDir Path dir)
      throws Exception {
    LocalConfig config = new LocalConfig(ZONE, List.of(LocalConfig.LOOPBACK_V4), 0, 0,
        dir.resolve("k.key"), LocalConfig.DEFAULT_KEY_NAME, List.of());
    try (LocalSystem system = LocalSystem.start(config)) {
      Update update = new Update(ZONE);
      update.add(Name.fromConstantString("www.smoke.test."), Type.A, 300, "192.0.2.10");
      SimpleResolver resolver = new SimpleResolver("127.0.0.1");
      resolver.setPort(system.dnsPort());
      resolver.setTSIGKey(system.key().signer(java.time.Clock.systemUTC()));
      resolver.setTimeout(Duration.ofSeconds(2));

      assertEquals(Rcode.NOERROR, resolver.send(update).getRcode());

      List<String> clients = system.store().journal(ZONE, 0, 10).stream()
          .map(JournalEntry::client).toList();
      assertEquals(1, clients.size());
      assertEquals(true, clients.get(0).matches(
          "127\\.0\\.0\\.1:\\d+ via relay _relay\\.ddns-local-key\\."), clients.get(0));
      assertEquals(dir.resolve("k-relay.key"), config.relayKeyFile());
      assertEquals(Name.fromConstantString("_relay.ddns-local-key."), system.relayKey().name());
    }
  }
}
