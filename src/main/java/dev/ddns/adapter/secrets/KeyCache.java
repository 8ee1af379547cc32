package dev.ddns.adapter.secrets;

import dev.ddns.core.tsig.TsigKey;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * Key lookups remembered until they expire, at most {@code capacity} of them (the least recently
 * used goes first). An empty list is a remembered miss: the key does not exist.
 */
final class KeyCache {
  private record Entry(List<TsigKey> keys, Instant expires) {}

  private final Clock clock;
  private final Map<Name, Entry> entries;

  KeyCache(Clock clock, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("cache capacity must be positive: " + capacity);
    }
    this.clock = clock;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Name, Entry> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The keys remembered for {@code name}, unless absent or expired. */
  synchronized Optional<List<TsigKey>> get(Name name) {
    Entry entry = entries.get(name);
    if (entry == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(entry.expires())) {
      entries.remove(name);
      return Optional.empty();
    }
    return Optional.of(entry.keys());
  }

  synchronized void put(Name name, List<TsigKey> keys, Instant expires) {
    entries.put(name, new Entry(List.copyOf(keys), expires));
  }

  synchronized int size() {
    return entries.size();
  }
}
