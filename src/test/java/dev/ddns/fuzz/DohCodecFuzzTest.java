package dev.ddns.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ddns.adapter.http.DohCodec;
import dev.ddns.adapter.http.DohResponse;
import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.core.service.DnsService;
import dev.ddns.testing.FuzzSupport;
import dev.ddns.testing.TestZone;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The DoH codec (RFC 8484) in front of the service, under arbitrary HTTP requests (method, path,
 * query, headers, body; see {@link HttpRequestBytes}): it never throws and never answers 500, and
 * a request whose body is not correctly signed never changes the zone.
 */
class DohCodecFuzzTest {
  @BeforeAll
  static void failOnInternalErrors() {
    FuzzSupport.ErrorIsFailure.install();
  }

  @AfterAll
  static void restoreLogging() {
    FuzzSupport.ErrorIsFailure.uninstall();
  }

  @FuzzTest(maxDuration = "30s")
  void handle(byte[] input) {
    InMemoryZoneStore store = TestZone.store();
    DohCodec codec = new DohCodec(new DnsService(store, TestZone.keys(), FuzzSupport.CLOCK)::handle);
    Set<String> before = FuzzSupport.contents(store, TestZone.ZONE);
    var request = HttpRequestBytes.decode(input);

    DohResponse response = codec.handle(request);

    assertTrue(response.status() != 500, "internal error");
    if (response.status() != 200) {
      assertEquals(before, FuzzSupport.contents(store, TestZone.ZONE),
          "a refused HTTP request changed the zone");
    }
  }
}
