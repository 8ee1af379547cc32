package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.testing.tools.Closing;
import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.Dhclient;
import dev.ddns.testing.tools.Dig;
import dev.ddns.testing.tools.IscDhcpd;
import dev.ddns.testing.tools.LocalDdns;
import dev.ddns.testing.tools.NetworkNamespace;
import dev.ddns.testing.tools.TestKey;
import dev.ddns.testing.tools.Tools;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ReverseMap;

/**
 * Issue 16, item 4: ISC dhcpd doing DDNS with TSIG for the leases it gives a real DHCP client,
 * against ddns local through its relay. Two network namespaces of the test's own, joined by a
 * veth pair: dhclient in one; dhcpd and ddns local in the other, the relay on port 53 of that
 * namespace's loopback (dhcpd sends to port 53 only). Each style of dhcpd's conflict detection
 * records runs under the least-privilege policy docs/clients.md gives for it; the records are
 * read back with dig through the relay and in {@code ddns history} with the key that made them.
 */
class IscDhcpdIT {
  private static final String SUFFIX = String.valueOf(ProcessHandle.current().pid());
  private static final String SERVER_INTERFACE = "dh-s" + SUFFIX;
  private static final String CLIENT_INTERFACE = "dh-c" + SUFFIX;
  private static final String KEY_NAME = "dhcp-key.";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String REVERSE_RULE = "grant " + KEY_NAME + " zonesub PTR(1)";

  @TempDir static Path dir;
  private static NetworkNamespace server;
  private static NetworkNamespace client;
  private static TestKey key;
  private static LocalDdns ddns;

  @BeforeAll
  static void start() {
    Tools.dhcpd();
    Tools.dhclient();
    server = NetworkNamespace.create("dh-srv-" + SUFFIX);
    client = NetworkNamespace.create("dh-cli-" + SUFFIX);
    NetworkNamespace.link(server, SERVER_INTERFACE, IscDhcpd.SERVER_ADDRESS, client,
        CLIENT_INTERFACE);
    key = TestKey.generate(dir, "hmac-sha256", KEY_NAME);
    ddns = LocalDdns.startIn(server, dir, List.of(key.file()));
    ddns.cli("zone", "create", IscDhcpd.REVERSE_ZONE, "--ns", "ns1." + DemoZone.NAME);
    ddns.cli("policy", "set", IscDhcpd.REVERSE_ZONE, "--rule", REVERSE_RULE);
  }

  @AfterAll
  static void stop() {
    Closing.all(ddns, client, server);
  }

  /**
   * Standard style (RFC 4701 DHCID, RFC 4703): the lease's A, DHCID and PTR records appear; a
   * second client asking for the same name is refused by the DHCID prerequisite and changes
   * nothing; the first client's DHCPRELEASE removes all three.
   */
  @Test
  void standardStyleAddsDhcidAndPtrKeepsTheNameFromAnotherClientAndRemovesOnRelease() {
    try (IscDhcpd dhcpd = start(IscDhcpd.Style.STANDARD, Duration.ofMinutes(10), "10.199.0.10",
        "10.199.0.19")) {
      Dhclient laptop = leaseAdded(dhcpd, IscDhcpd.Style.STANDARD, "laptop", "laptop-id");
      String name = "laptop." + IscDhcpd.DOMAIN;

      Dhclient other = Dhclient.bind(client, CLIENT_INTERFACE, dir, "laptop", "other-id");
      assertNotEquals(laptop.address(), other.address());
      dhcpd.await("Forward map from " + name + " to " + other.address()
          + " FAILED: Has an address record but no DHCID, not mine.");
      assertEquals(List.of(name + " 300 IN A " + laptop.address()), dig(name, "A"));
      assertEquals(List.of(), dig(reverseName(other.address()), "PTR"));
      other.release();

      laptop.release();
      assertRemoved(dhcpd, IscDhcpd.Style.STANDARD, name, laptop.address(), TIMEOUT);
    }
  }

  /**
   * Interim style (a TXT record holds the client's identity): the lease's A, TXT and PTR records
   * appear, and when the client vanishes without releasing, dhcpd removes them as the 5 s lease
   * expires.
   */
  @Test
  void interimStyleAddsTxtAndPtrAndRemovesThemWhenTheLeaseExpires() {
    try (IscDhcpd dhcpd = start(IscDhcpd.Style.INTERIM, Duration.ofSeconds(5), "10.199.0.20",
        "10.199.0.29")) {
      Dhclient desk = leaseAdded(dhcpd, IscDhcpd.Style.INTERIM, "desk", "desk-id");

      desk.vanish();
      assertRemoved(dhcpd, IscDhcpd.Style.INTERIM, "desk." + IscDhcpd.DOMAIN, desk.address(),
          Duration.ofSeconds(30));
    }
  }

  /**
   * Gives the forward zone the least-privilege policy for {@code style} (docs/clients.md) and
   * starts dhcpd with it.
   */
  private static IscDhcpd start(IscDhcpd.Style style, Duration lease, String firstAddress,
      String lastAddress) {
    ddns.cli("policy", "set", DemoZone.NAME, "--rule",
        "grant " + KEY_NAME + " wildcard *." + IscDhcpd.DOMAIN + " A " + style.identityType());
    return IscDhcpd.start(server, SERVER_INTERFACE, dir.resolve(style.name()), style, key, lease,
        firstAddress, lastAddress);
  }

  /**
   * dhclient leases an address as {@code hostName}; dhcpd adds its A, identity and PTR records,
   * which dig reads through the relay.
   */
  private static Dhclient leaseAdded(IscDhcpd dhcpd, IscDhcpd.Style style, String hostName,
      String clientId) {
    Dhclient lease = Dhclient.bind(client, CLIENT_INTERFACE, dir, hostName, clientId);
    String name = hostName + "." + IscDhcpd.DOMAIN;
    String reverse = reverseName(lease.address());
    dhcpd.await("Added new forward map from " + name + " to " + lease.address(), TIMEOUT);
    dhcpd.await("Added reverse map from " + reverse + " to " + name, TIMEOUT);
    assertEquals(List.of(name + " 300 IN A " + lease.address()), dig(name, "A"));
    List<String> identity = dig(name, style.identityType());
    assertEquals(1, identity.size(), identity.toString());
    assertTrue(identity.get(0).startsWith(name + " 300 IN " + style.identityType() + " "),
        identity.toString());
    assertEquals(List.of(reverse + " 300 IN PTR " + name), dig(reverse, "PTR"));
    return lease;
  }

  /**
   * dhcpd removes the lease's records within {@code timeout}; dig finds none of them, and
   * {@code ddns history} shows them added and removed.
   */
  private static void assertRemoved(IscDhcpd dhcpd, IscDhcpd.Style style, String name,
      String address, Duration timeout) {
    String reverse = reverseName(address);
    dhcpd.await("Removed forward map from " + name + " to " + address, timeout);
    dhcpd.await("Removed reverse map on " + reverse, TIMEOUT);
    assertEquals(List.of(), dig(name, "A"));
    assertEquals(List.of(), dig(name, style.identityType()));
    assertEquals(List.of(), dig(reverse, "PTR"));
    assertJournaled(name, address, style);
  }

  /**
   * {@code ddns history} of both zones shows the additions and the removals, each made with the
   * dhcpd key from 127.0.0.1 via the relay.
   */
  private static void assertJournaled(String name, String address, IscDhcpd.Style style) {
    String forward = ddns.cli("history", DemoZone.NAME).output();
    String reverse = ddns.cli("history", IscDhcpd.REVERSE_ZONE).output();
    assertJournaled(forward, "+", name, "A", address);
    assertJournaled(forward, "+", name, style.identityType(), "");
    assertJournaled(forward, "-", name, "A", address);
    assertJournaled(forward, "-", name, style.identityType(), "");
    assertJournaled(reverse, "+", reverseName(address), "PTR", name);
    assertJournaled(reverse, "-", reverseName(address), "PTR", name);
  }

  /** An entry by the dhcpd key whose change lines include {@code sign name 300 IN type data}. */
  private static void assertJournaled(String history, String sign, String name, String type,
      String dataStart) {
    Pattern entry = Pattern.compile("key " + Pattern.quote(KEY_NAME)
        + " +client 127\\.0\\.0\\.1:\\d+ via relay \\S+\\n(?:[-+] .*\\n)*?"
        + Pattern.quote(sign + " " + name) + "\\s+300\\s+IN\\s+" + type + "\\s+"
        + Pattern.quote(dataStart));
    assertTrue(entry.matcher(history).find(), "no '" + sign + " " + name + " " + type + " "
        + dataStart + "' by " + KEY_NAME + " via the relay in:\n" + history);
  }

  private static List<String> dig(String name, String type) {
    return Dig.answer(server, ddns.dnsPort(), name, type);
  }

  private static String reverseName(String address) {
    try {
      return ReverseMap.fromAddress(address).toString();
    } catch (UnknownHostException e) {
      throw new AssertionError("dhclient leased no IPv4 address: " + address, e);
    }
  }
}
