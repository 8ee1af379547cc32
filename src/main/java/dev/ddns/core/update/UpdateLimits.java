package dev.ddns.core.update;

import dev.ddns.core.model.Node;
import dev.ddns.core.model.RecordSet;
import dev.ddns.core.model.ZoneCommit;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.port.StoreCapacity;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Size limits on one UPDATE, each refused (REFUSED, with the limit in the Extended DNS Error text)
 * before anything changes; the names one update reads and changes are bounded by what the store
 * states it takes ({@link StoreCapacity}). The RRs of one update are bounded only by the message,
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

  private UpdateLimits() {}

  /**
   * The names besides the apex an update reads (its prerequisites' and updates' owners in the
   * zone) against what the store reads for one update; checked before anything is read.
   */
  public static Verdict checkNamesRead(Name zone, Set<Name> names, StoreCapacity capacity) {
    long read = names.stream().filter(n -> n.subdomain(zone) && !n.equals(zone)).count();
    if (read > capacity.namesRead()) {
      return Verdict.fail(Rcode.REFUSED, "update of zone " + zone + " reads " + read
          + " names besides the apex; " + capacity.holder() + " holds at most "
          + capacity.namesRead());
    }
    return Verdict.OK;
  }

  /** The names besides the apex a commit changes, against what one commit of the store takes. */
  public static Verdict checkNamesChanged(ZoneCommit commit, StoreCapacity capacity) {
    Name zone = commit.head().zone();
    long changed = commit.nodes().stream().filter(n -> !n.name().equals(zone)).count();
    if (changed > capacity.namesChanged()) {
      return Verdict.fail(Rcode.REFUSED, "update of zone " + zone + " changes " + changed
          + " names besides the apex; " + capacity.holder() + " holds at most "
          + capacity.namesChanged());
    }
    return Verdict.OK;
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
