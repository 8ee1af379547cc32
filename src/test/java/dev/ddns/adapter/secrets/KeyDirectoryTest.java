package dev.ddns.adapter.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.port.StoreException;
import dev.ddns.core.tsig.TsigKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** The key directory of {@code ddns local --key-dir}: layout, rotation, bad files. */
class KeyDirectoryTest {
  private static final TsigKey KEY = TsigKey.of("dhcp.Example.", "hmac-sha1", "c2VjcmV0LW9uZQ==");
  private static final TsigKey NEXT = TsigKey.of("dhcp.example.", "hmac-sha1", "c2VjcmV0LXR3bw==");

  @TempDir Path dir;

  @Test
  void oneOwnerOnlyBindKeyFilePerKeyNamedInLowerCase() throws IOException {
    KeyDirectory keys = new KeyDirectory(dir.resolve("keys"));
    keys.create(KEY);
    Path file = dir.resolve("keys/dhcp.example.key");
    assertEquals(List.of(KEY), BindKeyFile.parse(Files.readString(file)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertThrows(IllegalStateException.class, () -> keys.create(NEXT));
  }

  @Test
  void rotationKeepsThePreviousSecretUntilTheNextRotation() {
    KeyDirectory keys = new KeyDirectory(dir);
    keys.create(KEY);
    keys.rotate(NEXT);
    Name name = Name.fromConstantString("DHCP.example.");
    assertEquals(List.of(NEXT, KEY), keys.candidates(name));
    assertEquals(Optional.of(NEXT), keys.find(name));
    TsigKey third = TsigKey.of("dhcp.example.", "hmac-sha1", "c2VjcmV0LXRocmVl");
    keys.rotate(third);
    assertEquals(List.of(third, NEXT), keys.candidates(name));
    assertTrue(keys.delete(name));
    assertEquals(List.of(), keys.candidates(name));
    assertFalse(Files.exists(dir.resolve("dhcp.example.key.previous")));
    assertFalse(keys.delete(name));
  }

  @Test
  void aNameOutsideTheRulesNeverBecomesAPath() throws IOException {
    Files.writeString(dir.resolve("secret.key"), BindKeyFile.format(
        TsigKey.of("secret.", "hmac-sha256", "c2VjcmV0")));
    KeyDirectory keys = new KeyDirectory(dir.resolve("sub"));
    assertEquals(List.of(), keys.candidates(Name.fromConstantString("\\.\\./secret.")));
  }

  @Test
  void anUnreadableKeyFileIsAStoreFailure() throws IOException {
    Files.writeString(dir.resolve("broken.example.key"), "key \"broken.example.\" { };");
    KeyDirectory keys = new KeyDirectory(dir);
    StoreException e = assertThrows(StoreException.class,
        () -> keys.candidates(Name.fromConstantString("broken.example.")));
    assertTrue(e.getMessage().contains("broken.example.key"), e.getMessage());
  }
}
