package dev.ddns.core.query;

import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.model.Serial;
import dev.ddns.core.port.ZoneReads;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * An incremental zone transfer (<a href="https://www.rfc-editor.org/rfc/rfc1995">RFC 1995</a>)
 * from the journal: the difference sequences that lead from the client's serial to the zone at
 * one version.
 */
public final class IncrementalTransfer {
  /** Journal entries read on the first look back from the head; doubled while not enough. */
  private static final int FIRST_WINDOW = 64;
  /** The longest history an IXFR walks; a client further behind gets the full zone. */
  static final int MAX_ENTRIES = 16_384;

  private IncrementalTransfer() {}

  /**
   * RFC 1995 §4: whether a client at {@code clientSerial} already has the zone at {@code serial}
   * (the same serial, or a newer one in RFC 1982 terms), and gets the single SOA.
   */
  public static boolean isUpToDate(long clientSerial, long serial) {
    return clientSerial == serial || Serial.isGreater(clientSerial, serial);
  }

  /**
   * The journal entries, oldest first, that lead from {@code clientSerial} to {@code serial}
   * within the versions up to {@code version}, so that the answer is built from one snapshot;
   * empty when the journal does not reach back (RFC 1995 §4: the server then sends the full zone).
   */
  public static Optional<List<JournalEntry>> differences(ZoneReads store, Name zone,
      long version, long serial, long clientSerial) {
    for (long window = FIRST_WINDOW; ; window *= 2) {
      long after = Math.max(0, version - window);
      List<JournalEntry> entries = upTo(store.journal(zone, after, (int) (version - after)),
          version);
      int start = lastStartingAt(entries, clientSerial);
      if (start >= 0) {
        return chain(entries.subList(start, entries.size()), clientSerial, serial);
      }
      if (after == 0 || window >= MAX_ENTRIES) {
        return Optional.empty();
      }
    }
  }

  /**
   * RFC 1995 §4: the current SOA, then per difference the old SOA, the records deleted, the new
   * SOA and the records added (each entry's lists start with their SOA), then the current SOA.
   */
  public static List<Record> records(List<JournalEntry> differences) {
    List<Record> added = differences.get(differences.size() - 1).changes().added();
    SOARecord current = (SOARecord) added.get(0);
    List<Record> out = new ArrayList<>();
    out.add(current);
    for (JournalEntry entry : differences) {
      out.addAll(entry.changes().removed());
      out.addAll(entry.changes().added());
    }
    out.add(current);
    return out;
  }

  private static List<JournalEntry> upTo(List<JournalEntry> entries, long version) {
    return entries.stream().filter(e -> e.version() <= version).toList();
  }

  private static int lastStartingAt(List<JournalEntry> entries, long clientSerial) {
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (entries.get(i).changes().fromSerial() == clientSerial) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The entries when each starts at the serial the one before ended at, and the last ends at
   * {@code serial}.
   */
  private static Optional<List<JournalEntry>> chain(List<JournalEntry> entries, long from,
      long serial) {
    long at = from;
    for (JournalEntry entry : entries) {
      if (entry.changes().fromSerial() != at || !startsWithSoa(entry)) {
        return Optional.empty();
      }
      at = entry.changes().toSerial();
    }
    return at == serial ? Optional.of(entries) : Optional.empty();
  }

  private static boolean startsWithSoa(JournalEntry entry) {
    return !entry.changes().removed().isEmpty() && !entry.changes().added().isEmpty()
        && entry.changes().removed().get(0) instanceof SOARecord
        && entry.changes().added().get(0) instanceof SOARecord;
  }
}
