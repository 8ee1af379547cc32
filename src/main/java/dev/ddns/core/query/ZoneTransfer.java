package dev.ddns.core.query;

import dev.ddns.core.model.Node;
import dev.ddns.core.model.RecordSet;
import dev.ddns.core.port.ZoneReader;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A full zone transfer (<a href="https://www.rfc-editor.org/rfc/rfc5936#section-2.2">RFC 5936
 * §2.2</a>): the SOA, every other record, and the SOA again, packed into as many messages as
 * needed; and the packing that incremental transfers ({@link IncrementalTransfer}) and paged ones
 * ({@link ZonePages}) share.
 */
public final class ZoneTransfer {
  /** Room per message for answer records, leaving space for the header, question and TSIG. */
  static final int MESSAGE_BUDGET = 16_000;
  /**
   * The most a transfer message takes unless one record alone is larger: the answer records, and
   * room for the header, the question and the TSIG record.
   */
  public static final int LARGEST_MESSAGE = MESSAGE_BUDGET + 1_024;

  private ZoneTransfer() {}

  /** The transfer messages, unsigned, each answering {@code query}. */
  public static List<Message> axfr(Message query, ZoneReader zone) {
    List<Node> nodes = zone.nodes().toList();
    SOARecord soa = soa(nodes, zone.head().zone());
    List<Record> records = new ArrayList<>();
    records.add(soa);
    for (Node node : nodes) {
      for (RecordSet set : node.rrsets()) {
        if (set.type() != Type.SOA) {
          records.addAll(set.records());
        }
      }
    }
    records.add(soa);
    return pack(query, records);
  }

  /**
   * The records in order, packed into as few messages as fit {@link #MESSAGE_BUDGET}, each
   * answering {@code query} (RFC 5936 §2.2, RFC 1995 §4).
   */
  public static List<Message> pack(Message query, List<Record> records) {
    List<Message> messages = new ArrayList<>();
    Message current = start(query);
    int size = 0;
    for (Record r : records) {
      int length = length(r);
      if (size > 0 && size + length > MESSAGE_BUDGET) {
        messages.add(current);
        current = start(query);
        size = 0;
      }
      current.addRecord(r, Section.ANSWER);
      size += length;
    }
    messages.add(current);
    return messages;
  }

  /** The SOA of the snapshot itself, so that it names the serial the records belong to. */
  private static SOARecord soa(List<Node> nodes, Name apex) {
    Node first = nodes.isEmpty() ? null : nodes.get(0);
    if (first == null || !first.name().equals(apex) || !first.has(Type.SOA)) {
      throw new IllegalStateException("zone " + apex + " has no SOA at its apex");
    }
    return (SOARecord) first.rrset(Type.SOA).orElseThrow().records().get(0);
  }

  /** The room a record takes in a message, as packing counts it: its uncompressed length. */
  static int length(Record r) {
    return r.toWire(Section.ANSWER).length;
  }

  /** An empty transfer message answering {@code query}. */
  static Message start(Message query) {
    Header header = new Header(query.getHeader().getID());
    header.setFlag(Flags.QR);
    header.setFlag(Flags.AA);
    header.setOpcode(query.getHeader().getOpcode());
    Message message = new Message(header.getID());
    message.setHeader(header);
    message.addRecord(query.getQuestion(), Section.QUESTION);
    return message;
  }
}
