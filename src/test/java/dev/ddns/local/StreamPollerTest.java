package dev.ddns.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.testing.LoopbackSecondary;
import dev.ddns.testing.LoopbackSecondary.Mode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
  void anUpdateThroughTheRelayIsNotifiedFromTheStream(@TempDir Path dir) throws Exception {
    try (LoopbackSecondary secondary = LoopbackSecondary.start(Mode.ANSWER);
        LocalSystem system = LocalSystem.start(config(dir).withDynamoDb(0)
            .withNotifyTargets(List.of(secondary.target())))) {
      assertTrue(system.readyLines().contains(
          "ddns local: NOTIFY to " + secondary.target() + " on every change of " + ZONE));
      SimpleResolver resolver = new SimpleResolver(
          new InetSocketAddress(LocalConfig.LOOPBACK_V4, system.dnsPort()));
      resolver.setTSIGKey(system.key().signer(Clock.systemUTC()));
      resolver.setTimeout(Duration.ofSeconds(5));
      Update update = new Update(ZONE);
      update.add(Name.fromConstantString("www.notify.test."), Type.A, 300, "192.0.2.10");
      assertEquals(Rcode.NOERROR, resolver.send(update).getRcode());

      Message notify = secondary.next(10_000);
      assertNotNull(notify, "no NOTIFY within 10 s");
      assertEquals(Opcode.NOTIFY, notify.getHeader().getOpcode());
      assertEquals(2, ((SOARecord) notify.getSection(Section.ANSWER).get(0)).getSerial());
    }
  }

  @Test
  void notifyNeedsTheDynamoDbStore(@TempDir Path dir) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> config(dir).withNotifyTargets(List.of("127.0.0.1:5300")));
    assertTrue(e.getMessage().contains("--notify needs --store dynamodb"), e.getMessage());
  }
}
