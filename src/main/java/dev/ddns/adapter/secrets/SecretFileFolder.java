package dev.ddns.adapter.secrets;

import dev.ddns.core.port.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A folder of secret files, one per stored name ({@code NAME} and a suffix), written readable by
 * their owner only ({@link KeyFiles}): the file handling {@link KeyDirectory} and
 * {@link TokenDirectory} share. Files are read on every lookup; a file that does not parse is a
 * {@link StoreException}, not a missing secret.
 */
final class SecretFileFolder {
  private final Path dir;
  private final String what;

  /** @param what what the files hold ({@code key}, {@code token}), for messages */
  SecretFileFolder(Path dir, String what) {
    this.dir = dir;
    this.what = what;
  }

  /** The file of the name {@code text} with {@code suffix}. */
  Path file(String text, String suffix) {
    return dir.resolve(text + suffix);
  }

  /** What {@code parse} makes of the text of {@code file}; empty when there is no such file. */
  <T> Optional<T> read(Path file, Function<String, Optional<T>> parse) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("cannot read " + what + " file " + file + ": " + e.getMessage(), e);
    }
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException e) {
      throw new StoreException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code text} to the new file {@code file}.
   *
   * @throws IllegalStateException saying {@code exists} when the file exists
   */
  void create(Path file, String text, String exists) {
    if (Files.exists(file)) {
      throw new IllegalStateException(exists);
    }
    KeyFiles.writeOwnerOnly(file, text, what);
  }

  /** The names of the files ending in {@code suffix}, without it; none without the folder. */
  List<String> names(String suffix) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(suffix))
          .map(name -> name.substring(0, name.length() - suffix.length()))
          .toList();
    } catch (IOException e) {
      throw unlisted(e);
    }
  }

  /** When {@code file} last changed, for a listing. */
  Optional<Instant> changed(Path file) {
    try {
      return Optional.of(Files.getLastModifiedTime(file).toInstant());
    } catch (IOException e) {
      throw unlisted(e);
    }
  }

  /** Deletes {@code file} of {@code name}; false when there was none. */
  boolean delete(Path file, String name) {
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + what + " " + name + " from " + dir, e);
    }
  }

  /** Where the files are, for messages. */
  String describe() {
    return "key directory " + dir;
  }

  private UncheckedIOException unlisted(IOException e) {
    return new UncheckedIOException("cannot list " + what + " directory " + dir, e);
  }
}
