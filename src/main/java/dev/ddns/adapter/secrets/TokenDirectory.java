package dev.ddns.adapter.secrets;

import dev.ddns.core.port.HashedToken;
import dev.ddns.core.port.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Tokens in a directory, {@code NAME.token} each, holding {@link TokenJson}: the key directory of
 * {@code ddns local} holds its tokens beside its keys. Files are read on every lookup.
 */
public final class TokenDirectory implements TokenVault {
  private static final String SUFFIX = ".token";

  private final Path dir;

  public TokenDirectory(Path dir) {
    this.dir = dir;
  }

  @Override
  public Optional<HashedToken> find(String name) {
    Path file = dir.resolve(name + SUFFIX);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("cannot read token file " + file + ": " + e.getMessage(), e);
    }
    try {
      return Optional.of(TokenJson.parse(name, text));
    } catch (IllegalArgumentException e) {
      throw new StoreException(file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void create(HashedToken token) {
    Path file = dir.resolve(TokenVault.require(token.name()) + SUFFIX);
    if (Files.exists(file)) {
      throw new IllegalStateException("token " + token.name() + " exists in " + file
          + "; delete it first for a new secret");
    }
    KeyFiles.writeOwnerOnly(file, TokenJson.format(token), "token");
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
        if (fileName.endsWith(SUFFIX)) {
          Optional<String> name = HashedToken.name(
              fileName.substring(0, fileName.length() - SUFFIX.length()));
          if (name.isPresent()) {
            entries.add(new Entry(name.get(),
                Optional.of(Files.getLastModifiedTime(file).toInstant())));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list token directory " + dir, e);
    }
    entries.sort(Comparator.comparing(Entry::name));
    return entries;
  }

  @Override
  public boolean delete(String name) {
    try {
      return Files.deleteIfExists(dir.resolve(TokenVault.require(name) + SUFFIX));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete token " + name + " from " + dir, e);
    }
  }

  @Override
  public String describe() {
    return "key directory " + dir;
  }
}
