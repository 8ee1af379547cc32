package dev.ddns.testing.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The DNS server the interop tests talk to: {@code ddns local} by default. With
 * {@code -Dit.server=bind} the same tests run against BIND, which checks the tests themselves.
 */
public interface ServerUnderTest extends AutoCloseable {
  String LOCAL_KEY_NAME = "ddns-local-key.";

  int dnsPort();

  /** The server's own key (ddns local's {@code --key-file}); extra keys come from files. */
  TestKey localKey();

  /** Output or logs to print when a test fails. */
  String diagnostics();

  @Override
  void close();

  static ServerUnderTest start(Path dir, List<TestKey> extraKeys) {
    List<Path> keyFiles = extraKeys.stream().map(TestKey::file).toList();
    if (!"bind".equals(System.getProperty("it.server"))) {
      return LocalDdns.start(dir, keyFiles);
    }
    TestKey localKey = TestKey.generate(dir, "hmac-sha256", LOCAL_KEY_NAME);
    List<TestKey> all = new ArrayList<>(extraKeys);
    all.add(localKey);
    try {
      return new BindAsServer(BindPrimary.start(Files.createDirectory(dir.resolve("bind")), all),
          localKey);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** BIND with the local key it was configured with. */
  record BindAsServer(BindPrimary bind, TestKey localKey) implements ServerUnderTest {
    @Override
    public int dnsPort() {
      return bind.port();
    }

    @Override
    public String diagnostics() {
      return bind.diagnostics();
    }

    @Override
    public void close() {
      bind.close();
    }
  }
}
