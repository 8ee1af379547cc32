package dev.ddns.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Address prefixes and client addresses as text (docs/policy.md, docs/relay.md). */
class AddressPrefixTest {

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      10.1.0.0/15 | 10.0.255.1 | true
      10.1.0.0/15 | 10.1.2.3 | true
      10.1.0.0/15 | 10.2.0.1 | false
      10.1.0.0/15 | ::1 | false
      192.0.2.7 | 192.0.2.7 | true
      192.0.2.7 | 192.0.2.8 | false
      0.0.0.0/0 | 255.255.255.255 | true
      ::1 | ::1 | true
      ::/0 | 2001:db8::1 | true
      ::/0 | 192.0.2.1 | false
      2001:db8::/32 | 2001:db8:ffff::1 | true
      2001:db8::/32 | 2001:db9::1 | false
      192.0.2.0/24 | ::ffff:192.0.2.1 | true
      """)
  void contains(String prefix, String address, boolean inside) {
    assertEquals(inside, AddressPrefix.parse(prefix).contains(IpAddress.parse(address)
        .orElseThrow()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      example.com
      10.0.0.0/33
      10.0.0.0/
      10.0.0.0/-1
      2001:db8::/129
      1.2.3
      """)
  void badPrefixes(String text) {
    assertThrows(IllegalArgumentException.class, () -> AddressPrefix.parse(text));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      10.1.0.0/15 | 10.1.0.0/15
      192.0.2.7 | 192.0.2.7/32
      2001:0db8:0000:0000:0000:0000:0000:0001 | 2001:db8::1/128
      2001:db8:0:1:0:0:0:1/64 | 2001:db8:0:1::1/64
      2001:db8:0:0:1:0:0:1/64 | 2001:db8::1:0:0:1/64
      ::/0 | ::/0
      """)
  void prefixesAreWrittenShort(String text, String written) {
    assertEquals(written, AddressPrefix.parse(text).toString());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      192.0.2.1:5353 | 192.0.2.1
      192.0.2.1#5353 | 192.0.2.1
      192.0.2.1 | 192.0.2.1
      [2001:db8::1]:5353 | 2001:db8::1
      2001:db8::1#5353 | 2001:db8::1
      2001:db8::1 | 2001:db8::1
      [::ffff:192.0.2.1]:53 | 192.0.2.1
      unknown | -
      host.example:53 | -
      [2001:db8::1:53 | -
      """)
  void clientAddresses(String client, String address) {
    assertEquals(address.equals("-") ? Optional.empty() : IpAddress.parse(address),
        IpAddress.ofClient(client));
  }
}
