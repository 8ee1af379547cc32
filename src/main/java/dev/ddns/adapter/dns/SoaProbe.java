package dev.ddns.adapter.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Asks one server, at its own address, for a zone's SOA serial: an unsigned, non-recursive query
 * over UDP (TCP when the answer is truncated), within a timeout (docs/secondaries.md,
 * "Propagation status").
 */
public final class SoaProbe {
  private final Duration timeout;

  public SoaProbe(Duration timeout) {
    this.timeout = timeout;
  }

  /**
   * What {@code target} ({@code host}, {@code host:port} or {@code [v6]:port}) said.
   *
   * @param serial the serial of the SOA it answered with authority; empty when it gave none
   * @param problem why there is no serial, else empty
   */
  public record Answer(OptionalLong serial, String problem) {
    static Answer serial(long serial) {
      return new Answer(OptionalLong.of(serial), "");
    }

    static Answer problem(String problem) {
      return new Answer(OptionalLong.empty(), problem);
    }
  }

  public Answer ask(String target, Name zone) {
    InetSocketAddress address;
    try {
      address = NotifyTargets.resolve(target);
    } catch (IllegalArgumentException | UnknownHostException e) {
      return Answer.problem("not a usable address: " + e.getMessage());
    }
    SimpleResolver resolver = new SimpleResolver(address);
    resolver.setTimeout(timeout);
    Message query = Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN));
    query.getHeader().unsetFlag(Flags.RD);
    Message response;
    try {
      response = resolver.send(query);
    } catch (IOException e) {
      return Answer.problem(timedOut(e) ? "no answer within " + timeout.toMillis() + " ms"
          : "no answer: " + e.getMessage());
    }
    if (response.getRcode() != Rcode.NOERROR) {
      return Answer.problem("answered " + Rcode.string(response.getRcode()));
    }
    for (Record r : response.getSection(Section.ANSWER)) {
      if (r instanceof SOARecord soa && soa.getName().equals(zone)) {
        return response.getHeader().getFlag(Flags.AA)
            ? Answer.serial(soa.getSerial())
            : Answer.problem("not authoritative for the zone (serial " + soa.getSerial() + ")");
      }
    }
    return Answer.problem("answered without the zone's SOA");
  }

  /** dnsjava reports a timeout as an IOException caused by one of these. */
  private static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException || t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }
}
