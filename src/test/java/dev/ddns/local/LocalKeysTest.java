package dev.ddns.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.secrets.BindKeyFile;
import dev.ddns.adapter.secrets.FakeSecretsManager;
import dev.ddns.adapter.secrets.KeyDirectory;
import dev.ddns.adapter.secrets.KeyGenerator;
import dev.ddns.adapter.secrets.SecretJson;
import dev.ddns.core.tsig.TsigKey;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/** ddns local with its keys in a key directory or in Secrets Manager (a local stand-in). */
class LocalKeysTest {
  private static final Name ZONE = Name.fromConstantString("keys.test.");

  private static LocalConfig config(Path keyFile) {
    return new LocalConfig(ZONE, List.of(LocalConfig.LOOPBACK_V4), 0, 0, keyFile,
        LocalConfig.DEFAULT_KEY_NAME, List.of());
  }

  private static int update(LocalSystem system, TsigKey key, String owner) throws Exception {
    SimpleResolver resolver = new SimpleResolver(
        new InetSocketAddress(LocalConfig.LOOPBACK_V4, system.dnsPort()));
    resolver.setTimeout(Duration.ofSeconds(3));
    resolver.setTSIGKey(key.signer(Clock.systemUTC()));
    Update update = new Update(ZONE);
    update.add(Name.fromConstantString(owner + ".keys.test."), Type.A, 300, "192.0.2.1");
    Message reply = resolver.send(update);
    return reply.getRcode();
  }

  @Test
  void theDemoKeyIsStoredInTheKeyDirectoryAndRotationsApplyAtOnce(@TempDir Path dir)
      throws Exception {
    Path keys = dir.resolve("keys");
    LocalKeys local = new LocalKeys(Optional.of(keys), Optional.empty(), "ddns/tsig/");
    try (LocalSystem system = LocalSystem.start(config(dir.resolve("demo.key")), local)) {
      KeyDirectory directory = new KeyDirectory(keys);
      assertEquals(Optional.of(system.key()), directory.find(LocalConfig.DEFAULT_KEY_NAME));
      assertTrue(system.readyLines().get(1).endsWith(" and in key directory " + keys),
          system.readyLines().get(1));
      assertEquals(Rcode.NOERROR, update(system, system.key(), "demo"));

      TsigKey rotated = new KeyGenerator(new SecureRandom())
          .generate(LocalConfig.DEFAULT_KEY_NAME, "hmac-sha512");
      directory.rotate(rotated);
      assertEquals(Rcode.NOERROR, update(system, rotated, "rotated"));
      assertEquals(Rcode.NOERROR, update(system, system.key(), "previous"));
    }
  }

  @Test
  void aDemoKeyAlreadyInSecretsManagerWinsOverTheKeyFile(@TempDir Path dir) throws Exception {
    try (FakeSecretsManager secrets = FakeSecretsManager.start()) {
      TsigKey stored = new KeyGenerator(new SecureRandom())
          .generate(LocalConfig.DEFAULT_KEY_NAME, "hmac-sha384");
      secrets.put("local/ddns-local-key", stored);
      Path keyFile = dir.resolve("demo.key");
      LocalKeys local = new LocalKeys(Optional.empty(), Optional.of(secrets.endpoint()),
          "local/");
      try (LocalSystem system = LocalSystem.start(config(keyFile), local)) {
        assertEquals(stored, system.key());
        assertEquals(List.of(stored), BindKeyFile.parse(Files.readString(keyFile)));
        assertEquals(Rcode.NOERROR, update(system, stored, "sm"));
      }
      try (LocalSystem system = LocalSystem.start(config(keyFile),
          new LocalKeys(Optional.empty(), Optional.of(secrets.endpoint()), "other/"))) {
        assertEquals(stored, SecretJson.parse(stored.name(),
            secrets.value("other/ddns-local-key", "AWSCURRENT")), "created under the prefix");
      }
    }
  }

  @Test
  void aDirectoryAndSecretsManagerExcludeEachOther(@TempDir Path dir) {
    assertThrows(IllegalArgumentException.class, () -> new LocalKeys(Optional.of(dir),
        Optional.of(URI.create("http://127.0.0.1:1")), "ddns/tsig/"));
  }
}
