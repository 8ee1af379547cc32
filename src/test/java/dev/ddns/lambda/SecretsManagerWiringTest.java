package dev.ddns.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.ddns.adapter.secrets.BindKeyFile;
import dev.ddns.adapter.secrets.FakeSecretsManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/** The Lambda wiring with keys from Secrets Manager (a local stand-in, the real SDK client). */
class SecretsManagerWiringTest {
  private static final Clock SIGNING_TIME =
      Clock.fixed(Instant.parse("2025-01-01T00:00:10Z"), ZoneOffset.UTC);

  @Test
  void theSampleUpdateVerifiesWithItsKeyInSecretsManager() throws Exception {
    try (FakeSecretsManager secrets = FakeSecretsManager.start()) {
      Map<String, String> env = Map.of(
          Wiring.STORE, "memory",
          Wiring.ZONE_FILE, "events/example.test.zone",
          Wiring.SECRETS_ENDPOINT, secrets.endpoint().toString(),
          Wiring.SECRET_PREFIX, "lambda/");
      UpdateFunction function = new UpdateFunction(Wiring.service(env, SIGNING_TIME));
      APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/update-post.json");

      assertEquals(Rcode.NOTAUTH, reply(function.handleRequest(event, null)).getRcode(),
          "no secret yet: BADKEY");
      secrets.put("lambda/ddns-events-key", BindKeyFile.parse(
          Files.readString(Path.of("events/ddns-events.key"))).get(0));
      UpdateFunction fresh = new UpdateFunction(Wiring.service(env, SIGNING_TIME));
      Message reply = reply(fresh.handleRequest(event, null));
      assertEquals(Rcode.NOERROR, reply.getRcode(), reply.toString());
      assertNotNull(reply.getTSIG());
      assertEquals(1, secrets.calls("GetSecretValue") - 1,
          "AWSCURRENT only: it verified, so AWSPREVIOUS is not read even just after creation");
    }
  }

  private static Message reply(APIGatewayV2HTTPResponse response) throws Exception {
    assertEquals(200, response.getStatusCode());
    return new Message(Base64.getDecoder().decode(response.getBody()));
  }

  @Test
  void keyWiringNamesTheVariableThatIsWrong() {
    Map<String, String> memory = Map.of(Wiring.STORE, "memory");
    IllegalStateException region = assertThrows(IllegalStateException.class,
        () -> Wiring.service(memory, SIGNING_TIME));
    assertTrue(region.getMessage().contains("AWS_REGION"), region.getMessage());
    IllegalStateException kind = assertThrows(IllegalStateException.class, () -> Wiring.service(
        Map.of(Wiring.STORE, "memory", Wiring.KEYS, "vault"), SIGNING_TIME));
    assertTrue(kind.getMessage().startsWith("DDNS_KEYS=vault"), kind.getMessage());
    IllegalStateException file = assertThrows(IllegalStateException.class, () -> Wiring.service(
        Map.of(Wiring.STORE, "memory", Wiring.KEYS, "file"), SIGNING_TIME));
    assertTrue(file.getMessage().contains("DDNS_KEY_FILE"), file.getMessage());
    IllegalStateException ttl = assertThrows(IllegalStateException.class, () -> Wiring.service(
        Map.of(Wiring.STORE, "memory", Wiring.REGION, "eu-west-1",
            Wiring.KEY_CACHE_TTL, "60"), SIGNING_TIME));
    assertTrue(ttl.getMessage().startsWith("DDNS_KEY_CACHE_TTL=60"), ttl.getMessage());
  }
}
