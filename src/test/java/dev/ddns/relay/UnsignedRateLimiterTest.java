package dev.ddns.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ddns.core.model.AddressPrefix;
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
 * would answer FORMERR; {@code 10.0.0.1 sent 600} charges an answer of 600 bytes to that source.
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
        new Case("answer bytes are charged to the prefix: over its budget, it waits",
            new UnsignedLimit(0, 0, 0).withBytes(0, 1000),
            "10.0.0.1 PASS, 10.0.0.1 sent 600, 10.0.0.2 PASS, 10.0.0.2 sent 600, 10.0.0.3 DROP,"
                + " 10.0.1.1 PASS, +100ms, 10.0.0.1 DROP, +101ms, 10.0.0.1 PASS"),
        new Case("answer bytes are charged to the overall budget",
            new UnsignedLimit(0, 0, 0).withBytes(1000, 0),
            "10.0.0.1 PASS, 10.0.0.1 sent 1200, 10.9.0.1 DROP, +201ms, 10.9.0.1 PASS"),
        new Case("a byte budget slips like a datagram limit",
            new UnsignedLimit(0, 0, 1).withBytes(0, 100),
            "10.0.0.1 PASS, 10.0.0.1 sent 500, 10.0.0.1 SLIP"),
        new Case("an exempt prefix passes uncounted and uncharged",
            new UnsignedLimit(1, 1, 0).withBytes(100, 100)
                .withExempt(List.of(AddressPrefix.parse("127.0.0.0/8"))),
            "127.0.0.1 PASS, 127.0.0.1 sent 5000, 127.9.9.9 PASS, 10.0.0.1 PASS, 10.0.0.1 DROP,"
                + " 127.0.0.1 PASS"),
        new Case("an exempt IPv6 prefix", new UnsignedLimit(0, 1, 0)
                .withExempt(List.of(AddressPrefix.parse("2001:db8::/32"))),
            "2001:db8:1::1 PASS, 2001:db8:1::1 PASS, 2001:db9::1 PASS, 2001:db9::1 DROP"),
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
      if (words.length == 3 && words[1].equals("sent")) {
        limiter.charge(InetAddress.getByName(words[0]), Integer.parseInt(words[2]));
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
  void theStartLineSaysWhatIsLimitedAndWhatIsExempt() {
    assertEquals("1000/s and 500000 B/s in all, 100/s and 50000 B/s per source prefix (/24, /56),"
        + " slip 2; exempt: none", UnsignedLimit.DEFAULT.describe());
    assertEquals("no limit in all, 5/s and no byte limit per source prefix (/24, /56), slip 0;"
        + " exempt: 127.0.0.0/8, 10.0.0.1/32", new UnsignedLimit(0, 5, 0).withExempt(List.of(
            AddressPrefix.parse("127.0.0.0/8"), AddressPrefix.parse("10.0.0.1"))).describe());
  }

  private static InetAddress addr(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void negativeRatesAndSlipAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new UnsignedLimit(-1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new UnsignedLimit(0, -1, 0));
    assertThrows(IllegalArgumentException.class, () -> new UnsignedLimit(0, 0, -1));
  }
}
