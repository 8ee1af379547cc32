package dev.ddns.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * ISC Kea's DHCP-DDNS server ({@code kea-dhcp-ddns}, Debian 12: 2.2.0) updating the demo zone with
 * one TSIG key. A DHCP server would send it NameChangeRequests; {@link #request} sends them
 * directly (JSON over UDP with a two-byte length, Kea's {@code ncr-format} JSON) and waits for
 * D2's log line that reports the outcome.
 */
final class KeaDdns implements AutoCloseable {
  private static final String READY_TEXT = "DHCP_DDNS_QUEUE_MGR_STARTED";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** Kea's NameChangeRequest change types. */
  enum Change {
    ADD, REMOVE
  }

  private final Process process;
  private final int ncrPort;
  private final CapturedOutput output;

  private KeaDdns(Process process, int ncrPort) {
    this.process = process;
    this.ncrPort = ncrPort;
    this.output = CapturedOutput.of(process, "kea-dhcp-ddns");
  }

  /** Starts D2 in {@code dir}, sending updates of the demo zone to 127.0.0.1:{@code dnsPort}. */
  static KeaDdns start(Path dir, int dnsPort, TestKey key) {
    int ncrPort = FreePorts.tcpAndUdp();
    Path config = dir.resolve("kea-dhcp-ddns.conf");
    write(config, """
        {"DhcpDdns": {
          "ip-address": "127.0.0.1", "port": %d,
          "dns-server-timeout": 5000,
          "tsig-keys": [{"name": "%s", "algorithm": "%s", "secret": "%s"}],
          "forward-ddns": {"ddns-domains": [{"name": "%s", "key-name": "%s",
            "dns-servers": [{"ip-address": "127.0.0.1", "port": %d}]}]},
          "reverse-ddns": {"ddns-domains": []},
          "loggers": [{"name": "kea-dhcp-ddns", "severity": "DEBUG", "debuglevel": 0,
            "output_options": [{"output": "stdout"}]}]
        }}
        """.formatted(ncrPort, key.name(), key.algorithm().toUpperCase(java.util.Locale.ROOT),
        key.secret(), DemoZone.NAME, key.name(), dnsPort));
    List<String> command = List.of(Tools.keaDhcpDdns().toString(), "-c", config.toString());
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(Map.of(
          "KEA_PIDFILE_DIR", dir.toString(), "KEA_LOCKFILE_DIR", dir.toString()));
      KeaDdns kea = new KeaDdns(builder.start(), ncrPort);
      kea.output.await(0, READY_TEXT, TIMEOUT);
      return kea;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sends one NameChangeRequest for a forward change with conflict resolution (RFC 4703) and
   * returns D2's log from then up to the line with the outcome, e.g.
   * {@code DHCP_DDNS_ADD_SUCCEEDED DHCP_DDNS Request ID ...}.
   */
  String request(Change change, String fqdn, String address, String dhcidHex) {
    String json = """
        {"change-type": %d, "forward-change": true, "reverse-change": false, "fqdn": "%s",
         "ip-address": "%s", "dhcid": "%s", "lease-expires-on": "20991231000000",
         "lease-length": 1300, "use-conflict-resolution": true}
        """.formatted(change.ordinal(), fqdn, address, dhcidHex);
    int from = output.length();
    send(json.getBytes(StandardCharsets.UTF_8));
    return output.await(from, "DHCP_DDNS Request ID " + dhcidHex + ": ", TIMEOUT);
  }

  String diagnostics() {
    return output.toString();
  }

  @Override
  public void close() {
    Closing.end(process.toHandle());
  }

  private void send(byte[] json) {
    ByteBuffer message = ByteBuffer.allocate(2 + json.length).putShort((short) json.length)
        .put(json);
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.send(new DatagramPacket(message.array(), message.capacity(),
          InetAddress.getLoopbackAddress(), ncrPort));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
