package dev.ddns.adapter.secrets;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * Key lookups remembered until they expire, at most {@code capacity} of them (the least recently
 * used goes first). A value may be a remembered miss (an empty list or optional): the key or the
 * secret version does not exist.
 *
 * @param <V> what one lookup found
 */
final class KeyCache<V> {
  private record Entry<V>(V value, Instant expires) {}

  private final Clock clock;
  private final Map<Name, Entry<V>> entries;

  KeyCache(Clock clock, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("cache capacity must be positive: " + capacity);
    }
    this.clock = clock;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Name, Entry<V>> eldest) {
        return size() > capacity;
      }
    };
  }

  /** What is remembered for {@code name}, unless absent or expired. */
  synchronized Optional<V> get(Name name) {
    Entry<V> entry = entries.get(name);
    if (entry == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(entry.expires())) {
      entries.remove(name);
      return Optional.empty();
    }
    return Optional.of(entry.value());
  }

  synchronized void put(Name name, V value, Instant expires) {
    entries.put(name, new Entry<>(value, expires));
  }

  synchronized int size() {
    return entries.size();
  }
}
