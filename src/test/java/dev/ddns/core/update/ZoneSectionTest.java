package dev.ddns.core.update;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Rcode;

class ZoneSectionTest {

  /** Header (ID 1, flags, ZOCOUNT 1, no other records) and a zone section, in hex. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "UPDATE, zone class IN | 0001 2800 0001 0000 0000 0000 04 74657374 00 0006 0001 | -",
      "UPDATE, zone class CH | 0001 2800 0001 0000 0000 0000 04 74657374 00 0006 0003 | NOTIMP",
      "UPDATE, zone class ANY | 0001 2800 0001 0000 0000 0000 04 74657374 00 0006 00ff | NOTIMP",
      "UPDATE, root zone, class HS | 0001 2800 0001 0000 0000 0000 00 0006 0004 | NOTIMP",
      "UPDATE, compressed zone name | 0001 2800 0001 0000 0000 0000 c00c 0006 0003 | NOTIMP",
      "QUERY of class CH | 0001 0000 0001 0000 0000 0000 04 74657374 00 0006 0003 | -",
      "a response (QR) | 0001 a800 0001 0000 0000 0000 04 74657374 00 0006 0003 | -",
      "UPDATE, no zone section | 0001 2800 0000 0000 0000 0000 | -",
      "UPDATE, cut in the class | 0001 2800 0001 0000 0000 0000 04 74657374 00 0006 00 | -",
      "UPDATE, a label past the end | 0001 2800 0001 0000 0000 0000 3f 7465 | -",
      "shorter than a header | 0001 2800 0001 | -"})
  void readsTheZoneClassFromTheWire(String what, String hex, String rcode) {
    byte[] wire = HexFormat.of().parseHex(hex.replace(" ", ""));
    Optional<Integer> expected = rcode.equals("-") ? Optional.empty()
        : Optional.of(Rcode.value(rcode));
    assertEquals(expected, ZoneSection.unservedClass(wire).map(Verdict::rcode), what);
  }
}
