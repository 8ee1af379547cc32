package dev.ddns.adapter.memory;

import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.ReplayRecord;
import dev.ddns.core.model.ZoneCommit;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.policy.UpdatePolicy;
import dev.ddns.core.port.CommitResult;
import dev.ddns.core.port.ConcurrentChange;
import dev.ddns.core.port.ExpiringZone;
import dev.ddns.core.port.ExpiryCandidate;
import dev.ddns.core.port.NotifyOutcome;
import dev.ddns.core.port.PinnedReader;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.port.ZoneStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.xbill.DNS.Name;

/**
 * The reference {@link ZoneStore}: zones in memory, each behind its own lock. Nodes are immutable,
 * so reads of single names need no lock; commits and whole-zone snapshots take it.
 */
public final class InMemoryZoneStore implements ZoneStore {
  private final ConcurrentSkipListMap<Name, Zone> zones = new ConcurrentSkipListMap<>();
  private final ReplayLog replays = new ReplayLog();

  private static final class Zone {
    private volatile ZoneHead head;
    /** Canonical order, for transfers and walks below a name. */
    private final NavigableMap<Name, Node> nodes = new TreeMap<>();
    /** The same nodes by name, for point reads: hashing beats comparing names label by label. */
    private final Map<Name, Node> index = new HashMap<>();
    /** Committed updates by version, oldest first. */
    private final NavigableMap<Long, JournalEntry> journal = new TreeMap<>();
    /** The nodes with a stamped RRset, by earliest stamp: the expiry index of the DynamoDB store. */
    private final NavigableSet<Stamp> stamped = new TreeSet<>();
    /** The last NOTIFY outcome per target. */
    private final NavigableMap<String, NotifyOutcome> notified = new TreeMap<>();

    Node get(Name name) {
      return index.get(name);
    }

    void put(Node node) {
      Node old = index.get(node.name());
      if (old != null) {
        old.earliestAdded().ifPresent(t -> stamped.remove(new Stamp(t, old.name())));
      }
      if (node.isEmpty()) {
        nodes.remove(node.name());
        index.remove(node.name());
      } else {
        nodes.put(node.name(), node);
        index.put(node.name(), node);
        node.earliestAdded().ifPresent(t -> stamped.add(new Stamp(t, node.name())));
      }
    }

    Zone(ZoneHead head) {
      this.head = head;
    }
  }

  /** A node's place in the expiry index: earliest stamp, then canonical name order. */
  private record Stamp(Instant earliest, Name name) implements Comparable<Stamp> {
    @Override
    public int compareTo(Stamp other) {
      int byTime = earliest.compareTo(other.earliest);
      return byTime != 0 ? byTime : name.compareTo(other.name);
    }
  }

  @Override
  public Optional<Name> findZone(Name name) {
    for (Name candidate = name; ; candidate = parent(candidate)) {
      if (zones.containsKey(candidate)) {
        return Optional.of(candidate);
      }
      if (candidate.labels() <= 1) {
        return Optional.empty();
      }
    }
  }

  private static Name parent(Name name) {
    return new Name(name, 1);
  }

  @Override
  public Optional<ZoneReader> open(Name zone) {
    Zone z = zones.get(zone);
    return z == null ? Optional.empty() : Optional.of(new LiveReader(z));
  }

  /**
   * The nodes are read under the zone's lock in one go; names the update asks for later are read
   * then, and a head that moved in between makes the read fail as a {@link ConcurrentChange}.
   */
  @Override
  public Optional<PinnedReader> readForUpdate(Name zone, Set<Name> names) {
    Zone z = zones.get(zone);
    if (z == null) {
      return Optional.empty();
    }
    synchronized (z) {
      Map<Name, Optional<Node>> read = new HashMap<>();
      read.put(zone, Optional.ofNullable(z.get(zone)));
      for (Name n : names) {
        read.put(n, Optional.ofNullable(z.get(n)));
      }
      return Optional.of(new UpdateReader(z, z.head, read));
    }
  }

  @Override
  public CommitResult commit(ZoneCommit commit) {
    Zone z = zones.get(commit.head().zone());
    if (z == null) {
      return CommitResult.NO_ZONE;
    }
    synchronized (z) {
      if (commit.replay().filter(replays::contains).isPresent()) {
        return CommitResult.REPLAYED;
      }
      if (z.head.version() != commit.expectedVersion()) {
        return CommitResult.CONFLICT;
      }
      if (commit.replay().filter(r -> !replays.add(r, commit.time())).isPresent()) {
        return CommitResult.REPLAYED;
      }
      for (Node node : commit.nodes()) {
        z.put(node);
      }
      z.head = commit.head();
      z.journal.put(commit.head().version(), JournalEntry.of(commit));
      expire(z, commit.time());
      return CommitResult.COMMITTED;
    }
  }

  @Override
  public CommitResult commitGroup(List<ZoneCommit> group) {
    ZoneCommit first = group.get(0);
    ZoneCommit last = group.get(group.size() - 1);
    Zone z = zones.get(first.head().zone());
    if (z == null) {
      return CommitResult.NO_ZONE;
    }
    synchronized (z) {
      List<ReplayRecord> records = group.stream().flatMap(c -> c.replay().stream()).toList();
      if (records.stream().anyMatch(replays::contains)) {
        return CommitResult.REPLAYED;
      }
      if (z.head.version() != first.expectedVersion()) {
        return CommitResult.CONFLICT;
      }
      if (!replays.addAll(records, last.time())) {
        return CommitResult.REPLAYED;
      }
      for (ZoneCommit commit : group) {
        commit.nodes().forEach(z::put);
        z.journal.put(commit.head().version(), JournalEntry.of(commit));
      }
      z.head = last.head();
      expire(z, last.time());
      return CommitResult.COMMITTED;
    }
  }

  @Override
  public Optional<ReplayRecord> recordAnswer(ReplayRecord record, Instant now) {
    return replays.putIfAbsent(record, now);
  }

  @Override
  public Optional<ReplayRecord> findReplay(Name key, byte[] mac) {
    return replays.find(key, mac);
  }

  /** Drops journal entries past the zone's retention, as DynamoDB's TTL does for the table. */
  private static void expire(Zone z, Instant now) {
    Instant oldest = now.minus(z.head.settings().journalRetention());
    while (!z.journal.isEmpty() && z.journal.firstEntry().getValue().time().isBefore(oldest)) {
      z.journal.pollFirstEntry();
    }
  }

  @Override
  public void create(ZoneHead head, Collection<Node> nodes, LongConsumer progress) {
    Zone z = new Zone(head);
    for (Node node : nodes) {
      z.put(node);
    }
    z.head = head.withRecords(count(z));
    if (zones.putIfAbsent(head.zone(), z) != null) {
      throw new IllegalStateException("zone " + head.zone() + " exists");
    }
    progress.accept(nodes.size());
  }

  @Override
  public boolean updateSettings(Name zone, ZoneSettings settings) {
    Zone z = zones.get(zone);
    if (z == null) {
      return false;
    }
    synchronized (z) {
      ZoneHead h = z.head;
      z.head = new ZoneHead(h.zone(), h.version() + 1, h.serial(), settings, h.records());
      return true;
    }
  }

  @Override
  public OptionalLong recount(Name zone) {
    Zone z = zones.get(zone);
    if (z == null) {
      return OptionalLong.empty();
    }
    synchronized (z) {
      ZoneHead h = z.head;
      long records = count(z);
      z.head = new ZoneHead(h.zone(), h.version() + 1, h.serial(), h.settings(),
          OptionalLong.of(records));
      return OptionalLong.of(records);
    }
  }

  private static long count(Zone z) {
    return z.nodes.values().stream().mapToLong(Node::recordCount).sum();
  }

  @Override
  public List<JournalEntry> journal(Name zone, long afterVersion, int limit) {
    Zone z = zones.get(zone);
    if (z == null) {
      return List.of();
    }
    synchronized (z) {
      return z.journal.tailMap(afterVersion, false).values().stream().limit(limit).toList();
    }
  }

  @Override
  public List<Name> zones() {
    return new ArrayList<>(zones.keySet());
  }

  @Override
  public List<ExpiringZone> expiringZones() {
    List<ExpiringZone> out = new ArrayList<>();
    for (Zone z : zones.values()) {
      ZoneHead head = z.head;
      List<String> policy = head.settings().updatePolicy();
      if (UpdatePolicy.expires(head.zone(), policy)) {
        out.add(new ExpiringZone(head.zone(), policy));
      }
    }
    return out;
  }

  @Override
  public List<ExpiryCandidate> expiryCandidates(Name zone, Instant until,
      Optional<ExpiryCandidate> after, int limit) {
    Zone z = zones.get(zone);
    List<ExpiryCandidate> out = new ArrayList<>();
    if (z == null) {
      return out;
    }
    synchronized (z) {
      NavigableSet<Stamp> from = after.map(a -> z.stamped.tailSet(new Stamp(a.earliest(), a.name()),
          false)).orElse(z.stamped);
      for (Stamp s : from) {
        if (out.size() >= limit || s.earliest().isAfter(until)) {
          break;
        }
        out.add(new ExpiryCandidate(s.name(), z.get(s.name()).lastAdded()));
      }
    }
    return out;
  }

  @Override
  public void recordNotifyOutcomes(Name zone, List<NotifyOutcome> outcomes) {
    Zone z = zones.get(zone);
    if (z == null) {
      return;
    }
    synchronized (z) {
      outcomes.forEach(o -> z.notified.put(o.target(), o));
    }
  }

  @Override
  public List<NotifyOutcome> notifyOutcomes(Name zone) {
    Zone z = zones.get(zone);
    if (z == null) {
      return List.of();
    }
    synchronized (z) {
      return List.copyOf(z.notified.values());
    }
  }

  @Override
  public boolean delete(Name zone) {
    return zones.remove(zone) != null;
  }

  /** Reads straight from the live zone: single nodes lock-free, the full walk as one snapshot. */
  private static final class LiveReader implements ZoneReader {
    private final Zone zone;

    LiveReader(Zone zone) {
      this.zone = zone;
    }

    @Override
    public ZoneHead head() {
      return zone.head;
    }

    @Override
    public Optional<Node> node(Name name) {
      synchronized (zone) {
        return Optional.ofNullable(zone.get(name));
      }
    }

    @Override
    public List<Node> nodesBelow(Name name, int limit) {
      synchronized (zone) {
        return below(zone, name, limit);
      }
    }

    @Override
    public Stream<Node> nodes() {
      synchronized (zone) {
        return new ArrayList<>(zone.nodes.values()).stream();
      }
    }

    @Override
    public List<Node> nodesFrom(Name first, int limit) {
      synchronized (zone) {
        return from(zone, first, limit);
      }
    }

    @Override
    public OptionalLong currentVersion() {
      return OptionalLong.of(zone.head.version());
    }
  }

  /** The head and the nodes read for one update, reading more at the same version. */
  private static final class UpdateReader extends PinnedReader {
    private final Zone zone;

    UpdateReader(Zone zone, ZoneHead head, Map<Name, Optional<Node>> read) {
      super(head, read);
      this.zone = zone;
    }

    @Override
    protected Optional<Node> nodeAtVersion(Name name) {
      synchronized (zone) {
        requireUnchanged();
        return Optional.ofNullable(zone.get(name));
      }
    }

    @Override
    public List<Node> nodesBelow(Name name, int limit) {
      synchronized (zone) {
        requireUnchanged();
        return below(zone, name, limit);
      }
    }

    @Override
    public Stream<Node> nodes() {
      synchronized (zone) {
        requireUnchanged();
        return new ArrayList<>(zone.nodes.values()).stream();
      }
    }

    @Override
    public List<Node> nodesFrom(Name first, int limit) {
      synchronized (zone) {
        requireUnchanged();
        return from(zone, first, limit);
      }
    }

    @Override
    public OptionalLong currentVersion() {
      return OptionalLong.of(zone.head.version());
    }
  }

  private static List<Node> from(Zone zone, Name first, int limit) {
    List<Node> out = new ArrayList<>();
    for (Node node : zone.nodes.tailMap(first, true).values()) {
      if (out.size() >= limit) {
        break;
      }
      out.add(node);
    }
    return out;
  }

  private static List<Node> below(Zone zone, Name name, int limit) {
    List<Node> out = new ArrayList<>();
    for (Map.Entry<Name, Node> e : zone.nodes.tailMap(name, false).entrySet()) {
      if (out.size() >= limit || !e.getKey().subdomain(name)) {
        break;
      }
      out.add(e.getValue());
    }
    return out;
  }
}
