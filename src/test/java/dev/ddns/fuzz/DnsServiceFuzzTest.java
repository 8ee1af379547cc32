package dev.ddns.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.core.service.DnsResponse;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.RequestContext;
import dev.ddns.core.tsig.TsigResult;
import dev.ddns.core.tsig.TsigVerifier;
import dev.ddns.testing.FuzzSupport;
import dev.ddns.testing.TestZone;
import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.xbill.DNS.Message;

/**
 * The service entry point under arbitrary bytes (seeded with signed and unsigned UPDATE, query,
 * AXFR and IXFR messages): it never throws, never hits an internal error, every response parses,
 * and a message that is not correctly signed never changes the zone.
 */
class DnsServiceFuzzTest {
  @BeforeAll
  static void failOnInternalErrors() {
    FuzzSupport.ErrorIsFailure.install();
  }

  @AfterAll
  static void restoreLogging() {
    FuzzSupport.ErrorIsFailure.uninstall();
  }

  @FuzzTest(maxDuration = "30s")
  void handle(byte[] request) throws IOException {
    InMemoryZoneStore store = TestZone.store();
    DnsService service = new DnsService(store, TestZone.keys(), FuzzSupport.CLOCK);
    Set<String> before = FuzzSupport.contents(store, TestZone.ZONE);

    DnsResponse response = service.handle(request, RequestContext.udp("192.0.2.7:53000"));

    for (byte[] message : response.messages()) {
      new Message(message);
    }
    if (!authenticated(request)) {
      assertEquals(before, FuzzSupport.contents(store, TestZone.ZONE),
          "an unauthenticated message changed the zone");
    }
  }

  private static boolean authenticated(byte[] request) {
    try {
      Message m = new Message(request);
      return new TsigVerifier(TestZone.keys(), FuzzSupport.CLOCK).verify(m, request)
          instanceof TsigResult.Verified;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
