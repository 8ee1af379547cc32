package dev.ddns.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.bench.SlowClients;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trickling TCP clients (issue 18, item 4): connections that send the length prefix {@code ff ff}
 * and then one byte at a time, never completing a message, must not keep legitimate clients out.
 * Each attack stops by itself; a signed update over TCP is answered within a second during it and
 * after it, and the attack changes nothing in the zone.
 */
class TcpSlotsTest {
  private static final int SLOTS = 16;
  private static final int PER_ADDRESS = 4;

  private static RelayConfig config(LiveZone zone) {
    RelayConfig base = zone.relayConfig();
    return new RelayConfig(base.endpoint(), base.listen(), Duration.ofSeconds(2),
        Duration.ofSeconds(5), Duration.ofSeconds(30), 4, 16, SLOTS, UnsignedLimit.NONE,
        new TcpLimits(Duration.ofSeconds(2), PER_ADDRESS, 4));
  }

  @Test
  void tricklersFromManyAddressesDoNotKeepNewClientsOut(@TempDir Path dir) throws Exception {
    try (LiveZone zone = LiveZone.start(dir); Relay relay = zone.relay(config(zone))) {
      InetSocketAddress server = relay.tcpAddresses().get(0);
      zone.warmUp(server);
      Set<String> before = zone.records();
      try (SlowClients attack = SlowClients.trickleTcp(server, 4 * SLOTS,
          SlowClients.loopbackSources(SLOTS), Duration.ofMillis(300), Duration.ofSeconds(4),
          true)) {
        for (int i = 0; i < 5; i++) {
          Thread.sleep(400);
          zone.assertSignedUpdateAnswered(server, true, "during the attack, update " + i);
        }
        attack.awaitEnd();
      }
      zone.assertSignedUpdateAnswered(server, true, "after the attack");
      zone.assertOnlyLegitimateChanges(before);
    }
  }

  @Test
  void aMessageThatNeverCompletesIsClosedOnAlthoughBytesKeepComing(@TempDir Path dir)
      throws Exception {
    try (LiveZone zone = LiveZone.start(dir); Relay relay = zone.relay(config(zone))) {
      InetSocketAddress server = relay.tcpAddresses().get(0);
      zone.warmUp(server);
      Set<String> before = zone.records();
      try (SlowClients attack = SlowClients.trickleTcp(server, 1,
          SlowClients.loopbackSources(1), Duration.ofMillis(200), Duration.ofSeconds(30),
          false)) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (attack.closedByServer() == 0 && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertTrue(attack.closedByServer() == 1,
            "a byte every 200 ms kept the connection open for 15 s, past the message deadline");
        zone.assertSignedUpdateAnswered(server, true, "after the trickler was closed on");
      }
      zone.assertOnlyLegitimateChanges(before);
    }
  }

  @Test
  void oneAddressHoldsAtMostItsShare(@TempDir Path dir) throws Exception {
    try (LiveZone zone = LiveZone.start(dir); Relay relay = zone.relay(config(zone))) {
      InetSocketAddress server = relay.tcpAddresses().get(0);
      zone.warmUp(server);
      Set<String> before = zone.records();
      try (SlowClients attack = SlowClients.trickleTcp(server, SLOTS,
          SlowClients.loopbackSources(1), Duration.ofMillis(200), Duration.ofSeconds(3),
          false)) {
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (attack.open() > PER_ADDRESS && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertEquals(PER_ADDRESS, attack.open(), "connections held from 127.0.0.2");
        zone.assertSignedUpdateAnswered(server, true, "while 127.0.0.2 holds its share");
        attack.awaitEnd();
      }
      zone.assertSignedUpdateAnswered(server, true, "after the attack");
      zone.assertOnlyLegitimateChanges(before);
    }
  }
}
