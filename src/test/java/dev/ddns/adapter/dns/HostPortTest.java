package dev.ddns.adapter.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "192.0.2.1              | 192.0.2.1        | -",
      "192.0.2.1:5300         | 192.0.2.1        | 5300",
      "127.0.0.1:0            | 127.0.0.1        | 0",
      "ns1.example.test:53    | ns1.example.test | 53",
      "[2001:db8::1]:5300     | 2001:db8::1      | 5300",
      "[::1]                  | ::1              | -",
      "2001:db8::53           | 2001:db8::53     | -",
      "fe80::1%eth0           | fe80::1%eth0     | -",
      "' localhost:65535 '    | localhost        | 65535"})
  void readsTheForms(String text, String host, Integer port) {
    HostPort parsed = HostPort.parse(text);
    assertEquals(host, parsed.host());
    assertEquals(port == null ? OptionalInt.empty() : OptionalInt.of(port), parsed.port());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ":53", "[]:53", "192.0.2.1:65536", "192.0.2.1:x", "192.0.2.1:",
      "192.0.2.1:-1", "[2001:db8::1", "[2001:db8::1]53", "bad host!", "a/b:53"})
  void refusesMalformedText(String text) {
    assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text));
  }
}
