package dev.ddns.it;

import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.DnsWire;
import dev.ddns.testing.tools.TestKey;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/** A server under test (BIND or ddns) reached over loopback UDP/TCP with one TSIG key. */
record DnsTarget(String name, int port, TestKey key) {

  /** What came back: the rcode (with TSIG error), whether it was signed and verified. */
  record Answer(String rcode, String tsig, String text) {
    static Answer none(DnsWire.Transport transport) {
      return new Answer("NO-ANSWER", "-", "nothing came back over " + transport);
    }

    String summary() {
      return rcode + " (tsig " + tsig + ")";
    }
  }

  /** Signs a copy of {@code unsigned} with this target's key and sends it. */
  Answer send(Message unsigned, DnsWire.Transport transport) {
    Message request = unsigned.clone();
    TSIG tsig = key.tsig();
    tsig.apply(request, null);
    byte[] wire = request.toWire();
    Optional<byte[]> reply = transport == DnsWire.Transport.UDP
        ? DnsWire.udp(port, wire)
        : DnsWire.tcp(port, wire);
    return reply.map(bytes -> answer(bytes, tsig, request.getTSIG()))
        .orElseGet(() -> Answer.none(transport));
  }

  ZoneSnapshot snapshot() {
    return ZoneSnapshot.of(records());
  }

  List<Record> records() {
    return ZoneSnapshot.axfr(DemoZone.NAME, port, key.tsig());
  }

  private static Answer answer(byte[] bytes, TSIG tsig, TSIGRecord requestTsig) {
    try {
      Message response = new Message(bytes);
      TSIGRecord responseTsig = response.getTSIG();
      String rcode = Rcode.string(response.getRcode());
      if (responseTsig == null) {
        return new Answer(rcode, "unsigned", response.toString());
      }
      String tsigError = responseTsig.getError() == Rcode.NOERROR
          ? "" : "/" + Rcode.TSIGstring(responseTsig.getError());
      int verified = tsig.verify(response, bytes, requestTsig);
      String check = verified == Rcode.NOERROR ? "valid" : "invalid:" + Rcode.TSIGstring(verified);
      return new Answer(rcode + tsigError, check, response.toString());
    } catch (IOException e) {
      return new Answer("UNPARSEABLE", "-", e.toString());
    }
  }
}
