package dev.ddns.core.service;

import dev.ddns.core.model.Node;
import dev.ddns.core.model.RecordSet;
import dev.ddns.core.policy.ExpiryRule;
import dev.ddns.core.policy.PolicyParse;
import dev.ddns.core.policy.UpdatePolicy;
import dev.ddns.core.port.ConcurrentChange;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.update.UpdateOutcome;
import dev.ddns.core.update.UpdateProcessor;
import dev.ddns.core.update.UpdateRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Removes the RRsets whose {@code expire} rule's lifetime has passed since a record was last added
 * to them. Each removal is an ordinary RFC 2136 RRset deletion (§2.5.2) evaluated by the {@link
 * UpdateProcessor} and committed like any update: the serial moves, the journal records it (key
 * {@value #IDENTITY}), and NOTIFY follows. Expiry is re-checked on the read the deletion is
 * evaluated against, and a commit that lost a race is evaluated again, so an RRset refreshed
 * meanwhile stays. Call {@link #sweepAll()} on a schedule (every 30 s in {@code ddns local}).
 */
public final class ExpirySweep {
  /** The key name the sweep's journal entries carry; never a TSIG key's (those end in a dot). */
  public static final String IDENTITY = "expiry-sweep";
  /** Names removed by one update, well within one store transaction. */
  static final int NAMES_PER_UPDATE = 50;
  /** Names below one rule's name looked at per sweep. */
  static final int NAMES_PER_RULE = 10_000;
  private static final int ATTEMPTS = 5;
  private static final Logger LOG = Logger.getLogger(ExpirySweep.class.getName());

  private final ZoneStore store;
  private final Clock clock;
  private final UpdateProcessor processor;

  public ExpirySweep(ZoneStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.processor = new UpdateProcessor(clock);
  }

  /** Sweeps every zone; returns the number of RRsets removed. */
  public int sweepAll() {
    int removed = 0;
    for (Name zone : store.zones()) {
      removed += sweep(zone);
    }
    return removed;
  }

  /** Sweeps one zone; returns the number of RRsets removed. */
  public int sweep(Name zone) {
    Optional<ZoneReader> reader = store.open(zone);
    if (reader.isEmpty()) {
      return 0;
    }
    UpdatePolicy policy = policy(reader.get());
    if (policy.expiries().isEmpty()) {
      return 0;
    }
    List<Name> due = new ArrayList<>(dueRRsets(policy, candidates(policy, reader.get())).keySet());
    int removed = 0;
    for (int from = 0; from < due.size(); from += NAMES_PER_UPDATE) {
      removed += remove(zone, due.subList(from, Math.min(due.size(), from + NAMES_PER_UPDATE)));
    }
    return removed;
  }

  private UpdatePolicy policy(ZoneReader reader) {
    Name zone = reader.head().zone();
    PolicyParse parse = UpdatePolicy.parse(zone, reader.head().settings().updatePolicy());
    if (!parse.ok()) {
      LOG.log(Level.WARNING, "zone {0}: update policy invalid, nothing expires: {1}",
          new Object[] {zone, parse.errors()});
      return UpdatePolicy.OPEN;
    }
    return parse.policy();
  }

  /** The nodes the expire rules cover, each once. */
  private static List<Node> candidates(UpdatePolicy policy, ZoneReader reader) {
    Map<Name, Node> nodes = new LinkedHashMap<>();
    for (ExpiryRule rule : policy.expiries()) {
      covered(rule, reader).forEach(n -> nodes.putIfAbsent(n.name(), n));
    }
    return List.copyOf(nodes.values());
  }

  private static Stream<Node> covered(ExpiryRule rule, ZoneReader reader) {
    Name name = rule.name();
    return switch (rule.match()) {
      case NAME -> reader.node(name).stream();
      case WILDCARD -> reader.nodesBelow(new Name(name, 1), NAMES_PER_RULE).stream();
      case SUBDOMAIN, ZONESUB -> Stream.concat(reader.node(name).stream(),
          reader.nodesBelow(name, NAMES_PER_RULE).stream());
      case SELF, SELFSUB, SELFWILD -> throw new IllegalStateException(
          "expire rules have no self match types");
    };
  }

  /** The names with RRsets due now, each with the types due. */
  private Map<Name, Set<Integer>> dueRRsets(UpdatePolicy policy, List<Node> nodes) {
    Instant now = clock.instant();
    Map<Name, Set<Integer>> due = new LinkedHashMap<>();
    for (Node node : nodes) {
      for (RecordSet set : node.rrsets()) {
        Optional<Instant> added = node.lastAdded(set.type());
        Optional<ExpiryRule> rule = policy.expiryFor(node.name(), set.type());
        if (added.isPresent() && rule.isPresent()
            && !added.get().plus(rule.get().after()).isAfter(now)) {
          due.computeIfAbsent(node.name(), n -> new LinkedHashSet<>()).add(set.type());
        }
      }
    }
    return due;
  }

  /** Deletes what is due at {@code names}, re-checked on the read the update is evaluated on. */
  private int remove(Name zone, List<Name> names) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Optional<ZoneReader> reader = store.readForUpdate(zone, new LinkedHashSet<>(names));
      if (reader.isEmpty()) {
        return 0;
      }
      try {
        Optional<Integer> removed = removeOnce(zone, names, reader.get());
        if (removed.isPresent()) {
          return removed.get();
        }
      } catch (ConcurrentChange e) {
        LOG.log(Level.FINE, "zone {0} changed during the sweep; again", zone);
      }
    }
    LOG.log(Level.WARNING, "zone {0} changed during {1} sweep attempts; next sweep then",
        new Object[] {zone, ATTEMPTS});
    return 0;
  }

  /** One read–evaluate–commit; empty when another writer got there first. */
  private Optional<Integer> removeOnce(Name zone, List<Name> names, ZoneReader reader) {
    UpdatePolicy policy = policy(reader);
    List<Node> nodes = new ArrayList<>();
    for (Name name : names) {
      reader.node(name).ifPresent(nodes::add);
    }
    List<Record> deletions = new ArrayList<>();
    dueRRsets(policy, nodes).forEach((name, types) -> types.forEach(type ->
        deletions.add(Record.newRecord(name, type, DClass.ANY, 0)))); // RFC 2136 §2.5.2
    if (deletions.isEmpty()) {
      return Optional.of(0);
    }
    UpdateRequest request = new UpdateRequest(zone, List.of(), deletions, IDENTITY, "ddns");
    UpdateOutcome outcome = processor.evaluateOwn(request, reader);
    if (outcome.commit().isEmpty()) {
      if (!outcome.verdict().ok()) {
        LOG.log(Level.WARNING, "zone {0}: expiry sweep refused: {1}",
            new Object[] {zone, outcome.verdict().reason()});
      }
      return Optional.of(0);
    }
    return switch (store.commit(outcome.commit().get())) {
      case COMMITTED -> Optional.of(deletions.size());
      case NO_ZONE -> Optional.of(0);
      case CONFLICT -> Optional.empty();
      case REPLAYED -> throw new IllegalStateException("a sweep commit carries no replay record");
    };
  }
}
