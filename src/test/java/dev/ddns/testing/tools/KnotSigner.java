package dev.ddns.testing.tools;

import java.nio.file.Path;

/**
 * Knot DNS as a signing secondary of the relay (docs/dnssec.md):
 * infra/secondaries/knot-signer.conf, automatic signing with NSEC3, its keys in the KASP database
 * under the folder ({@code keys}).
 */
public final class KnotSigner extends KnotSecondary {

  public KnotSigner(Path dir, int port, int primaryPort, TestKey key, TestKey notifyKey) {
    super(dir, port, primaryPort, key, notifyKey);
  }

  @Override
  public String name() {
    return "knotd (signer)";
  }

  @Override
  protected String config() {
    return settings(dir, port) + InfraSecondaries.knotSigner(DemoZone.NAME.replaceAll("\\.$", ""),
        primaryPort, key, notifyKey);
  }
}
