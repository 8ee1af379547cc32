package dev.ddns.core.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.tsig.KeyStore;
import dev.ddns.core.tsig.TsigKey;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;

class RelayKeyNamesTest {
  private static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=";

  @ParameterizedTest(name = "{0} -> relay key {1}")
  @CsvSource({
      "_relay.site1., true",
      "_RELAY.Site1.example., true",
      "_relay., false",
      "relay.site1., false",
      "x._relay.site1., false",
      "_relayx.site1., false",
      "updater.example.com., false"})
  void onlyNamesBeginningWithTheRelayLabelAreRelayKeys(String name, boolean relay) {
    assertEquals(relay, RelayKeyNames.isRelayKey(Name.fromConstantString(name)));
  }

  @ParameterizedTest(name = "{0}: TSIG sees {1}, attestation sees {2}")
  @CsvSource({
      "_relay.site1., false, true",
      "updater.example.com., true, false"})
  void eachSideSeesItsOwnKind(String name, boolean tsig, boolean relay) {
    TsigKey key = TsigKey.of(name, "hmac-sha256", SECRET);
    KeyStore keys = new StaticKeyStore(List.of(key));
    Name keyName = key.name();
    assertEquals(tsig ? Optional.of(key) : Optional.empty(),
        RelayKeyNames.tsigKeys(keys).find(keyName));
    assertEquals(tsig ? List.of(key) : List.of(), RelayKeyNames.tsigKeys(keys).candidates(keyName));
    assertEquals(relay ? Optional.of(key) : Optional.empty(),
        RelayKeyNames.relayKeys(keys).find(keyName));
    assertEquals(relay ? List.of(key) : List.of(),
        RelayKeyNames.relayKeys(keys).candidates(keyName));
  }
}
