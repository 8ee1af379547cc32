package dev.ddns.testing.tools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Let's Encrypt's ACME test CA (<a href="https://github.com/letsencrypt/pebble">pebble</a>,
 * Debian package 2.4.0) on free loopback ports, resolving DNS-01 challenge records through
 * {@code -dnsserver}. Debian ships no test certificates for pebble's own HTTPS listener, so
 * openssl makes a throwaway CA and a certificate for 127.0.0.1 and localhost; ACME clients
 * trust that CA through {@link #tlsTrust()}.
 */
public final class Pebble implements AutoCloseable {
  private static final String READY_TEXT = "ACME directory available at";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  /** No artificial validation delays, no rejected nonces, no authorization reuse. */
  private static final Map<String, String> ENVIRONMENT = Map.of(
      "PEBBLE_VA_NOSLEEP", "1",
      "PEBBLE_WFE_NONCEREJECT", "0",
      "PEBBLE_AUTHZREUSE", "0");

  private final ToolProcess process;
  private final int port;
  private final Path tlsTrust;

  private Pebble(ToolProcess process, int port, Path tlsTrust) {
    this.process = process;
    this.port = port;
    this.tlsTrust = tlsTrust;
  }

  /** Starts pebble in {@code dir}, looking up challenge records at 127.0.0.1:{@code dnsPort}. */
  public static Pebble start(Path dir, int dnsPort) {
    int port = FreePorts.tcp();
    Path tlsTrust = writeTlsCertificates(dir);
    Path config = dir.resolve("pebble-config.json");
    ToolFiles.write(config, """
        {"pebble": {
          "listenAddress": "127.0.0.1:%d",
          "managementListenAddress": "127.0.0.1:%d",
          "certificate": "%s",
          "privateKey": "%s",
          "httpPort": %d,
          "tlsPort": %d,
          "ocspResponderURL": "",
          "externalAccountBindingRequired": false
        }}
        """.formatted(port, FreePorts.tcp(), dir.resolve("tls.pem"), dir.resolve("tls.key"),
        FreePorts.tcp(), FreePorts.tcp()));
    List<String> command = List.of(Tools.pebble().toString(), "-config", config.toString(),
        "-dnsserver", "127.0.0.1:" + dnsPort);
    ToolProcess process = ToolProcess.start(command, ENVIRONMENT, dir.resolve("pebble.log"))
        .awaitLine(line -> line.contains(READY_TEXT), "'" + READY_TEXT + "'", START_TIMEOUT);
    return new Pebble(process, port, tlsTrust);
  }

  /** The ACME directory URL. */
  public String directory() {
    return "https://127.0.0.1:" + port + "/dir";
  }

  /** PEM file of the CA that signed pebble's HTTPS certificate. */
  public Path tlsTrust() {
    return tlsTrust;
  }

  public String diagnostics() {
    return "pebble output:\n" + process.output();
  }

  @Override
  public void close() {
    process.close();
  }

  /** A CA ({@code tls-ca.pem}) and a certificate for localhost and 127.0.0.1 signed by it. */
  private static Path writeTlsCertificates(Path dir) {
    Path ca = dir.resolve("tls-ca.pem");
    Path caKey = dir.resolve("tls-ca.key");
    Path request = dir.resolve("tls.csr");
    Path extensions = dir.resolve("tls.ext");
    ToolFiles.write(extensions, "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-days", "2", "-subj", "/CN=ddns interop test CA for pebble",
        "-keyout", caKey.toString(), "-out", ca.toString());
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-subj", "/CN=localhost",
        "-keyout", dir.resolve("tls.key").toString(), "-out", request.toString());
    openssl("x509", "-req", "-days", "2", "-in", request.toString(),
        "-CA", ca.toString(), "-CAkey", caKey.toString(), "-CAcreateserial",
        "-extfile", extensions.toString(), "-out", dir.resolve("tls.pem").toString());
    return ca;
  }

  private static void openssl(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Tools.openssl().toString());
    command.addAll(List.of(arguments));
    Exec.run(command, "").assertSuccess();
  }
}
