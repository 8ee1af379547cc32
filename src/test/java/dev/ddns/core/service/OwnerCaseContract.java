package dev.ddns.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.testing.SignedMessages;
import dev.ddns.testing.TestZone;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Owner-name case (docs/bind-differences.md, "Owner-name case"): what the store keeps is what
 * queries over UDP and TCP, AXFR and IXFR serve. An add that differs from an RR only in the case
 * of its owner changes nothing, serial and journal included; an RR added to an existing name takes
 * the name's spelling. Each store runs this through a subclass.
 */
public abstract class OwnerCaseContract {
  static final Name NS1 = Name.fromConstantString("ns1.example.test.");
  static final Name WWW = Name.fromConstantString("www.example.test.");
  static final Name NEW = Name.fromConstantString("NeW.example.test.");

  /** A new, empty store. */
  protected abstract ZoneStore newStore();

  DnsService service;

  @BeforeEach
  void load() {
    ZoneStore store = newStore();
    TestZone.load(store, TestZone.DEFAULT, SerialPolicy.INCREMENT);
    service = new DnsService(store, TestZone.keys(), DnsServiceTest.CLOCK);
  }

  @Test
  void anAddThatOnlyRespellsAnOwnerChangesNothingAnywhere() throws IOException {
    update("Ns1.eXaMpLe.TeSt. 3600 A 192.0.2.1");

    for (RequestContext transport : transports()) {
      assertEquals(1, serial(query(TestZone.ZONE, Type.SOA, transport)), transport.transport()
          + ": the serial did not move");
      assertEquals(served("ns1.example.test. 3600 A 192.0.2.1"),
          lines(query(NS1, Type.A, transport)), transport.transport() + ": one A, as it was");
    }
    assertEquals(served("ns1.example.test. 3600 A 192.0.2.1"), at(NS1, axfr()));
    assertEquals(served(TestZone.DEFAULT.get(0)), lines(ixfr(1)),
        "no journal entry: the client is up to date");
  }

  @Test
  void aNewRRsetAtAnExistingNameIsServedInTheNamesSpelling() throws IOException {
    update("WWW.Example.TEST. 300 TXT \"t\"");

    for (RequestContext transport : transports()) {
      assertEquals(2, serial(query(TestZone.ZONE, Type.SOA, transport)));
      assertEquals(served("www.example.test. 300 TXT \"t\""),
          lines(query(WWW, Type.TXT, transport)), transport.transport().toString());
    }
    assertEquals(served("www.example.test. 300 A 192.0.2.10", "www.example.test. 300 A 192.0.2.11",
        "www.example.test. 300 TXT \"t\""),
        at(WWW, axfr()));
    assertEquals(served("www.example.test. 300 TXT \"t\""), at(WWW, ixfr(1)),
        "the journal holds the added RR in the name's spelling");
  }

  @Test
  void aNewNameIsServedInTheSpellingOfItsFirstRecord() throws IOException {
    update("NeW.example.test. 300 A 192.0.2.5");
    update("NEW.example.test. 300 TXT \"t\"");
    update("new.EXAMPLE.test. 300 A 192.0.2.5");

    assertEquals(3, serial(query(TestZone.ZONE, Type.SOA, RequestContext.udp("c"))),
        "the third update repeated the first");
    assertEquals(served("NeW.example.test. 300 A 192.0.2.5", "NeW.example.test. 300 TXT \"t\""),
        at(NEW, axfr()));
    assertEquals(served("NeW.example.test. 300 TXT \"t\""), at(NEW, ixfr(2)));
    for (RequestContext transport : transports()) {
      assertEquals(served("NeW.example.test. 300 TXT \"t\""),
          lines(query(NEW, Type.TXT, transport)), transport.transport().toString());
    }
  }

  // helpers

  static List<RequestContext> transports() {
    return List.of(RequestContext.udp("c"), RequestContext.tcp("c"));
  }

  void update(String line) throws IOException {
    byte[] wire = SignedMessages.signed(SignedMessages.update(line), TestZone.KEY,
        DnsServiceTest.CLOCK);
    Message answer = new Message(service.handle(wire, RequestContext.tcp("c")).single());
    assertEquals(Rcode.string(Rcode.NOERROR), Rcode.string(answer.getRcode()), line);
  }

  List<Record> query(Name name, int type, RequestContext transport) throws IOException {
    Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    return new Message(service.handle(query.toWire(), transport).single())
        .getSection(Section.ANSWER);
  }

  List<Record> axfr() throws IOException {
    return transfer(Message.newQuery(Record.newRecord(TestZone.ZONE, Type.AXFR, DClass.IN)));
  }

  /** The records of an IXFR over TCP from {@code clientSerial}, in the order they came. */
  List<Record> ixfr(long clientSerial) throws IOException {
    Message query = Message.newQuery(Record.newRecord(TestZone.ZONE, Type.IXFR, DClass.IN));
    query.addRecord(new SOARecord(TestZone.ZONE, DClass.IN, 0, TestZone.ZONE, TestZone.ZONE,
        clientSerial, 0, 0, 0, 0), Section.AUTHORITY);
    return transfer(query);
  }

  /** A transfer's records as parsed from its messages, whose names dnsjava decompresses. */
  List<Record> transfer(Message query) throws IOException {
    byte[] wire = SignedMessages.signed(query, TestZone.KEY, DnsServiceTest.CLOCK);
    List<Record> records = new ArrayList<>();
    for (byte[] message : service.handle(wire, RequestContext.tcp("c")).messages()) {
      records.addAll(new Message(message).getSection(Section.ANSWER));
    }
    return records;
  }

  /** The records owned by {@code name}, as served: the owner spelt as the message spelt it. */
  static List<String> at(Name name, List<Record> records) {
    return lines(records.stream().filter(r -> r.getName().equals(name)).toList());
  }

  /** Zone-file lines as {@link #lines} prints them. */
  static List<String> served(String... zoneLines) {
    return lines(Stream.of(zoneLines).map(TestZone::rr).toList());
  }

  static List<String> lines(List<Record> records) {
    return records.stream().map(Record::toString).map(s -> s.replaceAll("\\s+", " ")).toList();
  }

  static long serial(List<Record> answer) {
    return ((SOARecord) answer.get(0)).getSerial();
  }
}
