package dev.ddns.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddns.testing.TestZone;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.*;
import org.xbill.DNS.Record;

class DnsServiceSmokeTest {
  @Test
  void updateThenQuery() throws Exception {
    var store = TestZone.store();
    var service = new DnsService(store, TestZone.keys(), Clock.systemUTC());
    Message update = Message.newUpdate(TestZone.ZONE);
    update.addRecord(TestZone.rr("new.example.test. 300 A 192.0.2.99"), Section.UPDATE);
    TSIG tsig = TestZone.KEY.signer(Clock.systemUTC());
    update.setTSIG(tsig);
    byte[] wire = update.toWire(65535);
    Message response = new Message(service.handle(wire, RequestContext.udp("t")).single());
    System.out.println(response);
    assertEquals(Rcode.NOERROR, response.getRcode());
    Message q = Message.newQuery(Record.newRecord(Name.fromString("new.example.test."), Type.A, DClass.IN));
    Message a = new Message(service.handle(q.toWire(), RequestContext.udp("t")).single());
    System.out.println(a);
    Message ax = Message.newQuery(Record.newRecord(TestZone.ZONE, Type.AXFR, DClass.IN));
    ax.setTSIG(tsig);
    var resp = service.handle(ax.toWire(65535), RequestContext.tcp("t"));
    for (byte[] m : resp.messages()) System.out.println(new Message(m));
  }
}
