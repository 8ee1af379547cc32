package dev.ddns.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.attest.RelayAttestation;
import dev.ddns.core.tsig.TsigKey;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** With a relay key, every request the relay forwards carries an attestation that verifies. */
class RelayAttestsTest {
  private static final TsigKey RELAY_KEY = TsigKey.of("_relay.unit.", "hmac-sha256",
      "dW5pdC1yZWxheS1rZXktdW5pdC1yZWxheS1rZXktdW4=");

  @Test
  void aForwardedUdpRequestCarriesAVerifyingAttestation() throws IOException {
    try (FakeEndpoint endpoint = new FakeEndpoint();
        Relay relay = Relay.start(RelayConfig.of(endpoint.uri(), List.of(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))), Optional.of(RELAY_KEY));
        DatagramSocket socket = new DatagramSocket()) {
      byte[] query = Message.newQuery(Record.newRecord(
          Name.fromConstantString("www.example.test."), Type.A, DClass.IN)).toWire();
      socket.setSoTimeout(3000);
      socket.send(new DatagramPacket(query, query.length, relay.udpAddresses().get(0)));
      socket.receive(new DatagramPacket(new byte[512], 512));

      RelayAttestation.Facts facts = new RelayAttestation.Facts(
          endpoint.lastHeaders.get("x-ddns-client"), endpoint.lastHeaders.get("x-ddns-transport"),
          Optional.ofNullable(endpoint.lastHeaders.get("x-ddns-udp-limit")), Optional.empty());
      RelayAttestation verifier = new RelayAttestation(new StaticKeyStore(List.of(RELAY_KEY)),
          Clock.systemUTC());

      assertEquals(RELAY_KEY.name(), ((RelayAttestation.Attested) verifier.verify(
          endpoint.lastHeaders.get("x-ddns-attestation"), facts, query)).relay());
      assertTrue(endpoint.lastHeaders.get("x-ddns-client").startsWith("127.0.0.1:"));
    }
  }

  @Test
  void aTsigKeyIsNoRelayKey() throws IOException {
    try (FakeEndpoint endpoint = new FakeEndpoint()) {
      TsigKey tsig = TsigKey.of("updater.example.", "hmac-sha256", RELAY_KEY.base64Secret());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Relay.start(RelayConfig.of(endpoint.uri(), List.of(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))), Optional.of(tsig)));
      assertTrue(e.getMessage().contains("is not a relay key"), e.getMessage());
    }
  }
}
