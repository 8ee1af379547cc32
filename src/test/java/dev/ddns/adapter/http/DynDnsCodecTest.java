package dev.ddns.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.port.HashedToken;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.DynDnsLimits;
import dev.ddns.testing.TestZone;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DynDnsCodec}: what an HTTP request to {@code /nic/update} is answered, from the {@code
 * Authorization} header and the method to the body, routed by {@link DohCodec#withDynDns}.
 */
class DynDnsCodecTest {
  static final String SECRET = "codec-secret";

  static DohCodec codec() {
    InMemoryZoneStore store = TestZone.store();
    ZoneHead head = store.open(TestZone.ZONE).orElseThrow().head();
    store.updateSettings(TestZone.ZONE, head.settings().withUpdatePolicy(
        List.of("grant token:router name router.example.test. A AAAA")));
    DnsService service = new DnsService(store, TestZone.keys(), Clock.systemUTC());
    return new DohCodec(service::handle).withDynDns(new DynDnsCodec(service.dynDns(
        name -> Optional.of(name).filter("router"::equals)
            .map(n -> HashedToken.of(n, SECRET, new byte[16])), DynDnsLimits.DEFAULT)));
  }

  static String basic(String text) {
    return "Basic " + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static Stream<Arguments> requests() {
    String update = "hostname=router.example.test&myip=192.0.2.8";
    return Stream.of(
        Arguments.of("the token's call", "GET", update, basic("router:" + SECRET), 200,
            "good 192.0.2.8\n"),
        Arguments.of("scheme in any case", "GET", update, "bAsIc " + Base64.getEncoder()
            .encodeToString(("router:" + SECRET).getBytes(StandardCharsets.UTF_8)), 200,
            "good 192.0.2.8\n"),
        Arguments.of("no Authorization: a challenge", "GET", update, null, 401, "badauth\n"),
        Arguments.of("another scheme", "GET", update, "Bearer " + SECRET, 401, "badauth\n"),
        Arguments.of("not base64", "GET", update, "Basic !!!", 401, "badauth\n"),
        Arguments.of("no colon", "GET", update, basic("router"), 401, "badauth\n"),
        Arguments.of("wrong password", "GET", update, basic("router:x"), 200, "badauth\n"),
        Arguments.of("empty password", "GET", update, basic("router:"), 200, "badauth\n"),
        Arguments.of("a password with a colon", "GET", update, basic("router:" + SECRET + ":"),
            200, "badauth\n"),
        Arguments.of("POST", "POST", update, basic("router:" + SECRET), 405,
            "method not allowed\n"),
        Arguments.of("broken percent-encoding", "GET", "hostname=%zz", basic("router:" + SECRET),
            400, "query parameters are not percent-encoded correctly\n"),
        Arguments.of("percent-encoded comma", "GET",
            "hostname=router.example.test%2Cwww.example.test&myip=192.0.2.8",
            basic("router:" + SECRET), 200, "good 192.0.2.8\nnohost\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void answers(String what, String method, String query, String authorization, int status,
      String body) {
    Map<String, String> headers = authorization == null ? Map.of()
        : Map.of("Authorization", authorization);
    DohResponse response = codec().handle(new DohRequest(method, DynDnsCodec.PATH, query,
        headers, new byte[0], "198.51.100.1:5000"));
    assertEquals(status, response.status());
    assertEquals(body, new String(response.body(), StandardCharsets.UTF_8));
    if (status == 401) {
      assertEquals("Basic realm=\"ddns\", charset=\"UTF-8\"",
          response.headers().get("WWW-Authenticate"));
    }
  }
}
