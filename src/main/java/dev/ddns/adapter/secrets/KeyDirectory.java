package dev.ddns.adapter.secrets;

import dev.ddns.core.tsig.KeyStore;
import dev.ddns.core.tsig.TsigKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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
  private final SecretFileFolder folder;

  public KeyDirectory(Path dir) {
    this.dir = dir;
    this.folder = new SecretFileFolder(dir, "key");
  }

  @Override
  public Optional<TsigKey> find(Name keyName) {
    return KeyNames.text(keyName).flatMap(text -> read(keyName, folder.file(text, CURRENT)));
  }

  @Override
  public List<TsigKey> candidates(Name keyName) {
    Optional<String> text = KeyNames.text(keyName);
    if (text.isEmpty()) {
      return List.of();
    }
    List<TsigKey> keys = new ArrayList<>();
    read(keyName, folder.file(text.get(), CURRENT)).ifPresent(keys::add);
    if (!keys.isEmpty()) {
      read(keyName, folder.file(text.get(), PREVIOUS)).ifPresent(keys::add);
    }
    return keys;
  }

  private Optional<TsigKey> read(Name keyName, Path file) {
    return folder.read(file, text ->
        BindKeyFile.parse(text).stream().filter(k -> k.name().equals(keyName)).findFirst());
  }

  @Override
  public void create(TsigKey key) {
    Path file = current(key);
    folder.create(file, BindKeyFile.format(key), "key " + key.name() + " exists in " + file
        + "; use 'ddns key rotate' for a new secret");
  }

  @Override
  public void rotate(TsigKey key) {
    Path file = current(key);
    if (!Files.exists(file)) {
      throw new IllegalStateException("no key " + key.name() + " in " + dir
          + "; create it with 'ddns key create'");
    }
    try {
      Files.move(file, folder.file(KeyNames.require(key.name()), PREVIOUS),
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
    List<Entry> entries = new ArrayList<>();
    for (String text : folder.names(CURRENT)) {
      Path file = folder.file(text, CURRENT);
      KeyNames.fromText(text).flatMap(name -> read(name, file)).ifPresent(key -> entries.add(
          new Entry(key.name(), key.algorithmName(), folder.changed(file))));
    }
    entries.sort(Comparator.comparing(Entry::name));
    return entries;
  }

  @Override
  public boolean delete(Name name) {
    String text = KeyNames.require(name);
    folder.delete(folder.file(text, PREVIOUS), name.toString());
    return folder.delete(folder.file(text, CURRENT), name.toString());
  }

  @Override
  public String describe() {
    return folder.describe();
  }

  private Path current(TsigKey key) {
    return folder.file(KeyNames.require(key.name()), CURRENT);
  }
}
