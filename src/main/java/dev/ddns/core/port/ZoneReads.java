package dev.ddns.core.port;

import dev.ddns.core.model.JournalEntry;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * The reads of queries and transfers: which zone serves a name, the live zone, its journal (IXFR).
 * Part of {@link ZoneStore}; every method may throw {@link StoreException}.
 */
public interface ZoneReads {

  /** The served zone that is {@code name} itself or its closest enclosing zone, if any. */
  Optional<Name> findZone(Name name);

  /** A read view of the zone for queries and transfers, or empty when it is not served. */
  Optional<ZoneReader> open(Name zone);

  /**
   * Journal entries of the zone with a version above {@code afterVersion}, oldest first, at most
   * {@code limit}; entries past their retention may be gone.
   */
  List<JournalEntry> journal(Name zone, long afterVersion, int limit);
}
