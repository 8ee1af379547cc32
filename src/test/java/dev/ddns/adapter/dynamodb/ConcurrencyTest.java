package dev.ddns.adapter.dynamodb;

import static dev.ddns.testing.TestZone.rr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.Serial;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.DnsService;
import dev.ddns.testing.DynamoDbModel;
import dev.ddns.testing.TestZone;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Writers that depend on each other, through {@link DnsService} on DynamoDB Local: every other
 * update of each writer moves a shared counter with a value-dependent prerequisite (RFC 2136
 * §2.4.2), the rest add independent names; every update also adds a unique marker. Checks: no lost
 * update, each acknowledged update in the journal exactly once (and no other), serials strictly
 * increasing, the journal replayed gives the final zone, each AXFR-style snapshot equals the
 * zone at some serial, and the head's record count matches the zone. Sizes: {@code
 * -Dddns.writers=16 -Dddns.updates=50 -Dddns.modelUpdates=25} (the defaults). DynamoDB Local runs
 * transactions one at a time, so writers overlap for real only under the model.
 */
class ConcurrencyTest {
  static final int WRITERS = Integer.getInteger("ddns.writers", 16);
  static final int UPDATES = Integer.getInteger("ddns.updates", 50);
  static final Clock CLOCK = Clock.systemUTC();
  static final Name COUNTER = Name.fromConstantString("counter.example.test.");

  /** Updates per writer under the model, where each takes tens of milliseconds. */
  static final int MODEL_UPDATES = Integer.getInteger("ddns.modelUpdates", 25);

  ZoneStore store;
  int updates;
  /** The service every writer uses, or null for one each. */
  DnsService shared;
  final Map<String, Integer> outcomes = new ConcurrentHashMap<>();
  final List<List<Node>> snapshots = new ArrayList<>();
  /** Whole-zone reads that gave up because every attempt saw a commit (SERVFAIL for an AXFR). */
  final AtomicInteger starvedSnapshots = new AtomicInteger();
  /** Why the first of them gave up. */
  final AtomicReference<String> starvedBy = new AtomicReference<>();

  @Test
  void dependentWritersLoseNothingOnDynamoDbLocal() throws Exception {
    store = DynamoDbLocal.newStore();
    updates = UPDATES;
    dependentWritersLoseNothing();
  }

  /**
   * The same under the DynamoDB model (AWS latencies, transaction conflicts, throttling), where
   * writers really overlap: the run must have met conflicts, and still loses nothing.
   */
  @Test
  void dependentWritersLoseNothingUnderTheDynamoDbModel() throws Exception {
    DynamoDbModel model = underTheModel(16);
    dependentWritersLoseNothing();
    DynamoDbModel.Counts counts = model.counts();
    assertTrue(counts.writeConflicts() + counts.readConflicts() > 0, counts.toString());
    System.out.println("under the model: " + counts);
  }

  /**
   * The same with every writer on one service, as in one Lambda Managed Instances environment or
   * {@code ddns local}: the writer commits the updates waiting for the zone in groups, each
   * evaluated on the zone the ones before it leave (docs/architecture.md, "Group commit"), so
   * fewer transactions than committed updates, and still nothing lost.
   */
  @Test
  void dependentWritersSharingOneServiceCommitInGroupsAndLoseNothing() throws Exception {
    DynamoDbModel model = underTheModel(17);
    shared = new DnsService(store, TestZone.keys(), CLOCK);
    dependentWritersLoseNothing();
    long committed = outcomes.values().stream().filter(r -> r == Rcode.NOERROR).count();
    DynamoDbModel.Counts counts = model.counts();
    assertTrue(counts.transactWrites() < committed, "grouped: " + counts.transactWrites()
        + " transactions for " + committed + " committed updates");
    System.out.println("one shared service under the model: " + committed + " committed, "
        + counts);
  }

  /** A store under the AWS profile of the model, latencies drawn from {@code seed}. */
  private DynamoDbModel underTheModel(long seed) {
    DynamoDbModel model = new DynamoDbModel(DynamoDbLocal.client(), DynamoDbModel.Profile.aws(),
        seed);
    store = DynamoDbLocal.newStore(model, CLOCK);
    updates = MODEL_UPDATES;
    return model;
  }

  private void dependentWritersLoseNothing() throws Exception {
    List<String> initial = new ArrayList<>(TestZone.DEFAULT);
    initial.add("counter 60 TXT \"0\"");
    TestZone.load(store, initial, SerialPolicy.INCREMENT);
    Set<String> start = Updates.contents(store);
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
    Future<?> transfers = pool.submit(() -> takeSnapshots(running));
    List<Future<?>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      writers.add(pool.submit(() -> write(writer)));
    }
    for (Future<?> f : writers) {
      f.get();
    }
    running.set(false);
    transfers.get();
    pool.shutdown();
    verify(start);
  }

  /**
   * Each writer has its own service, as separate Lambda instances do, unless the test gives one
   * {@link #shared} service: one service queues its own updates of a zone (and commits them in
   * groups), so only separate ones race on the store's version condition.
   */
  private void write(int writer) {
    DnsService service = shared != null ? shared : new DnsService(store, TestZone.keys(), CLOCK);
    for (int j = 0; j < updates; j++) {
      String marker = "m" + writer + "-" + j;
      List<Record> adds = new ArrayList<>(List.of(rr(marker + " 60 TXT \"" + marker + "\"")));
      List<Record> prereqs = new ArrayList<>();
      if (j % 2 == 0) {
        long n = counter();
        prereqs.add(txt(n, 0));
        adds.add(Record.newRecord(COUNTER, Type.TXT, DClass.ANY, 0));
        adds.add(txt(n + 1, 60));
      }
      outcomes.put(marker, Updates.send(service, Updates.update(prereqs, adds), CLOCK, marker));
    }
  }

  private long counter() {
    Node node = store.open(TestZone.ZONE).orElseThrow().node(COUNTER).orElseThrow();
    TXTRecord r = (TXTRecord) node.rrset(Type.TXT).orElseThrow().records().get(0);
    return Long.parseLong(r.getStrings().get(0));
  }

  private static Record txt(long n, long ttl) {
    return new TXTRecord(COUNTER, DClass.IN, ttl, Long.toString(n));
  }

  private void takeSnapshots(AtomicBoolean running) {
    while (running.get()) {
      try {
        List<Node> nodes = store.open(TestZone.ZONE).orElseThrow().nodes().toList();
        synchronized (snapshots) {
          snapshots.add(nodes);
        }
      } catch (dev.ddns.core.port.StoreException starved) {
        starvedSnapshots.incrementAndGet();
        starvedBy.compareAndSet(null, starved.getMessage());
      }
    }
  }

  private void verify(Set<String> start) {
    List<JournalEntry> journal = store.journal(TestZone.ZONE, 0, Integer.MAX_VALUE);
    Set<String> acknowledged = new HashSet<>();
    outcomes.forEach((marker, rcode) -> {
      assertTrue(rcode == Rcode.NOERROR || rcode == Rcode.NXRRSET || rcode == Rcode.SERVFAIL,
          marker + ": " + Rcode.string(rcode));
      if (rcode == Rcode.NOERROR) {
        acknowledged.add(marker);
      }
    });
    Map<String, Integer> journaled = new HashMap<>();
    for (JournalEntry e : journal) {
      for (Record r : e.changes().added()) {
        String owner = r.getName().relativize(TestZone.ZONE).toString();
        if (owner.startsWith("m")) {
          journaled.merge(owner, 1, Integer::sum);
        }
      }
    }
    assertEquals(acknowledged, journaled.keySet(), "acknowledged updates are the journaled ones");
    assertTrue(journaled.values().stream().allMatch(n -> n == 1), "each exactly once");
    long increments = acknowledged.stream()
        .filter(m -> Integer.parseInt(m.substring(m.indexOf('-') + 1)) % 2 == 0).count();
    assertEquals(increments, counter(), "no lost update");
    Map<Long, Set<String>> states = replay(start, journal);
    assertEquals(Updates.contents(store), states.get(journal.get(journal.size() - 1).changes()
        .toSerial()), "the journal replayed gives the final zone");
    assertEquals(OptionalLong.of(Updates.contents(store).size()),
        store.open(TestZone.ZONE).orElseThrow().head().records(),
        "the head's record count moved only with the commits that won");
    for (List<Node> snapshot : snapshots) {
      long serial = ((org.xbill.DNS.SOARecord) snapshot.get(0).rrset(Type.SOA).orElseThrow()
          .records().get(0)).getSerial();
      assertEquals(states.get(serial), Updates.contents(snapshot), "snapshot at serial " + serial);
    }
    assertTrue(starvedSnapshots.get() <= 1 + snapshots.size() / 100, "whole-zone reads, "
        + "repaired from the journal, rarely give up even with 16 writers flat out (at most one "
        + "in a run, or 1%): "
        + starvedSnapshots.get() + " of " + snapshots.size() + "; the first: " + starvedBy.get());
    assertTrue(snapshots.size() > 10, "snapshots were taken during the run: " + snapshots.size());
    System.out.printf("%d writers x %d updates: %d acknowledged, %d counter increments, "
        + "%d snapshots, %d starved%s%n", WRITERS, updates, acknowledged.size(), increments,
        snapshots.size(), starvedSnapshots.get(),
        starvedBy.get() == null ? "" : " (the first: " + starvedBy.get() + ")");
  }

  /** The zone after each journal entry, by serial; checks versions and serials as it goes. */
  private static Map<Long, Set<String>> replay(Set<String> start, List<JournalEntry> journal) {
    Map<Long, Set<String>> states = new HashMap<>();
    Set<String> zone = new java.util.TreeSet<>(start);
    states.put(1L, Set.copyOf(zone));
    long version = 0;
    long serial = 1;
    for (JournalEntry e : journal) {
      assertEquals(++version, e.version(), "versions without gaps");
      assertEquals(serial, e.changes().fromSerial());
      assertTrue(Serial.isGreater(e.changes().toSerial(), serial), "serials strictly increase");
      serial = e.changes().toSerial();
      e.changes().removed().forEach(r -> assertTrue(zone.remove(r.toString()), "removed " + r));
      e.changes().added().forEach(r -> assertTrue(zone.add(r.toString()), "added " + r));
      states.put(serial, Set.copyOf(zone));
    }
    return states;
  }
}
