package dev.ddns.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

/** The SnapStart priming runs the handler path with no AWS service and leaves nothing behind. */
class SnapStartPrimingTest {
  @Test
  void primingVerifiesWithTheSecretsManagerKeyAppliesInMemoryAndFindsNoZoneBehindTheCannedClient() {
    List<String> rcodes = SnapStartPriming.prime().stream().map(Rcode::string).toList();
    assertEquals(List.of("NOERROR", "NOTAUTH", "NOERROR", "NOTAUTH"), rcodes);
  }

  @Test
  void primingLeavesNoUsageForTheFirstRealRequest() {
    SnapStartPriming.prime();
    assertEquals(new DynamoUsage.Totals(0, 0), DynamoUsage.takeTotals());
  }
}
