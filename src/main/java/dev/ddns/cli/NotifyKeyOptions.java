package dev.ddns.cli;

import dev.ddns.adapter.secrets.BindKeyFile;
import dev.ddns.adapter.secrets.KeyFiles;
import dev.ddns.adapter.secrets.KeyGenerator;
import dev.ddns.adapter.secrets.KeyNames;
import dev.ddns.adapter.secrets.KeyVault;
import dev.ddns.core.tsig.TsigKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.xbill.DNS.Name;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --notify-key} of {@code ddns zone create} and {@code ddns zone set}: the TSIG key that
 * signs the zone's NOTIFY, which the secondaries require (docs/secondaries.md). The key is looked
 * up where {@code ddns key} keeps keys and the functions read them (Secrets Manager under the
 * prefix, or a key directory); a missing key is created there with a random secret, and its BIND
 * key file, the secondaries' copy, is printed or written. An existing key's secret is never shown.
 */
final class NotifyKeyOptions {
  @Option(names = "--notify-key", paramLabel = "NAME",
      description = "TSIG key that signs the zone's NOTIFY, e.g. notify.example.com.; created "
          + "with a random secret when the key store lacks it, its BIND key file (for the "
          + "secondaries) printed on stdout or written to --notify-key-file; '' signs none.")
  String name;

  @Option(names = "--notify-key-file", paramLabel = "FILE",
      description = "Write a newly created notify key's BIND key file to FILE (mode 600) "
          + "instead of stdout.")
  Path file;

  @Option(names = "--notify-key-algorithm", paramLabel = "ALG", defaultValue = "hmac-sha256",
      description = "Algorithm of a newly created notify key; default: ${DEFAULT-VALUE}.")
  String algorithm;

  @Mixin KeyCommand.VaultOptions keys;

  /** True when {@code --notify-key} was given. */
  boolean given() {
    return name != null;
  }

  /**
   * The key named, in lower case as the key store names it, checked before anything is read or
   * written; empty for {@code ''} (no key).
   *
   * @throws CliException naming what is wrong with the name
   */
  Optional<Name> checked() {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    algorithm();
    try {
      Name key = KeyCommand.keyName(name.strip());
      return KeyNames.fromText(KeyNames.require(key));
    } catch (CliException e) {
      throw new CliException("--notify-key " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * The notify key setting for {@code zone}: {@code ""} for none, else the key's name, once the
   * key store holds the key (created now when missing; then its key file is printed on {@code
   * out} or written to {@code --notify-key-file}, and {@code err} says so).
   */
  String resolve(Name zone, String region, PrintWriter out, PrintWriter err) {
    Optional<Name> key = checked();
    if (key.isEmpty()) {
      return "";
    }
    try (OpenedVault<KeyVault> opened = keys.open(region, false)) {
      String where = opened.vault().describe();
      Optional<TsigKey> existing = opened.vault().current(key.get());
      if (existing.isPresent()) {
        err.println("zone " + zone + ": NOTIFY signed with key " + key.get() + " ("
            + existing.get().algorithmName() + ") from " + where);
        if (file != null) {
          err.println("warning: --notify-key-file " + file + " not written: key " + key.get()
              + " exists, and its secret is shown only when made ('ddns key rotate' makes a "
              + "new one)");
        }
        return key.get().toString();
      }
      if (file != null && Files.exists(file)) {
        throw new CliException("--notify-key-file " + file + " exists; remove it or choose "
            + "another file for the new key " + key.get());
      }
      TsigKey created = new KeyGenerator(new SecureRandom())
          .generate(key.get(), algorithm());
      store(created, opened.vault());
      String copy = file == null ? "on stdout" : "written to " + file;
      err.println("created notify key " + key.get() + " (" + created.algorithmName() + ") in "
          + where + "; its BIND key file is " + copy + ": the secondaries need it to accept "
          + "NOTIFY for " + zone + " (docs/secondaries.md)");
      if (file == null) {
        out.print(BindKeyFile.format(created));
      }
      return key.get().toString();
    } catch (IllegalStateException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  /** The algorithm of a new key, BIND's name for it. */
  private String algorithm() {
    return KeyCommand.algorithm("--notify-key-algorithm", algorithm);
  }

  /**
   * Writes the key file first, so that a stored key always has its copy, then stores the key;
   * the file goes again when the key cannot be stored.
   */
  private void store(TsigKey key, KeyVault vault) {
    if (file == null) {
      vault.create(key);
      return;
    }
    KeyFiles.write(file, key);
    try {
      vault.create(key);
    } catch (RuntimeException e) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }
}
