package dev.ddns.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The cost model's arithmetic on hand-checked inputs. */
class CostModelTest {
  @Test
  void aMillionUpdatesAddUpLineByLine() {
    List<CostModel.Line> lines = CostModel.perMillionUpdates(
        new CostModel.Update(10, 8, 19.2, 1024, 600, 500, 30));
    assertEquals(6.25, usd(lines, "DynamoDB writes"), 1e-9);
    assertEquals(1.00, usd(lines, "DynamoDB reads"), 1e-9);
    assertEquals(0.20, usd(lines, "UpdateFunction requests"), 1e-9);
    // 20 ms billed (rounded up) x 1 GB x 1e6 x $0.0000133334
    assertEquals(0.266668, usd(lines, "UpdateFunction duration"), 1e-9);
    // (600 + 400) B x 1e6 = 1 GB at $0.50
    assertEquals(0.50, usd(lines, "CloudWatch Logs ingestion"), 1e-9);
    // 0.5 GB kept a whole month at $0.25
    assertEquals(0.125, usd(lines, "DynamoDB storage"), 1e-9);
    double sum = lines.subList(0, lines.size() - 1).stream().mapToDouble(CostModel.Line::usd)
        .sum();
    assertEquals(sum, CostModel.total(lines), 1e-12);
  }

  @Test
  void aMillionUnappliedUpdatesPayTheirReplayRecordButNoNotifyOrJournal() {
    List<CostModel.Line> lines = CostModel.perMillionUnappliedUpdates(1, 8, 4.2, 1024, 600);
    assertEquals(0.625, usd(lines, "DynamoDB writes"), 1e-9);
    assertEquals(1.00, usd(lines, "DynamoDB reads"), 1e-9);
    // 5 ms billed (rounded up) x 1 GB x 1e6 x $0.0000133334
    assertEquals(0.066667, usd(lines, "UpdateFunction duration"), 1e-9);
    assertEquals(0.50, usd(lines, "CloudWatch Logs ingestion"), 1e-9);
    assertEquals(List.of(), lines.stream().filter(l -> l.item().startsWith("Notify")
        || l.item().equals("DynamoDB storage")).toList());
    assertEquals(0.625 + 1.00 + 0.20 + 0.066667 + 0.50, CostModel.total(lines), 1e-9);
  }

  @Test
  void anIdleMonthIsAlarmsSecretsAndTheSweep() {
    List<CostModel.Line> lines = CostModel.idleMonth(new CostModel.Idle(8, 3, 2,
        new CostModel.Sweep(43_800, 40, 1024, 1.0, 200)));
    assertEquals(0.80, usd(lines, "CloudWatch alarms"), 1e-9);
    assertEquals(0.90, usd(lines, "Custom metrics"), 1e-9);
    assertEquals(0.80, usd(lines, "Secrets"), 1e-9);
    assertEquals(43_800 * 0.20e-6, usd(lines, "Expiry sweep: requests"), 1e-12);
    assertEquals(43_800 * 0.040 * 0.0000133334, usd(lines, "Expiry sweep: duration"), 1e-12);
    assertEquals(43_800 * 0.125e-6, usd(lines, "Expiry sweep: reads"), 1e-12);
  }

  private static double usd(List<CostModel.Line> lines, String item) {
    return lines.stream().filter(l -> l.item().equals(item)).findFirst().orElseThrow().usd();
  }
}
