package dev.ddns.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.ddns.adapter.http.DohCodec;
import dev.ddns.adapter.http.DynDnsCodec;
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
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * dyndns2 in the Lambda: a Function URL event for {@code GET /nic/update} reaches the dyndns2
 * codec, and a call without {@code myip} sets the event's {@code requestContext.http.sourceIp}.
 */
class DynDnsFunctionTest {
  static final String SECRET = "lambda-router-secret";

  final InMemoryZoneStore store = TestZone.store();

  UpdateFunction function() {
    ZoneHead head = store.open(TestZone.ZONE).orElseThrow().head();
    store.updateSettings(TestZone.ZONE, head.settings().withUpdatePolicy(
        List.of("grant token:router name router.example.test. A AAAA")));
    DnsService service = new DnsService(store, TestZone.keys(), Clock.systemUTC());
    return new UpdateFunction(new DohCodec(service::handle).withDynDns(new DynDnsCodec(
        service.dynDns(name -> Optional.of(name).filter("router"::equals)
            .map(n -> HashedToken.of(n, SECRET, new byte[16])), DynDnsLimits.DEFAULT))));
  }

  static APIGatewayV2HTTPEvent event(String query, String password, String sourceIp) {
    APIGatewayV2HTTPEvent.RequestContext.Http http =
        new APIGatewayV2HTTPEvent.RequestContext.Http();
    http.setMethod("GET");
    http.setPath(DynDnsCodec.PATH);
    http.setSourceIp(sourceIp);
    APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
    context.setHttp(http);
    return APIGatewayV2HTTPEvent.builder()
        .withRawPath(DynDnsCodec.PATH)
        .withRawQueryString(query)
        .withHeaders(Map.of("authorization", "Basic " + Base64.getEncoder().encodeToString(
            ("router:" + password).getBytes(StandardCharsets.UTF_8))))
        .withRequestContext(context)
        .build();
  }

  static String body(APIGatewayV2HTTPResponse response) {
    return new String(Base64.getDecoder().decode(response.getBody()), StandardCharsets.UTF_8);
  }

  List<String> addresses(int type) {
    return store.open(TestZone.ZONE).orElseThrow()
        .node(Name.fromConstantString("router.example.test.")).flatMap(n -> n.rrset(type))
        .stream().flatMap(set -> set.records().stream()).map(r -> r.rdataToString()).toList();
  }

  @Test
  void withoutMyipTheSourceIpOfTheEventIsSet() {
    APIGatewayV2HTTPResponse response = function().handleRequest(
        event("hostname=router.example.test", SECRET, "203.0.113.9"), null);
    assertEquals(200, response.getStatusCode());
    assertEquals("good 203.0.113.9\n", body(response));
    assertEquals(List.of("203.0.113.9"), addresses(Type.A));
  }

  @Test
  void anIpv6SourceIpSetsTheAaaaRecord() {
    APIGatewayV2HTTPResponse response = function().handleRequest(
        event("hostname=router.example.test", SECRET, "2001:db8::9"), null);
    assertEquals("good 2001:db8::9\n", body(response));
    assertEquals(List.of("2001:db8:0:0:0:0:0:9"), addresses(Type.AAAA));
  }

  @Test
  void aWrongPasswordInTheEventIsBadauthAndChangesNothing() {
    APIGatewayV2HTTPResponse response = function().handleRequest(
        event("hostname=router.example.test&myip=192.0.2.5", "guess", "203.0.113.9"), null);
    assertEquals(200, response.getStatusCode());
    assertEquals("badauth\n", body(response));
    assertEquals(List.of(), addresses(Type.A));
  }
}
