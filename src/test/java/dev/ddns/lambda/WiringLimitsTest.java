package dev.ddns.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.service.ProtocolLimits;
import dev.ddns.core.service.ServiceLimits;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Lambda's service limits from its environment. */
class WiringLimitsTest {
  @Test
  void defaultsWhenUnset() {
    assertEquals(ServiceLimits.DEFAULT, Wiring.limits(Map.of()));
  }

  @Test
  void eachVariableOverridesItsPart() {
    assertEquals(new ServiceLimits(5, 100, 256), Wiring.limits(Map.of(Wiring.KEY_RATE, "5")));
    assertEquals(new ServiceLimits(0.5, 3, 8), Wiring.limits(Map.of(Wiring.KEY_RATE, "0.5",
        Wiring.KEY_BURST, "3", Wiring.MAX_IN_FLIGHT, "8")));
  }

  @Test
  void badValuesNameTheVariables() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Wiring.limits(Map.of(Wiring.KEY_BURST, "lots")));
    assertTrue(e.getMessage().contains(Wiring.KEY_BURST), e.getMessage());
    assertThrows(IllegalStateException.class, () -> Wiring.limits(Map.of(Wiring.KEY_RATE, "-1")));
  }

  @Test
  void protocolLimitsFromTheEnvironment() {
    assertEquals(ProtocolLimits.DEFAULT, Wiring.protocolLimits(Map.of()));
    assertEquals(new ProtocolLimits(4096, Duration.ofSeconds(60)), Wiring.protocolLimits(Map.of(
        Wiring.UNSIGNED_UDP_LIMIT, "4096", Wiring.TSIG_MAX_FUDGE, "60")));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Wiring.protocolLimits(Map.of(Wiring.UNSIGNED_UDP_LIMIT, "100")));
    assertTrue(e.getMessage().contains(Wiring.UNSIGNED_UDP_LIMIT), e.getMessage());
    assertThrows(IllegalStateException.class,
        () -> Wiring.protocolLimits(Map.of(Wiring.TSIG_MAX_FUDGE, "70000")));
  }
}
