package dev.ddns.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.secrets.BindKeyFile;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.testing.LoopbackSecondary;
import dev.ddns.testing.LoopbackSecondary.Mode;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * {@code ddns local} on DynamoDB Local with {@code --notify}: an update through the relay reaches
 * the table's stream, the poller hands it to the NOTIFY function, and the target hears of it.
 */
class StreamPollerTest {
  private static final Name ZONE = Name.fromConstantString("notify.test.");

  private static LocalConfig config(Path dir) {
    return new LocalConfig(ZONE, List.of(LocalConfig.LOOPBACK_V4), 0, 0, dir.resolve("k.key"),
        LocalConfig.DEFAULT_KEY_NAME, List.of());
  }

  @Test
  void anUpdateThroughTheRelayIsNotifiedFromTheStreamSignedWithTheNotifyKey(@TempDir Path dir)
      throws Exception {
    TsigKey notifyKey;
    try (LoopbackSecondary secondary = LoopbackSecondary.start(Mode.ANSWER);
        LocalSystem system = LocalSystem.start(config(dir).withDynamoDb(0)
            .withNotifyTargets(List.of(secondary.target())))) {
      Path keyFile = dir.resolve("k-notify.key");
      notifyKey = BindKeyFile.parse(Files.readString(keyFile)).get(0);
      assertEquals(Name.fromConstantString("notify.notify.test."), notifyKey.name());
      assertEquals(Optional.of(notifyKey), system.notifyKey());
      assertEquals("rw-------", PosixFilePermissions.toString(
          Files.getPosixFilePermissions(keyFile)));
      assertTrue(system.readyLines().contains("ddns local: NOTIFY to " + secondary.target()
          + " on every change of " + ZONE + ", signed with TSIG key notify.notify.test. "
          + "(hmac-sha256) in " + keyFile + ": the secondaries accept NOTIFY with that key "
          + "(docs/secondaries.md)"), () -> String.join("\n", system.readyLines()));
      assertEquals("notify.notify.test.",
          system.store().open(ZONE).orElseThrow().head().settings().notifyKey());
      SimpleResolver resolver = new SimpleResolver(
          new InetSocketAddress(LocalConfig.LOOPBACK_V4, system.dnsPort()));
      resolver.setTSIGKey(system.key().signer(Clock.systemUTC()));
      resolver.setTimeout(Duration.ofSeconds(5));
      Update update = new Update(ZONE);
      update.add(Name.fromConstantString("www.notify.test."), Type.A, 300, "192.0.2.10");
      assertEquals(Rcode.NOERROR, resolver.send(update).getRcode());

      byte[] wire = secondary.nextWire(10_000);
      assertNotNull(wire, "no NOTIFY within 10 s");
      Message notify = new Message(wire);
      assertEquals(Opcode.NOTIFY, notify.getHeader().getOpcode());
      assertEquals(2, ((SOARecord) notify.getSection(Section.ANSWER).get(0)).getSerial());
      assertEquals(Rcode.NOERROR,
          notifyKey.signer(Clock.systemUTC()).verify(notify, wire, null),
          "signed with the notify key");
    }
    try (LocalSystem again = LocalSystem.start(config(dir).withDynamoDb(0)
        .withNotifyTargets(List.of("127.0.0.1:9")))) {
      assertEquals(Optional.of(notifyKey), again.notifyKey(), "a restart keeps the key");
    }
  }

  @Test
  void notifyNeedsTheDynamoDbStore(@TempDir Path dir) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> config(dir).withNotifyTargets(List.of("127.0.0.1:5300")));
    assertTrue(e.getMessage().contains("--notify needs --store dynamodb"), e.getMessage());
  }
}
