package dev.ddns.adapter.secrets;

import dev.ddns.core.port.HashedToken;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Tokens in a directory, {@code NAME.token} each, holding {@link TokenJson}: the key directory of
 * {@code ddns local} holds its tokens beside its keys. Files are read on every lookup.
 */
public final class TokenDirectory implements TokenVault {
  private static final String SUFFIX = ".token";

  private final SecretFileFolder folder;

  public TokenDirectory(Path dir) {
    this.folder = new SecretFileFolder(dir, "token");
  }

  @Override
  public Optional<HashedToken> find(String name) {
    return folder.read(folder.file(name, SUFFIX),
        text -> Optional.of(TokenJson.parse(name, text)));
  }

  @Override
  public void create(HashedToken token) {
    Path file = folder.file(TokenVault.require(token.name()), SUFFIX);
    folder.create(file, TokenJson.format(token), "token " + token.name() + " exists in " + file
        + "; delete it first for a new secret");
  }

  @Override
  public List<Entry> list() {
    List<Entry> entries = new ArrayList<>();
    for (String text : folder.names(SUFFIX)) {
      HashedToken.name(text).ifPresent(name ->
          entries.add(new Entry(name, folder.changed(folder.file(text, SUFFIX)))));
    }
    entries.sort(Comparator.comparing(Entry::name));
    return entries;
  }

  @Override
  public boolean delete(String name) {
    return folder.delete(folder.file(TokenVault.require(name), SUFFIX), name);
  }

  @Override
  public String describe() {
    return folder.describe();
  }
}
