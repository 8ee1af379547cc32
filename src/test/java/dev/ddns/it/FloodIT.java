package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.bench.FloodDriver;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.testing.tools.LocalDdns;
import dev.ddns.testing.tools.TestKey;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * A short version of {@code bench/flood}: {@code ddns local}'s relay takes garbage datagrams
 * mixed with signed updates for a few seconds, all from 127.0.0.1. The garbage goes over the
 * unsigned rate limit and is held there, every signed update is answered NOERROR (the signed lane
 * does not wait behind it), the process survives, and it answers normally afterwards.
 */
class FloodIT {
  @Test
  void signedUpdatesAreAnsweredThroughGarbage(@TempDir Path dir) throws Exception {
    try (LocalDdns ddns = LocalDdns.start(dir, List.of())) {
      TestKey local = ddns.localKey();
      FloodDriver driver = new FloodDriver(new InetSocketAddress("127.0.0.1", ddns.dnsPort()),
          TsigKey.of(local.name(), local.algorithm(), local.secret()),
          Name.fromConstantString("example.test."));

      FloodDriver.Result flood = driver.run(2_000, 5, Duration.ofSeconds(3));

      assertEquals(flood.validSent(), flood.validAnswered(),
          "answered " + flood + "\n" + ddns.diagnostics());
      assertEquals(flood.validAnswered(), flood.validNoError(), flood.toString());
      assertTrue(ddns.output().contains("unsigned UDP over its rate limit"), ddns.diagnostics());
      assertTrue(ddns.isAlive(), ddns.diagnostics());
      FloodDriver.Result after = driver.run(0, 10, Duration.ofSeconds(1));
      assertEquals(after.validSent(), after.validNoError(), "after the flood: " + after);
    }
  }
}
