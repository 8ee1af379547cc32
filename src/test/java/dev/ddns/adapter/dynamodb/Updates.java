package dev.ddns.adapter.dynamodb;

import dev.ddns.core.model.Node;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.RequestContext;
import dev.ddns.testing.TestZone;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Signed UPDATE messages through {@link DnsService}, and zone contents as comparable sets. */
final class Updates {
  private Updates() {}

  static Message update(List<Record> prerequisites, List<Record> updates) {
    Message m = Message.newUpdate(TestZone.ZONE);
    prerequisites.forEach(r -> m.addRecord(r, Section.PREREQ));
    updates.forEach(r -> m.addRecord(r, Section.UPDATE));
    return m;
  }

  /** Signs with the test key and sends over TCP; returns the response rcode. */
  static int send(DnsService service, Message update, Clock clock, String client) {
    update.setTSIG(TestZone.KEY.signer(clock));
    byte[] wire = update.toWire(65535);
    try {
      return new Message(service.handle(wire, RequestContext.tcp(client)).single()).getRcode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every record of the zone in presentation form (owner spelling and TTL included). */
  static Set<String> contents(ZoneStore store) {
    return contents(store.open(TestZone.ZONE).orElseThrow().nodes().toList());
  }

  static Set<String> contents(List<Node> nodes) {
    Set<String> out = new TreeSet<>();
    nodes.forEach(n -> n.rrsets().forEach(s -> s.records().forEach(r -> out.add(r.toString()))));
    return out;
  }
}
