package dev.ddns.adapter.dns;

import dev.ddns.core.model.Node;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneHead;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * A zone's head and nodes, ready for {@code ZoneStore.create}, built from records or read from a
 * master file (<a href="https://www.rfc-editor.org/rfc/rfc1035#section-5">RFC 1035 §5</a>).
 *
 * @param head the zone head, serial taken from the apex SOA
 * @param nodes every owner name's records
 */
public record ZoneContent(ZoneHead head, List<Node> nodes) {

  public ZoneContent {
    nodes = List.copyOf(nodes);
  }

  /** The zone whose apex is the owner of the one SOA record among {@code records}. */
  public static ZoneContent of(List<Record> records, SerialPolicy policy) {
    List<Record> soas = records.stream().filter(r -> r.getType() == Type.SOA).toList();
    if (soas.size() != 1) {
      throw new IllegalArgumentException("a zone needs exactly one SOA record, found " + soas.size());
    }
    SOARecord soa = (SOARecord) soas.get(0);
    Name zone = soa.getName();
    Map<Name, List<Record>> byName = new LinkedHashMap<>();
    for (Record r : records) {
      if (!r.getName().subdomain(zone)) {
        throw new IllegalArgumentException(r.getName() + " is outside the zone " + zone);
      }
      byName.computeIfAbsent(r.getName(), n -> new ArrayList<>()).add(r);
    }
    List<Node> nodes = new ArrayList<>();
    byName.forEach((name, list) -> nodes.add(node(name, list)));
    return new ZoneContent(new ZoneHead(zone, 0, soa.getSerial(), policy), nodes);
  }

  /**
   * The node of {@code records}. dnsjava parses some records from text that it cannot encode (a
   * HIP record without a public key); building the node encodes them, and such a record is
   * reported by name and type instead of as the encoder's NullPointerException.
   */
  private static Node node(Name name, List<Record> records) {
    try {
      return Node.of(name, records);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      Record broken = records.stream().filter(r -> !encodes(r)).findFirst().orElseThrow(() -> e);
      throw new IllegalArgumentException(broken.getName() + " " + Type.string(broken.getType())
          + ": the record's data cannot be encoded (" + e.getMessage() + ")", e);
    }
  }

  private static boolean encodes(Record record) {
    try {
      record.rdataToWireCanonical();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Reads a master file; names must be absolute or follow an {@code $ORIGIN}. */
  public static ZoneContent read(Path file, SerialPolicy policy) throws IOException {
    List<Record> records = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file); Master master = new Master(in)) {
      for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
        records.add(r);
      }
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot read zone file " + file + ": " + e.getMessage(), e);
    }
    try {
      return of(records, policy);
    } catch (IllegalArgumentException e) {
      throw new IOException("zone file " + file + ": " + e.getMessage(), e);
    }
  }
}
