package dev.ddns.core.update;

import dev.ddns.core.model.Node;
import dev.ddns.core.model.RecordSet;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.model.ZoneSettings;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Size limits on one UPDATE, each refused (REFUSED, with the limit in the Extended DNS Error text)
 * before anything changes. The RRs and names of one update are bounded only by the message,
 * at most 65,535 bytes (RFC 1035 §4.2.2; the DoH endpoint answers 413 above that), as in BIND and
 * Knot. A zone holds at most its {@link ZoneSettings#maxRecords}
 * records (BIND's {@code max-records}), counted in its head; an update that does not grow the
 * zone always passes, so a zone over its limit can still shrink.
 */
public final class UpdateLimits {
  /** Records in one RRset after the update: BIND 9.18's default {@code max-records-per-type}. */
  public static final int MAX_RECORDS_PER_RRSET = 100;
  /**
   * Bytes of rdata held by one owner name after the update: one name is one stored item, and a
   * DynamoDB item holds at most 400 KB, names and attributes included.
   */
  public static final int MAX_RDATA_BYTES_PER_NAME = 300_000;
  /**
   * Bytes of the records one update removes and adds, in the uncompressed wire form the journal
   * keeps them in: a store writes an update's journal entry in the commit that applies it, and one
   * DynamoDB transaction holds at most 4 MB (docs/architecture.md, "Large updates"). A message of
   * a few bytes can delete names that hold far more.
   */
  public static final int MAX_CHANGE_BYTES = 3_500_000;

  private UpdateLimits() {}

  /** What the update takes out of the zone and puts in, as its journal entry holds it. */
  public static Verdict checkChangeSize(List<Record> removed, List<Record> added) {
    long bytes = wireBytes(removed) + wireBytes(added);
    if (bytes <= MAX_CHANGE_BYTES) {
      return Verdict.OK;
    }
    return Verdict.fail(Rcode.REFUSED, String.format(Locale.ROOT,
        "the update would remove and add %,d bytes of records; at most %,d in one update are "
            + "allowed", bytes, MAX_CHANGE_BYTES));
  }

  private static long wireBytes(List<Record> records) {
    long bytes = 0;
    for (Record r : records) {
      bytes += r.getName().length() + 10 + RecordRules.rdlength(r);
    }
    return bytes;
  }

  /** The names as the update leaves them: RRset sizes and rdata bytes per name. */
  public static Verdict checkChanged(List<Node> changed) {
    for (Node node : changed) {
      int bytes = 0;
      for (RecordSet set : node.rrsets()) {
        if (set.size() > MAX_RECORDS_PER_RRSET) {
          return Verdict.fail(Rcode.REFUSED, node.name() + "/" + Type.string(set.type())
              + " would hold " + set.size() + " records; at most " + MAX_RECORDS_PER_RRSET
              + " per RRset are allowed");
        }
        for (Record r : set.records()) {
          bytes += RecordRules.rdlength(r);
        }
      }
      if (bytes > MAX_RDATA_BYTES_PER_NAME) {
        return Verdict.fail(Rcode.REFUSED, node.name() + " would hold " + bytes
            + " bytes of records; at most " + MAX_RDATA_BYTES_PER_NAME + " per name are allowed");
      }
    }
    return Verdict.OK;
  }

  /**
   * The zone's record count after an update that adds {@code delta} records (net). Not enforced
   * while the head's count is unknown.
   */
  public static Verdict checkZoneSize(ZoneHead head, long delta) {
    if (delta <= 0 || head.records().isEmpty()) {
      return Verdict.OK;
    }
    return checkZoneSize(head.zone(), head.records().getAsLong() + delta, head.settings());
  }

  /** A zone of {@code records} records against its settings' limit (also for imports). */
  public static Verdict checkZoneSize(Name zone, long records, ZoneSettings settings) {
    if (!settings.exceedsMaxRecords(records)) {
      return Verdict.OK;
    }
    return Verdict.fail(Rcode.REFUSED, String.format(Locale.ROOT,
        "zone %s would hold %,d records; its limit is %,d", zone, records,
        settings.maxRecords()));
  }
}
