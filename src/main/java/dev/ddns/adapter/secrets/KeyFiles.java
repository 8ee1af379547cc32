package dev.ddns.adapter.secrets;

import dev.ddns.core.tsig.TsigKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes BIND key files as secrets deserve: readable by their owner only (mode 600), and whole or
 * not at all (a temporary file in the same folder, moved over the old one).
 */
public final class KeyFiles {
  private KeyFiles() {}

  /** Writes {@code key} to {@code file} in BIND syntax, creating the folder when missing. */
  public static void write(Path file, TsigKey key) {
    writeOwnerOnly(file, BindKeyFile.format(key), "key");
  }

  /**
   * Writes {@code text} to {@code file}, readable by its owner only, creating the folder when
   * missing; {@code what} names the content for the error message.
   */
  static void writeOwnerOnly(Path file, String text, String what) {
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    try {
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, ".ddns-key", ".tmp");
      try {
        setOwnerOnly(temp);
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + what + " file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void setOwnerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the platform's default permissions apply
    }
  }
}
