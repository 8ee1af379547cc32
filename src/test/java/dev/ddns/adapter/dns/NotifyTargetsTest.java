package dev.ddns.adapter.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NotifyTargetsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "192.0.2.1          | 192.0.2.1:53",
      "192.0.2.1:5300     | 192.0.2.1:5300",
      "[2001:db8::1]:5300 | [2001:db8::1]:5300",
      "[::1]              | [::1]:53",
      "2001:db8::53       | [2001:db8::53]:53",
      "' 127.0.0.1:53 '   | 127.0.0.1:53"})
  void readsTheForms(String target, String expected) throws UnknownHostException {
    InetSocketAddress address = NotifyTargets.resolve(target);
    assertEquals(expected, SocketAddresses.format(address));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ":53", "192.0.2.1:0", "192.0.2.1:65536", "192.0.2.1:x",
      "[2001:db8::1", "[2001:db8::1]53"})
  void refusesMalformedTargets(String target) {
    assertThrows(IllegalArgumentException.class, () -> NotifyTargets.resolve(target));
  }
}
