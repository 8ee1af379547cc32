package dev.ddns.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class PolicyCacheTest {
  static final Name ZONE = Name.fromConstantString("example.com.");
  static final Name OTHER = Name.fromConstantString("example.org.");

  @Test
  void equalLinesOfTheSameZoneParseOnce() {
    PolicyCache cache = new PolicyCache();
    PolicyParse first = cache.parse(ZONE, List.of("grant k. zonesub TXT"));
    assertSame(first, cache.parse(ZONE, new ArrayList<>(List.of("grant k. zonesub TXT"))));
    assertEquals(ZONE, cache.parse(ZONE, List.of("grant k. zonesub TXT")).policy().rules()
        .get(0).name());
    PolicyParse other = cache.parse(OTHER, List.of("grant k. zonesub TXT"));
    assertNotSame(first, other);
    assertEquals(OTHER, other.policy().rules().get(0).name(), "zonesub is each zone's apex");
  }

  @Test
  void errorsAreCachedToo() {
    PolicyCache cache = new PolicyCache();
    assertFalse(cache.parse(ZONE, List.of("grant k. subdomain www A")).ok());
    assertFalse(cache.parse(ZONE, List.of("grant k. subdomain www A")).ok());
  }

  @Test
  void staysBounded() {
    PolicyCache cache = new PolicyCache();
    PolicyParse first = cache.parse(ZONE, List.of("grant k0. zonesub TXT"));
    for (int i = 1; i <= PolicyCache.MAX_ENTRIES; i++) {
      cache.parse(ZONE, List.of("grant k" + i + ". zonesub TXT"));
    }
    assertNotSame(first, cache.parse(ZONE, List.of("grant k0. zonesub TXT")),
        "emptied once full");
  }
}
