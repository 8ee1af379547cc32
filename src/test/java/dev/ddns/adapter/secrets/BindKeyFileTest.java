package dev.ddns.adapter.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.tsig.TsigKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Name;

/** BIND key files as tsig-keygen writes them and nsupdate -k reads them. */
class BindKeyFileTest {
  static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=";

  @ParameterizedTest(name = "{0} round-trips with its BIND name")
  @ValueSource(strings = {"hmac-md5", "hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384",
      "hmac-sha512"})
  void formatUsesBindAlgorithmNamesAndParsesBack(String algorithm) {
    TsigKey key = TsigKey.of("k1.example.", algorithm, SECRET);
    String text = BindKeyFile.format(key);
    assertTrue(text.contains("algorithm " + algorithm + ";"), text);
    assertTrue(text.startsWith("key \"k1.example\" {"), text);
    assertEquals(List.of(key), BindKeyFile.parse(text));
  }

  @Test
  void readsTsigKeygenOutputWithCommentsAndSeveralKeys() {
    String text = """
        # made by tsig-keygen
        key "acme" {
        \talgorithm hmac-sha512;   // strong
        \tsecret "%s";
        };
        /* a second key */
        key other.example. { algorithm HMAC-SHA1; secret "%s"; };
        """.formatted(SECRET, SECRET);
    List<TsigKey> keys = BindKeyFile.parse(text);
    assertEquals(2, keys.size());
    assertEquals(Name.fromConstantString("acme."), keys.get(0).name());
    assertEquals("hmac-sha512", keys.get(0).algorithmName());
    assertEquals("hmac-sha1", keys.get(1).algorithmName());
  }

  @Test
  void secretsContainingCommentMarkersSurvive() {
    String secret = "ab//cd//ef+/gg==";
    String text = "key \"k\" { algorithm hmac-sha256; secret \"" + secret + "\"; }; // note";
    assertEquals(secret, BindKeyFile.parse(text).get(0).base64Secret());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "no key statement | zone \"x\" { };                                   | no key statement",
      "no secret        | key \"k\" { algorithm hmac-sha256; };              | no secret",
      "no algorithm     | key \"k\" { secret \"YWJj\"; };                    | no algorithm",
      "bad algorithm    | key \"k\" { algorithm hmac-foo; secret \"YWJj\"; }; | unsupported TSIG algorithm",
      "bad base64       | key \"k\" { algorithm hmac-md5; secret \"%%%\"; };  | not valid base64"})
  void badFilesSayWhatIsWrong(String rule, String text, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BindKeyFile.parse(text));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void keyStoreNamesTheBadFile(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.key");
    Files.writeString(bad, "key \"k\" { algorithm hmac-sha256; };");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StaticKeyStore.fromFiles(List.of(bad)));
    assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
  }

  @Test
  void keyStoreFindsKeysCaseInsensitively(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("k.key");
    Files.writeString(file, BindKeyFile.format(TsigKey.of("Mixed.Case.", "hmac-sha256", SECRET)));
    StaticKeyStore store = StaticKeyStore.fromFiles(List.of(file));
    assertTrue(store.find(Name.fromConstantString("mixed.CASE.")).isPresent());
  }
}
