package dev.ddns.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ddns.relay.UnsignedRateLimiter.Verdict;
import dev.ddns.testing.MutableClock;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The unsigned rate limit as a table of scripts on a clock moved by hand. A script is a list of
 * steps: {@code +500ms} moves the clock; {@code 10.0.0.1 PASS} sends a request from that address
 * and expects the verdict; {@code 10.0.0.1 formerr DROP} does the same for a datagram the relay
 * would answer FORMERR.
 */
class UnsignedRateLimiterTest {
  record Case(String rule, UnsignedLimit limit, String script) {
    @Override
    public String toString() {
      return rule;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("the overall bucket holds one second's worth", new UnsignedLimit(3, 0, 0),
            "10.0.0.1 PASS, 10.9.0.1 PASS, 10.8.0.1 PASS, 10.7.0.1 DROP"),
        new Case("tokens come back at the rate", new UnsignedLimit(2, 0, 0),
            "10.0.0.1 PASS, 10.0.0.1 PASS, 10.0.0.1 DROP, +499ms, 10.0.0.1 DROP, +1ms,"
                + " 10.0.0.1 PASS, 10.0.0.1 DROP"),
        new Case("an idle while refills no more than one second's worth",
            new UnsignedLimit(2, 0, 0),
            "+10s, 10.0.0.1 PASS, 10.0.0.1 PASS, 10.0.0.1 DROP"),
        new Case("one IPv4 /24 shares a bucket; the next /24 has its own",
            new UnsignedLimit(0, 1, 0),
            "10.0.0.1 PASS, 10.0.0.254 DROP, 10.0.1.1 PASS, 10.0.1.2 DROP"),
        new Case("one IPv6 /56 shares a bucket; the next /56 has its own",
            new UnsignedLimit(0, 1, 0),
            "2001:db8:0:100::1 PASS, 2001:db8:0:1ff::2 DROP, 2001:db8:0:200::1 PASS"),
        new Case("a datagram over its prefix limit takes no overall token",
            new UnsignedLimit(2, 1, 0),
            "10.0.0.1 PASS, 10.0.0.1 DROP, 10.0.0.1 DROP, 10.0.1.1 PASS, 10.0.2.1 DROP"),
        new Case("the prefix bucket refills at its own rate", new UnsignedLimit(100, 2, 0),
            "10.0.0.1 PASS, 10.0.0.1 PASS, 10.0.0.1 DROP, +500ms, 10.0.0.1 PASS,"
                + " 10.0.0.1 DROP"),
        new Case("slip 2 answers every second request over the limit TC=1",
            new UnsignedLimit(1, 0, 2),
            "10.0.0.1 PASS, 10.0.0.1 DROP, 10.0.0.1 SLIP, 10.0.0.1 DROP, 10.0.0.1 SLIP"),
        new Case("slip 1 answers every request over the limit TC=1", new UnsignedLimit(1, 0, 1),
            "10.0.0.1 PASS, 10.0.0.1 SLIP, 10.0.0.1 SLIP"),
        new Case("slip 0 answers none", new UnsignedLimit(1, 0, 0),
            "10.0.0.1 PASS, 10.0.0.1 DROP, 10.0.0.1 DROP, 10.0.0.1 DROP"),
        new Case("a datagram the relay would answer FORMERR is only ever dropped",
            new UnsignedLimit(1, 0, 1),
            "10.0.0.1 formerr PASS, 10.0.0.1 formerr DROP, 10.0.0.1 formerr DROP,"
                + " 10.0.0.1 SLIP"),
        new Case("FORMERR answers take tokens like requests", new UnsignedLimit(0, 2, 0),
            "10.0.0.1 formerr PASS, 10.0.0.1 PASS, 10.0.0.1 DROP"),
        new Case("no limit lets everything pass", UnsignedLimit.NONE,
            "10.0.0.1 PASS, 10.0.0.1 PASS, 10.0.0.1 formerr PASS, ::1 PASS"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void script(Case c) throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    UnsignedRateLimiter limiter = new UnsignedRateLimiter(c.limit(), clock);
    List<String> expected = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    long over = 0;
    long slips = 0;
    for (String step : c.script().split(",\\s*")) {
      String[] words = step.trim().split(" ");
      if (words[0].startsWith("+")) {
        clock.advance(duration(words[0]));
        continue;
      }
      boolean request = words.length == 2;
      Verdict verdict = Verdict.valueOf(words[words.length - 1]);
      expected.add(step);
      actual.add(words[0] + (request ? " " : " formerr ")
          + limiter.admit(InetAddress.getByName(words[0]), request));
      over += verdict == Verdict.PASS ? 0 : 1;
      slips += verdict == Verdict.SLIP ? 1 : 0;
    }
    assertEquals(expected, actual);
    assertEquals(over, limiter.limited(), "limited");
    assertEquals(slips, limiter.slipped(), "slipped");
  }

  /** {@code +500ms} or {@code +10s}. */
  private static Duration duration(String step) {
    return step.endsWith("ms")
        ? Duration.ofMillis(Long.parseLong(step.substring(1, step.length() - 2)))
        : Duration.ofSeconds(Long.parseLong(step.substring(1, step.length() - 1)));
  }

  @Test
  void negativeRatesAndSlipAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new UnsignedLimit(-1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new UnsignedLimit(0, -1, 0));
    assertThrows(IllegalArgumentException.class, () -> new UnsignedLimit(0, 0, -1));
  }
}
