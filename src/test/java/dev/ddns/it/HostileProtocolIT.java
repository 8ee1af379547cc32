package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.Dig;
import dev.ddns.testing.tools.DnsWire;
import dev.ddns.testing.tools.LocalDdns;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Protocol attacks of issue 18 (items 3, 5, 6, 7) against {@code ddns local} through its relay,
 * with the real dig where it can say the bytes: each leaves the zone unchanged and a signed
 * UPDATE answered within 1 s afterwards.
 */
class HostileProtocolIT {
  private static final String BIG = "big." + DemoZone.NAME;
  private static final String FIT = "fit." + DemoZone.NAME;
  private static final String EDGE = "edge." + DemoZone.NAME;
  /** An answer size a UDP datagram over IPv4 cannot carry (at most 65,507 bytes). */
  private static final int TOO_BIG_FOR_IPV4 = 65_520;

  @TempDir static Path dir;
  private static LocalDdns ddns;
  private ZoneSnapshot before;

  @BeforeAll
  static void start() throws IOException {
    ddns = LocalDdns.start(dir, List.of());
    // The reproduction: 100 TXT records of 255 bytes at one name.
    add(BIG, 100, i -> List.of(String.format("%03d", i) + "x".repeat(252)));
    // An RRset whose unsigned answer just fits 1,232 bytes: the largest amplification.
    add(FIT, 4, i -> List.of(i + "f".repeat(254)));
    sizeEdge();
  }

  @AfterAll
  static void stop() {
    if (ddns != null) {
      ddns.close();
    }
  }

  @BeforeEach
  void recordZone() {
    before = snapshot();
  }

  @AfterEach
  void zoneUnchangedAndUpdatesStillAnswered() throws IOException {
    assertTrue(ddns.isAlive(), "ddns local died:\n" + ddns.diagnostics());
    assertEquals(before, snapshot(), "the attack changed the zone");
    Message update = Message.newUpdate(Name.fromConstantString(DemoZone.NAME));
    update.addRecord(Record.newRecord(Name.fromConstantString("probe." + DemoZone.NAME),
        Type.ANY, DClass.ANY), Section.UPDATE);
    ddns.localKey().tsig().apply(update, null);
    long start = System.nanoTime();
    Optional<byte[]> answer = DnsWire.send(DnsWire.Transport.UDP, ddns.dnsPort(),
        update.toWire(), 1000);
    assertTrue(answer.isPresent(), "a signed UPDATE is answered within 1 s");
    assertEquals(Rcode.NOERROR, new Message(answer.get()).getRcode());
    assertTrue(System.nanoTime() - start < 1_000_000_000L);
  }

  /** Item 5: BIND answers BADVERS, with an OPT of version 0. */
  @Test
  void ednsVersionOneIsBadvers() {
    String out = Dig.run(ddns.dnsPort(), "www." + DemoZone.NAME, "+edns=1", "+noednsneg")
        .output();
    assertTrue(out.contains("status: BADVERS"), out);
    assertTrue(out.contains("EDNS: version: 0"), out);
  }

  /** Item 6: two OPT records, and an OPT not owned by the root, are FORMERR. */
  @Test
  void twoOptsOrAnOptBelowTheRootAreFormerr() throws IOException {
    Message two = query(BIG, Type.TXT);
    two.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    two.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
    assertEquals(Rcode.FORMERR, udp(two.toWire()).getRcode());
    Message owned = query(BIG, Type.TXT);
    owned.addRecord(Record.newRecord(Name.fromConstantString("x."), Type.OPT, 1232, 0,
        new byte[0]), Section.ADDITIONAL);
    assertEquals(Rcode.FORMERR, udp(owned.toWire()).getRcode());
  }

  /**
   * Item 7: an unsigned query advertising EDNS size 65535 (the probe's bytes; dig 9.18 does not
   * send that size) gets at most 1,232 bytes with TC=1, and dig gets the whole answer over TCP.
   */
  @Test
  void unsignedUdpIsCappedAndDigFallsBackToTcp() throws IOException {
    Message q = query(BIG, Type.TXT);
    q.addRecord(new OPTRecord(65_535, 0, 0), Section.ADDITIONAL);
    byte[] answer = DnsWire.exchange(DnsWire.Transport.UDP, ddns.dnsPort(), q.toWire());
    assertTrue(answer.length <= 1232, answer.length + " bytes");
    assertTrue(new Message(answer).getHeader().getFlag(Flags.TC), "TC=1");
    String udp = Dig.run(ddns.dnsPort(), "+bufsize=65535", "+ignore", BIG, "TXT").output();
    assertTrue(rcvd(udp) <= 1232, udp);
    String tcp = Dig.run(ddns.dnsPort(), "+bufsize=65535", BIG, "TXT").output();
    assertTrue(tcp.contains("ANSWER: 100"), tcp);
  }

  /** Item 7: the amplification factor, the largest unsigned answer over its request. */
  @Test
  void amplificationStaysWithinTheCap() throws IOException {
    Message q = query(FIT, Type.TXT);
    q.addRecord(new OPTRecord(65_535, 0, 0), Section.ADDITIONAL);
    byte[] request = q.toWire();
    byte[] answer = DnsWire.exchange(DnsWire.Transport.UDP, ddns.dnsPort(), request);
    assertFalse(new Message(answer).getHeader().getFlag(Flags.TC), "it fits");
    assertTrue(answer.length <= 1232);
    System.out.printf("amplification: %d-byte query, %d-byte answer: %.1fx%n", request.length,
        answer.length, (double) answer.length / request.length);
    assertTrue((double) answer.length / request.length <= 1232.0 / request.length);
  }

  /** RFC 8482: ANY over UDP is one RRset (dig asks ANY over TCP unless told not to). */
  @Test
  void anyIsMinimal() {
    String out = Dig.run(ddns.dnsPort(), "+notcp", "+bufsize=65535", "+ignore", "+norecurse",
        DemoZone.NAME, "ANY").output();
    assertTrue(out.contains("ANSWER: 1,"), "one RRset of the apex's SOA and NS: " + out);
  }

  /**
   * Item 3: a signed query whose answer is 65,520 bytes (over the 65,507 an IPv4 datagram holds)
   * gets TC=1 over UDP, never silence, and the whole answer over TCP.
   */
  @Test
  void signedAnswerTooBigForADatagramIsTruncatedNotDropped() throws IOException {
    Message q = query(EDGE, Type.TXT);
    q.addRecord(new OPTRecord(65_535, 0, 0), Section.ADDITIONAL);
    ddns.localKey().tsig().apply(q, null);
    byte[] wire = q.toWire();
    assertEquals(TOO_BIG_FOR_IPV4,
        DnsWire.exchange(DnsWire.Transport.TCP, ddns.dnsPort(), wire).length);
    Optional<byte[]> udp = DnsWire.send(DnsWire.Transport.UDP, ddns.dnsPort(), wire, 3000);
    assertTrue(udp.isPresent(), "an answer, not silence:\n" + ddns.diagnostics());
    assertTrue(new Message(udp.get()).getHeader().getFlag(Flags.TC));
  }

  // helpers

  private static Message query(String name, int type) {
    return Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
  }

  private static Message udp(byte[] request) throws IOException {
    return new Message(DnsWire.exchange(DnsWire.Transport.UDP, ddns.dnsPort(), request));
  }

  private static int rcvd(String digOutput) {
    for (String line : digOutput.split("\n")) {
      if (line.contains("MSG SIZE  rcvd:")) {
        return Integer.parseInt(line.replaceAll(".*rcvd: *", "").trim());
      }
    }
    throw new AssertionError("no MSG SIZE line:\n" + digOutput);
  }

  private static void add(String name, int count,
      java.util.function.IntFunction<List<String>> strings) throws IOException {
    Message update = Message.newUpdate(Name.fromConstantString(DemoZone.NAME));
    for (int i = 0; i < count; i++) {
      update.addRecord(new TXTRecord(Name.fromConstantString(name), DClass.IN, 300,
          strings.apply(i)), Section.UPDATE);
    }
    send(update);
  }

  private static void send(Message update) throws IOException {
    ddns.localKey().tsig().apply(update, null);
    Message answer = new Message(DnsWire.exchange(DnsWire.Transport.TCP, ddns.dnsPort(),
        update.toWire()));
    assertEquals(Rcode.NOERROR, answer.getRcode(), answer.toString());
  }

  /**
   * Builds EDGE so that a signed answer to {@link #signedAnswerTooBigForADatagramIsTruncatedNotDropped}
   * is exactly {@link #TOO_BIG_FOR_IPV4} bytes: 99 records of 2 strings, then one filler record
   * sized from the answer measured over TCP.
   */
  private static void sizeEdge() throws IOException {
    add(EDGE, 99, i -> List.of(String.format("%02d", i) + "e".repeat(253), "e".repeat(255)));
    Message probe = query(EDGE, Type.TXT);
    probe.addRecord(new OPTRecord(65_535, 0, 0), Section.ADDITIONAL);
    ddns.localKey().tsig().apply(probe, null);
    int size = DnsWire.exchange(DnsWire.Transport.TCP, ddns.dnsPort(), probe.toWire()).length;
    int missing = TOO_BIG_FOR_IPV4 - size - 12; // the filler RR: 2 name + 10 fixed + rdata
    List<String> filler = new java.util.ArrayList<>();
    while (missing > 0) {
      int take = Math.min(256, missing);
      filler.add("g".repeat(take - 1));
      missing -= take;
    }
    add(EDGE, 1, i -> filler);
  }

  private static ZoneSnapshot snapshot() {
    return ZoneSnapshot.transfer(DemoZone.NAME, ddns.dnsPort(), ddns.localKey().tsig());
  }
}
