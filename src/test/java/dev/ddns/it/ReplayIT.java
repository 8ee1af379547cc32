package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.DnsWire;
import dev.ddns.testing.tools.LocalDdns;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * RFC 2136 §7.8 end to end through the relay, the DoH endpoint and the store of {@code ddns
 * local}: one captured signed UPDATE, sent twice over UDP and once more over TCP (another source
 * port, another client), is applied once and answered NOERROR, signed, every time.
 */
class ReplayIT {
  @TempDir static Path dir;
  private static LocalDdns ddns;

  @BeforeAll
  static void start() {
    ddns = LocalDdns.start(dir, List.of());
  }

  @AfterAll
  static void stop() {
    if (ddns != null) {
      ddns.close();
    }
  }

  @Test
  void aRetransmittedUpdateIsAppliedOnceAndAnsweredAsTheFirstTime() throws IOException {
    Name zone = Name.fromConstantString(DemoZone.NAME);
    Name name = Name.fromConstantString("replay." + DemoZone.NAME);
    Message update = Message.newUpdate(zone);
    update.addRecord(Record.newRecord(name, Type.ANY, DClass.NONE), Section.PREREQ);
    update.addRecord(Record.newRecord(name, Type.A, DClass.IN, 300,
        new byte[] {(byte) 192, 0, 2, 55}), Section.UPDATE);
    TSIG key = ddns.localKey().tsig();
    key.apply(update, null);
    byte[] captured = update.toWire();
    long before = serial();

    for (DnsWire.Transport transport : List.of(DnsWire.Transport.UDP, DnsWire.Transport.UDP,
        DnsWire.Transport.TCP)) {
      byte[] answer = DnsWire.exchange(transport, ddns.dnsPort(), captured);
      Message response = new Message(answer);
      assertEquals("NOERROR", Rcode.string(response.getRcode()),
          transport + "\n" + response + ddns.diagnostics());
      assertEquals(Rcode.NOERROR, key.verify(response, answer, update.getTSIG()), "signed");
    }
    assertEquals(before + 1, serial(), "applied once: the serial moved once");
    List<Record> records = ZoneSnapshot.axfr(DemoZone.NAME, ddns.dnsPort(), key).stream()
        .filter(r -> r.getName().equals(name)).toList();
    assertEquals(1, records.size(), records.toString());
  }

  /**
   * Issue 18 item 8 end to end: a captured update answered YXDOMAIN ("name not in use", and it
   * was), sent again after the name was deleted, is answered YXDOMAIN again and adds nothing.
   */
  @Test
  void aCapturedFailedUpdateReplayedAfterTheNameWasDeletedAddsNothing() throws IOException {
    Name zone = Name.fromConstantString(DemoZone.NAME);
    Name name = Name.fromConstantString("failed-replay." + DemoZone.NAME);
    TSIG key = ddns.localKey().tsig();
    assertEquals(Rcode.NOERROR, send(key, update(zone, name, false, Type.A)));
    Message captured = update(zone, name, true, Type.A);
    key.apply(captured, null);
    byte[] wire = captured.toWire();
    byte[] first = DnsWire.exchange(DnsWire.Transport.UDP, ddns.dnsPort(), wire);
    assertEquals("YXDOMAIN", Rcode.string(new Message(first).getRcode()));
    Message delete = Message.newUpdate(zone);
    delete.addRecord(Record.newRecord(name, Type.ANY, DClass.ANY), Section.UPDATE);
    assertEquals(Rcode.NOERROR, send(key, delete));
    long before = serial();

    Message again = new Message(DnsWire.exchange(DnsWire.Transport.TCP, ddns.dnsPort(), wire));

    assertEquals("YXDOMAIN", Rcode.string(again.getRcode()), again + ddns.diagnostics());
    assertEquals(before, serial(), "nothing applied");
    assertEquals(List.of(), ZoneSnapshot.axfr(DemoZone.NAME, ddns.dnsPort(), key).stream()
        .filter(r -> r.getName().equals(name)).toList());
    long start = System.nanoTime();
    assertEquals(Rcode.NOERROR, send(key, update(zone, name, false, Type.TXT)));
    assertTrue(System.nanoTime() - start < 1_000_000_000L, "a signed update within 1 s");
  }

  private static Message update(Name zone, Name name, boolean notInUse, int type) {
    Message update = Message.newUpdate(zone);
    if (notInUse) {
      update.addRecord(Record.newRecord(name, Type.ANY, DClass.NONE), Section.PREREQ);
    }
    update.addRecord(type == Type.A
        ? Record.newRecord(name, Type.A, DClass.IN, 300, new byte[] {(byte) 192, 0, 2, 66})
        : Record.newRecord(name, Type.TXT, DClass.IN, 300, new byte[] {2, 'o', 'k'}),
        Section.UPDATE);
    return update;
  }

  private static int send(TSIG key, Message update) throws IOException {
    key.apply(update, null);
    return new Message(DnsWire.exchange(DnsWire.Transport.UDP, ddns.dnsPort(), update.toWire()))
        .getRcode();
  }

  private static long serial() throws IOException {
    Message query = Message.newQuery(Record.newRecord(Name.fromConstantString(DemoZone.NAME),
        Type.SOA, DClass.IN));
    Message answer = new Message(DnsWire.exchange(DnsWire.Transport.UDP, ddns.dnsPort(),
        query.toWire()));
    return ((SOARecord) answer.getSection(Section.ANSWER).get(0)).getSerial();
  }
}
