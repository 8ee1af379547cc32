package dev.ddns.core.service;

import static dev.ddns.core.service.DnsServiceTest.CLOCK;
import static dev.ddns.core.service.DnsServiceTest.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.model.SerialPolicy;
import dev.ddns.testing.SignedMessages;
import dev.ddns.testing.TestZone;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Issue 18 item 7: an unsigned UDP query gets at most {@link ProtocolLimits#unsignedUdpLimit()}
 * bytes back whatever EDNS size it advertises, and ANY gets one RRset (RFC 8482); signed queries
 * still get what their EDNS size and the path allow.
 */
class AmplificationTest {
  /** The relay's limit for IPv4 clients: the largest IPv4 UDP payload. */
  static final int IPV4_UDP = 65_507;
  static final String BIG = "big.example.test.";

  static List<String> zone() {
    List<String> lines = new ArrayList<>(TestZone.DEFAULT);
    for (int i = 0; i < 100; i++) {
      lines.add(BIG + " 300 TXT \"" + String.format("%03d", i) + "x".repeat(252) + "\"");
    }
    for (int i = 0; i < 10; i++) {
      lines.add("mid.example.test. 300 TXT \"" + i + "z".repeat(254) + "\"");
    }
    lines.add("multi.example.test. 300 A 192.0.2.40");
    lines.add("multi.example.test. 300 AAAA 2001:db8::40");
    lines.add("multi.example.test. 300 TXT \"" + "y".repeat(255) + "\"");
    return lines;
  }

  final DnsService service = new DnsService(TestZone.store(zone(), SerialPolicy.INCREMENT),
      TestZone.keys(), CLOCK);

  static Message query(String qname, int type, int ednsSize) {
    Message q = Message.newQuery(Record.newRecord(name(qname), type, DClass.IN));
    if (ednsSize > 0) {
      q.addRecord(new OPTRecord(ednsSize, 0, 0), Section.ADDITIONAL);
    }
    return q;
  }

  static RequestContext udpThroughRelay() {
    return new RequestContext(Transport.UDP, IPV4_UDP, "192.0.2.99:5353");
  }

  @Test
  void unsignedUdpAnswersAreCappedAtTheFlagDaySize() throws Exception {
    byte[] request = query(BIG, Type.TXT, 65_535).toWire();
    byte[] answer = service.handle(request, udpThroughRelay()).single();
    Message response = new Message(answer);
    assertTrue(answer.length <= ProtocolLimits.DEFAULT_UNSIGNED_UDP_LIMIT, "" + answer.length);
    assertTrue(response.getHeader().getFlag(Flags.TC), "TC=1: retry over TCP");
    byte[] overTcp = service.handle(request, RequestContext.tcp("t")).single();
    assertEquals(100, new Message(overTcp).getSection(Section.ANSWER).size());
  }

  /** The amplification factor for the smallest queries, with and without EDNS. */
  @Test
  void amplificationIsAtMostTheCapOverTheRequest() throws Exception {
    for (int edns : new int[] {0, 65_535}) {
      byte[] request = query(BIG, Type.TXT, edns).toWire();
      byte[] answer = service.handle(request, udpThroughRelay()).single();
      double factor = (double) answer.length / request.length;
      int cap = edns == 0 ? 512 : ProtocolLimits.DEFAULT_UNSIGNED_UDP_LIMIT;
      assertTrue(answer.length <= cap, answer.length + " bytes");
      assertTrue(factor <= (double) cap / request.length, "factor " + factor);
      assertTrue(factor < 30, "factor " + factor);
    }
  }

  @Test
  void signedUdpAnswersMayBeLargeUpToTheClientsSize() throws Exception {
    Message q = query(BIG, Type.TXT, 65_535);
    byte[] wire = SignedMessages.signed(q, TestZone.KEY, CLOCK);
    byte[] answer = service.handle(wire, udpThroughRelay()).single();
    Message response = new Message(answer);
    assertFalse(response.getHeader().getFlag(Flags.TC));
    assertEquals(100, response.getSection(Section.ANSWER).size());
    assertTrue(answer.length > ProtocolLimits.DEFAULT_UNSIGNED_UDP_LIMIT);
    assertEquals(Rcode.NOERROR, TestZone.KEY.signer(CLOCK).verify(response, answer,
        q.getTSIG()));
  }

  @Test
  void theUnsignedCapIsConfigurable() throws Exception {
    DnsService wide = new DnsService(TestZone.store(zone(), SerialPolicy.INCREMENT),
        TestZone.keys(), CLOCK, RandomGenerator.of("L64X128MixRandom"), ServiceLimits.NONE,
        ProtocolLimits.DEFAULT.withUnsignedUdpLimit(4096));
    byte[] request = query("mid.example.test.", Type.TXT, 65_535).toWire();
    Message capped = new Message(service.handle(request, udpThroughRelay()).single());
    assertTrue(capped.getHeader().getFlag(Flags.TC), "over 1,232 bytes by default");
    byte[] answer = wide.handle(request, udpThroughRelay()).single();
    assertTrue(answer.length > 1232 && answer.length <= 4096, "" + answer.length);
    assertFalse(new Message(answer).getHeader().getFlag(Flags.TC));
  }

  /** RFC 8482 §4.1: over UDP, ANY gets one RRset of the name; over TCP all of them. */
  @Test
  void anyOverUdpIsOneRrset() throws Exception {
    byte[] request = query("multi.example.test.", Type.ANY, 1232).toWire();
    Message udp = new Message(service.handle(request, udpThroughRelay()).single());
    assertEquals(Rcode.NOERROR, udp.getRcode());
    assertEquals(List.of("A"), types(udp));
    Message tcp = new Message(service.handle(request, RequestContext.tcp("t")).single());
    assertEquals(List.of("A", "TXT", "AAAA"), types(tcp));
  }

  private static List<String> types(Message m) {
    return m.getSection(Section.ANSWER).stream().map(r -> Type.string(r.getType()))
        .collect(Collectors.toList());
  }
}
