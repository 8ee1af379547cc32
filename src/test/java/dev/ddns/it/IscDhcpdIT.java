package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    allowForwardUpdates(IscDhcpd.Style.STANDARD);
    try (IscDhcpd dhcpd = IscDhcpd.start(server, SERVER_INTERFACE, dir.resolve("standard"),
        IscDhcpd.Style.STANDARD, key, Duration.ofMinutes(10), "10.199.0.10", "10.199.0.19")) {
      Dhclient laptop = Dhclient.bind(client, CLIENT_INTERFACE, dir, "laptop", "laptop-id");
      String name = "laptop." + IscDhcpd.DOMAIN;
      String reverse = reverseName(laptop.address());
      awaitAdded(dhcpd, name, laptop.address());
      assertRecords(name, laptop.address(), IscDhcpd.Style.STANDARD);
      assertEquals(List.of(reverse + " 300 IN PTR " + name), dig(reverse, "PTR"));

      Dhclient other = Dhclient.bind(client, CLIENT_INTERFACE, dir, "laptop", "other-id");
      assertNotEquals(laptop.address(), other.address());
      dhcpd.await("Forward map from " + name + " to " + other.address()
          + " FAILED: Has an address record but no DHCID, not mine.");
      assertEquals(List.of(name + " 300 IN A " + laptop.address()), dig(name, "A"));
      assertEquals(List.of(), dig(reverseName(other.address()), "PTR"));
      other.release();

      laptop.release();
      awaitRemoved(dhcpd, name, laptop.address());
      assertGone(name, reverse, IscDhcpd.Style.STANDARD);
      assertJournaled(name, laptop.address(), IscDhcpd.Style.STANDARD);
    }
  }

  /**
   * Interim style (a TXT record holds the client's identity): the lease's A, TXT and PTR records
   * appear, and when the client vanishes without releasing, dhcpd removes them as the lease
   * expires.
   */
  @Test
  void interimStyleAddsTxtAndPtrAndRemovesThemWhenTheLeaseExpires() {
    allowForwardUpdates(IscDhcpd.Style.INTERIM);
    try (IscDhcpd dhcpd = IscDhcpd.start(server, SERVER_INTERFACE, dir.resolve("interim"),
        IscDhcpd.Style.INTERIM, key, Duration.ofSeconds(5), "10.199.0.20", "10.199.0.29")) {
      Dhclient desk = Dhclient.bind(client, CLIENT_INTERFACE, dir, "desk", "desk-id");
      String name = "desk." + IscDhcpd.DOMAIN;
      String reverse = reverseName(desk.address());
      awaitAdded(dhcpd, name, desk.address());
      assertRecords(name, desk.address(), IscDhcpd.Style.INTERIM);
      assertEquals(List.of(reverse + " 300 IN PTR " + name), dig(reverse, "PTR"));

      desk.vanish();
      dhcpd.await("Removed forward map from " + name + " to " + desk.address(),
          Duration.ofSeconds(30));
      dhcpd.await("Removed reverse map on " + reverse);
      assertGone(name, reverse, IscDhcpd.Style.INTERIM);
      assertJournaled(name, desk.address(), IscDhcpd.Style.INTERIM);
    }
  }

  /** The forward zone's least-privilege policy for {@code style} (docs/clients.md). */
  private static void allowForwardUpdates(IscDhcpd.Style style) {
    ddns.cli("policy", "set", DemoZone.NAME, "--rule",
        "grant " + KEY_NAME + " wildcard *." + IscDhcpd.DOMAIN + " A " + style.identityType());
  }

  private static void awaitAdded(IscDhcpd dhcpd, String name, String address) {
    dhcpd.await("Added new forward map from " + name + " to " + address);
    dhcpd.await("Added reverse map from " + reverseName(address) + " to " + name);
  }

  private static void awaitRemoved(IscDhcpd dhcpd, String name, String address) {
    dhcpd.await("Removed forward map from " + name + " to " + address);
    dhcpd.await("Removed reverse map on " + reverseName(address));
  }

  private static void assertRecords(String name, String address, IscDhcpd.Style style) {
    assertEquals(List.of(name + " 300 IN A " + address), dig(name, "A"));
    List<String> identity = dig(name, style.identityType());
    assertEquals(1, identity.size(), identity.toString());
    assertTrue(identity.get(0).startsWith(name + " 300 IN " + style.identityType() + " "),
        identity.toString());
  }

  private static void assertGone(String name, String reverse, IscDhcpd.Style style) {
    assertEquals(List.of(), dig(name, "A"));
    assertEquals(List.of(), dig(name, style.identityType()));
    assertEquals(List.of(), dig(reverse, "PTR"));
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
