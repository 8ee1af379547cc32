package dev.ddns.adapter.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SocketAddressesTest {

  @ParameterizedTest
  @CsvSource({
      "127.0.0.1, 127.0.0.1:53",
      "::1, [::1]:53",
      "::, [::]:53",
      "2001:db8:0:0:1:0:0:1, [2001:db8::1:0:0:1]:53",
      "2001:db8:1:2:3:4:5:6, [2001:db8:1:2:3:4:5:6]:53",
      "fe80:0:0:0:0:0:0:0, [fe80::]:53"})
  void formatsLikePeopleWriteThem(String ip, String expected) throws UnknownHostException {
    assertEquals(expected, SocketAddresses.format(new InetSocketAddress(InetAddress.getByName(ip), 53)));
  }
}
