package dev.ddns.adapter.secrets;

import dev.ddns.core.tsig.KeyStore;
import dev.ddns.core.tsig.TsigKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.Name;

/** A {@link KeyStore} holding a fixed set of keys, for BIND key files and tests. */
public final class StaticKeyStore implements KeyStore {
  private final Map<Name, TsigKey> keys = new ConcurrentHashMap<>();

  public StaticKeyStore(Collection<TsigKey> keys) {
    keys.forEach(this::add);
  }

  /** Keys read from BIND key files ({@code tsig-keygen} output); fails naming the bad file. */
  public static StaticKeyStore fromFiles(List<Path> files) {
    StaticKeyStore store = new StaticKeyStore(List.of());
    for (Path file : files) {
      try {
        BindKeyFile.parse(Files.readString(file, StandardCharsets.UTF_8)).forEach(store::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read key file " + file, e);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
      }
    }
    return store;
  }

  /** Adds or replaces a key. */
  public void add(TsigKey key) {
    keys.put(key.name(), key);
  }

  /** The names of the keys held, in canonical order. */
  public java.util.SortedSet<Name> names() {
    return new java.util.TreeSet<>(keys.keySet());
  }

  @Override
  public Optional<TsigKey> find(Name keyName) {
    return Optional.ofNullable(keys.get(keyName));
  }
}
