package dev.ddns.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.http.DohCodec;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.attest.RelayAttestation;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.TransferPaging;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.local.LocalHttpServer;
import dev.ddns.testing.TestZone;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferIn;

/**
 * A paged transfer through the real codec, HTTP server and relay: the relay fetches every page
 * and the TCP client (dnsjava's {@link ZoneTransferIn}, which checks each message's TSIG) sees one
 * signed transfer; and which requests the relay gives the longer transfer timeout.
 */
class PagedTransferRelayTest {
  static final int NAMES = 2000;
  static final int PAGE_LIMIT = 20_000;
  static final TsigKey RELAY_KEY = TsigKey.of("_relay.paged.", "hmac-sha256",
      "cGFnZWQtcmVsYXkta2V5LXBhZ2VkLXJlbGF5LWtleS0=");

  final AtomicInteger pageRequests = new AtomicInteger();
  DnsService service;
  LocalHttpServer http;
  Relay relay;

  @BeforeEach
  void start() throws Exception {
    List<String> lines = new ArrayList<>(TestZone.DEFAULT);
    for (int i = 0; i < NAMES; i++) {
      lines.add("host" + i + ".example.test. 300 A 198.51.100." + (i % 250));
    }
    service = new DnsService(TestZone.store(lines, SerialPolicy.INCREMENT), TestZone.keys(),
        Clock.systemUTC());
    DohCodec codec = new DohCodec((request, context) -> {
      if (context.paging().continuation().isPresent()) {
        pageRequests.incrementAndGet();
      }
      return service.handle(request, context);
    }, PAGE_LIMIT, TransferPaging.DEFAULT_PAGE_TIME, new RelayAttestation(
        new StaticKeyStore(List.of(RELAY_KEY)), Clock.systemUTC()));
    http = LocalHttpServer.start(codec, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    relay = Relay.start(RelayConfig.of(http.endpoint(),
            List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(10)), Optional.of(RELAY_KEY));
  }

  @AfterEach
  void stop() throws Exception {
    relay.close();
    http.close();
  }

  @Test
  void axfrThroughTheRelayArrivesWholeFromSeveralPages() throws Exception {
    ZoneTransferIn axfr = ZoneTransferIn.newAXFR(TestZone.ZONE, "127.0.0.1", port(),
        TestZone.KEY.signer(Clock.systemUTC()));
    axfr.setTimeout(Duration.ofSeconds(20));
    axfr.run();
    List<Record> records = axfr.getAXFR();
    assertEquals(TestZone.DEFAULT.size() + NAMES + 1, records.size(), "SOA, records, SOA");
    assertTrue(pageRequests.get() >= 2, "the relay fetched further pages: " + pageRequests);
  }

  @Test
  void ixfrThroughTheRelayArrivesWholeFromSeveralPages() throws Exception {
    Name zone = TestZone.ZONE;
    ZoneTransferIn ixfr = ZoneTransferIn.newIXFR(zone, 0, false, "127.0.0.1", port(),
        TestZone.KEY.signer(Clock.systemUTC()));
    ixfr.setTimeout(Duration.ofSeconds(20));
    ixfr.run();
    List<Record> records = ixfr.getAXFR();
    assertTrue(ixfr.isAXFR(), "the journal does not reach serial 0: the full zone");
    assertTrue(records.get(0) instanceof SOARecord);
    assertEquals(TestZone.DEFAULT.size() + NAMES + 1, records.size(), "SOA, records, SOA");
    assertTrue(pageRequests.get() >= 2, "the relay fetched further pages: " + pageRequests);
  }

  static Stream<Arguments> messages() {
    return Stream.of(
        Arguments.of("AXFR", query(Type.AXFR), true),
        Arguments.of("IXFR", query(Type.IXFR), true),
        Arguments.of("SOA", query(Type.SOA), false),
        Arguments.of("UPDATE", Message.newUpdate(TestZone.ZONE).toWire(), false),
        Arguments.of("a header only", new byte[12], false),
        Arguments.of("a name running off the end", new byte[] {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
            40, 'a', 'b'}, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void transfersGetTheLongerTimeout(String what, byte[] message, boolean transfer) {
    assertEquals(transfer, Forwarder.isTransfer(message));
  }

  private static byte[] query(int type) {
    return Message.newQuery(Record.newRecord(TestZone.ZONE, type, DClass.IN)).toWire();
  }

  private int port() {
    return relay.tcpAddresses().get(0).getPort();
  }
}
