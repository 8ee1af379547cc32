package dev.ddns.core.service;

import dev.ddns.core.policy.ExpiryRule;
import dev.ddns.core.policy.PolicyCache;
import dev.ddns.core.policy.PolicyParse;
import dev.ddns.core.policy.Requester;
import dev.ddns.core.policy.UpdatePolicy;
import dev.ddns.core.port.ExpiringZone;
import dev.ddns.core.port.ExpiryCandidate;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.update.UpdateOutcome;
import dev.ddns.core.update.UpdateProcessor;
import dev.ddns.core.update.UpdateRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Removes the RRsets whose {@code expire} rule's lifetime has passed since a record was last added
 * to them. Each removal is an ordinary RFC 2136 RRset deletion (§2.5.2) evaluated by the {@link
 * UpdateProcessor} and committed like any update: the serial moves, the journal records it (key
 * {@value #IDENTITY}), and NOTIFY follows. Call {@link #sweepAll()} on a schedule (every 30 s in
 * {@code ddns local}, every minute on AWS).
 *
 * <p>What it reads (docs/policy.md, "What a sweep reads"): the store's list of zones with expire
 * rules ({@link ZoneStore#expiringZones()}), and per zone the names with a stamp at or before now
 * minus the zone's shortest lifetime ({@link ZoneStore#expiryCandidates}), both eventually
 * consistent and neither growing with the names that carry no stamp. Only the names due by their
 * own rule are read again, consistently, for the deletion, which goes through the {@link
 * ZoneWriter} like every change: expiry is re-checked on that read, and a commit that lost a race
 * is evaluated again, so an RRset refreshed meanwhile stays.
 */
public final class ExpirySweep {
  /** The key name the sweep's journal entries carry; never a TSIG key's (those end in a dot). */
  public static final String IDENTITY = "expiry-sweep";
  /** Names removed by one update, unless one commit of the store takes fewer. */
  static final int NAMES_PER_UPDATE = 50;
  /** Candidates asked of the store at once. */
  static final int CANDIDATES_PER_PAGE = 1_000;
  /** Candidates of one zone looked at per sweep; the rest wait for the next. */
  static final int CANDIDATES_PER_ZONE = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(ExpirySweep.class);

  /**
   * What one sweep did.
   *
   * @param zones the zones with expire rules looked at
   * @param candidates the names the expiry index offered (stamped at or before the zone's bound)
   * @param removed the RRsets deleted
   */
  public record Report(int zones, int candidates, int removed) {
    static final Report NONE = new Report(0, 0, 0);

    Report plus(Report other) {
      return new Report(zones + other.zones, candidates + other.candidates,
          removed + other.removed);
    }
  }

  private final ZoneStore store;
  private final Clock clock;
  private final UpdateProcessor processor;
  private final PolicyCache policies;
  private final ZoneWriter writer;

  public ExpirySweep(ZoneStore store, Clock clock) {
    this(store, clock, new PolicyCache());
  }

  /** A sweep that parses policies through {@code policies} (shared across runs of a process). */
  public ExpirySweep(ZoneStore store, Clock clock, PolicyCache policies) {
    this.store = store;
    this.clock = clock;
    this.processor = new UpdateProcessor(clock);
    this.policies = policies;
    this.writer = new ZoneWriter(store, clock);
  }

  /** Sweeps every zone with expire rules. */
  public Report sweepAll() {
    Report report = Report.NONE;
    for (ExpiringZone zone : store.expiringZones()) {
      report = report.plus(sweep(zone.zone(), zone.updatePolicy()));
    }
    return report;
  }

  /** Sweeps one zone, its policy read from its head. */
  public Report sweep(Name zone) {
    return store.open(zone)
        .map(reader -> sweep(zone, reader.head().settings().updatePolicy()))
        .orElse(Report.NONE);
  }

  private Report sweep(Name zone, List<String> policyLines) {
    UpdatePolicy policy = policy(zone, policyLines);
    Optional<Duration> shortest = policy.shortestExpiry();
    if (shortest.isEmpty()) {
      return new Report(1, 0, 0);
    }
    Instant now = clock.instant();
    Instant until = now.minus(shortest.get());
    List<Name> due = new ArrayList<>();
    int candidates = 0;
    Optional<ExpiryCandidate> after = Optional.empty();
    while (candidates < CANDIDATES_PER_ZONE) {
      int asked = Math.min(CANDIDATES_PER_PAGE, CANDIDATES_PER_ZONE - candidates);
      List<ExpiryCandidate> page = store.expiryCandidates(zone, until, after, asked);
      candidates += page.size();
      for (ExpiryCandidate c : page) {
        if (!dueTypes(policy, c.name(), c.lastAdded(), now).isEmpty()) {
          due.add(c.name());
        }
      }
      if (page.size() < asked) {
        break;
      }
      after = Optional.of(page.get(page.size() - 1));
    }
    int removed = 0;
    for (int from = 0; from < due.size(); from += NAMES_PER_UPDATE) {
      removed += remove(zone, due.subList(from, Math.min(due.size(), from + NAMES_PER_UPDATE)));
    }
    return new Report(1, candidates, removed);
  }

  private UpdatePolicy policy(Name zone, List<String> lines) {
    PolicyParse parse = policies.parse(zone, lines);
    if (!parse.ok()) {
      LOG.warn("zone {}: update policy invalid, nothing expires: {}", zone, parse.errors());
      return UpdatePolicy.OPEN;
    }
    return parse.policy();
  }

  /** The types of the stamped RRsets at {@code name} whose own expire rule has run out by now. */
  private static Set<Integer> dueTypes(UpdatePolicy policy, Name name,
      Map<Integer, Instant> lastAdded, Instant now) {
    Set<Integer> due = new TreeSet<>();
    lastAdded.forEach((type, added) -> {
      Optional<ExpiryRule> rule = policy.expiryFor(name, type);
      if (rule.isPresent() && !added.plus(rule.get().after()).isAfter(now)) {
        due.add(type);
      }
    });
    return due;
  }

  /**
   * Deletes what is due at {@code names} through the {@link ZoneWriter}, re-checked on the read the
   * deletion is evaluated on; the number of RRsets deleted.
   */
  private int remove(Name zone, List<Name> names) {
    DueDeletions due = new DueDeletions(zone, names);
    ZoneWriter.Written written = writer.write(zone, new LinkedHashSet<>(names), Optional.empty(),
        due);
    if (written instanceof ZoneWriter.Written.Committed) {
      return due.rrsets;
    }
    if (written instanceof ZoneWriter.Written.Busy) {
      LOG.warn("zone {} kept changing during the sweep; next sweep then", zone);
    } else if (written instanceof ZoneWriter.Written.Answered && !written.verdict().ok()) {
      LOG.warn("zone {}: expiry sweep refused: {}", zone, written.verdict().reason());
    }
    return 0;
  }

  /** The deletion of what is due at some names, by the rules of the read it is evaluated on. */
  private final class DueDeletions implements ZoneWriter.Change {
    private final Name zone;
    private final List<Name> names;
    /** The RRsets the last evaluation deletes. */
    int rrsets;

    DueDeletions(Name zone, List<Name> names) {
      this.zone = zone;
      this.names = names;
    }

    @Override
    public UpdateOutcome evaluate(ZoneReader reader) {
      UpdatePolicy policy = policy(zone, reader.head().settings().updatePolicy());
      Instant now = clock.instant();
      List<Record> deletions = new ArrayList<>();
      for (Name name : names) {
        reader.node(name).ifPresent(node -> dueTypes(policy, name, node.lastAdded(), now)
            .forEach(type -> deletions.add(
                Record.newRecord(node.name(), type, DClass.ANY, 0)))); // RFC 2136 §2.5.2
      }
      rrsets = deletions.size();
      if (deletions.isEmpty()) {
        return UpdateOutcome.unchanged();
      }
      return processor.evaluateOwn(new UpdateRequest(zone, List.of(), deletions,
          new Requester.Server(IDENTITY), "ddns"), reader);
    }
  }
}
