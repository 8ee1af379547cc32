package dev.ddns.testing.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * BIND 9 as a signing secondary of the relay (docs/dnssec.md): infra/secondaries/named-signer.conf,
 * inline signing under a dnssec-policy with NSEC3, its keys in the folder's {@code keys}.
 */
public final class BindSigner extends BindSecondary {

  public BindSigner(Path dir, int port, int primaryPort, TestKey key, TestKey notifyKey) {
    super(dir, port, primaryPort, key, notifyKey);
  }

  @Override
  public String name() {
    return "named (signer)";
  }

  @Override
  protected String config() {
    Path keys = dir.resolve("keys");
    try {
      Files.createDirectories(keys);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return options(dir, port) + InfraSecondaries.bindSigner(DemoZone.NAME.replaceAll("\\.$", ""),
        dir.resolve("example.test.db"), keys, primaryPort, key, notifyKey);
  }
}
