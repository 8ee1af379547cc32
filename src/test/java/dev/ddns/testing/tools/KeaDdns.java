package dev.ddns.testing.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
public final class KeaDdns implements AutoCloseable {
  private static final String READY_TEXT = "DHCP_DDNS_QUEUE_MGR_STARTED";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** Kea's NameChangeRequest change types. */
  public enum Change {
    ADD, REMOVE
  }

  private final ToolProcess process;
  private final int ncrPort;

  private KeaDdns(ToolProcess process, int ncrPort) {
    this.process = process;
    this.ncrPort = ncrPort;
  }

  /** Starts D2 in {@code dir}, sending updates of the demo zone to 127.0.0.1:{@code dnsPort}. */
  public static KeaDdns start(Path dir, int dnsPort, TestKey key) {
    int ncrPort = FreePorts.tcpAndUdp();
    Path config = dir.resolve("kea-dhcp-ddns.conf");
    ToolFiles.write(config, """
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
    ToolProcess process = ToolProcess.start(command, Map.of(
        "KEA_PIDFILE_DIR", dir.toString(), "KEA_LOCKFILE_DIR", dir.toString()),
        dir.resolve("kea-dhcp-ddns.log"));
    process.awaitText(0, READY_TEXT, TIMEOUT);
    return new KeaDdns(process, ncrPort);
  }

  /**
   * Sends one NameChangeRequest for a forward change with conflict resolution (RFC 4703) and
   * returns D2's log from then up to the line with the outcome, e.g.
   * {@code DHCP_DDNS_ADD_SUCCEEDED DHCP_DDNS Request ID ...}.
   */
  public String request(Change change, String fqdn, String address, String dhcidHex) {
    String json = """
        {"change-type": %d, "forward-change": true, "reverse-change": false, "fqdn": "%s",
         "ip-address": "%s", "dhcid": "%s", "lease-expires-on": "20991231000000",
         "lease-length": 1300, "use-conflict-resolution": true}
        """.formatted(change.ordinal(), fqdn, address, dhcidHex);
    int from = process.mark();
    send(json.getBytes(StandardCharsets.UTF_8));
    return process.awaitText(from, "DHCP_DDNS Request ID " + dhcidHex + ": ", TIMEOUT);
  }

  public String diagnostics() {
    return "kea-dhcp-ddns output:\n" + process.output();
  }

  @Override
  public void close() {
    process.close();
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
}
