package dev.ddns.adapter.secrets;

import dev.ddns.core.port.StoreException;
import dev.ddns.core.tsig.KeyStore;
import dev.ddns.core.tsig.TsigKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.xbill.DNS.Name;

/**
 * Keys in a directory, one BIND key file per key: {@code NAME.key} holds the current secret and
 * {@code NAME.key.previous} the one before the last rotation, NAME as {@link KeyNames} writes
 * it. Both verify until the next rotation or the key's deletion. Files are read on every lookup,
 * so edits take effect at once; this is the store of {@code ddns local}, not of Lambda.
 */
public final class KeyDirectory implements KeyStore, KeyVault {
  private static final String CURRENT = ".key";
  private static final String PREVIOUS = ".key.previous";

  private final Path dir;

  public KeyDirectory(Path dir) {
    this.dir = dir;
  }

  @Override
  public Optional<TsigKey> find(Name keyName) {
    return KeyNames.text(keyName).flatMap(text -> read(keyName, dir.resolve(text + CURRENT)));
  }

  @Override
  public List<TsigKey> candidates(Name keyName) {
    Optional<String> text = KeyNames.text(keyName);
    if (text.isEmpty()) {
      return List.of();
    }
    List<TsigKey> keys = new ArrayList<>();
    read(keyName, dir.resolve(text.get() + CURRENT)).ifPresent(keys::add);
    if (!keys.isEmpty()) {
      read(keyName, dir.resolve(text.get() + PREVIOUS)).ifPresent(keys::add);
    }
    return keys;
  }

  private static Optional<TsigKey> read(Name keyName, Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("cannot read key file " + file + ": " + e.getMessage(), e);
    }
    try {
      return BindKeyFile.parse(text).stream().filter(k -> k.name().equals(keyName)).findFirst();
    } catch (IllegalArgumentException e) {
      throw new StoreException(file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void create(TsigKey key) {
    Path file = current(key);
    if (Files.exists(file)) {
      throw new IllegalStateException("key " + key.name() + " exists in " + file
          + "; use 'ddns key rotate' for a new secret");
    }
    KeyFiles.write(file, key);
  }

  @Override
  public void rotate(TsigKey key) {
    Path file = current(key);
    if (!Files.exists(file)) {
      throw new IllegalStateException("no key " + key.name() + " in " + dir
          + "; create it with 'ddns key create'");
    }
    try {
      Files.move(file, dir.resolve(KeyNames.require(key.name()) + PREVIOUS),
          StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the previous secret of " + key.name(), e);
    }
    KeyFiles.write(file, key);
  }

  @Override
  public Optional<TsigKey> current(Name name) {
    return find(name);
  }

  @Override
  public List<Entry> list() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Entry> entries = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String fileName = file.getFileName().toString();
        if (!fileName.endsWith(CURRENT)) {
          continue;
        }
        Optional<Name> name = KeyNames.fromText(
            fileName.substring(0, fileName.length() - CURRENT.length()));
        Optional<TsigKey> key = name.flatMap(n -> read(n, file));
        if (key.isPresent()) {
          entries.add(new Entry(key.get().name(), key.get().algorithmName(),
              Optional.of(Files.getLastModifiedTime(file).toInstant())));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list key directory " + dir, e);
    }
    entries.sort(Comparator.comparing(Entry::name));
    return entries;
  }

  @Override
  public boolean delete(Name name) {
    String text = KeyNames.require(name);
    try {
      Files.deleteIfExists(dir.resolve(text + PREVIOUS));
      return Files.deleteIfExists(dir.resolve(text + CURRENT));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete key " + name + " from " + dir, e);
    }
  }

  @Override
  public String describe() {
    return "key directory " + dir;
  }

  private Path current(TsigKey key) {
    return dir.resolve(KeyNames.require(key.name()) + CURRENT);
  }
}
