package dev.ddns.testing;

import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.ReplayRecord;
import dev.ddns.core.model.ZoneCommit;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.port.CommitResult;
import dev.ddns.core.port.ExpiringZone;
import dev.ddns.core.port.ExpiryCandidate;
import dev.ddns.core.port.NotifyOutcome;
import dev.ddns.core.port.PinnedReader;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.port.ZoneStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongConsumer;
import org.xbill.DNS.Name;

/** A store that passes every call to {@code delegate}; tests override the calls they stage. */
public abstract class ForwardingZoneStore implements ZoneStore {
  protected final ZoneStore delegate;

  protected ForwardingZoneStore(ZoneStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<Name> findZone(Name name) {
    return delegate.findZone(name);
  }

  @Override
  public List<ExpiringZone> expiringZones() {
    return delegate.expiringZones();
  }

  @Override
  public List<ExpiryCandidate> expiryCandidates(Name zone, Instant until,
      Optional<ExpiryCandidate> after, int limit) {
    return delegate.expiryCandidates(zone, until, after, limit);
  }

  @Override
  public Optional<ZoneReader> open(Name zone) {
    return delegate.open(zone);
  }

  @Override
  public Optional<PinnedReader> readForUpdate(Name zone, Set<Name> names) {
    return delegate.readForUpdate(zone, names);
  }

  @Override
  public Optional<ReplayRecord> recordAnswer(ReplayRecord record, Instant now) {
    return delegate.recordAnswer(record, now);
  }

  @Override
  public Optional<ReplayRecord> findReplay(Name key, byte[] mac) {
    return delegate.findReplay(key, mac);
  }

  @Override
  public CommitResult commit(ZoneCommit commit) {
    return delegate.commit(commit);
  }

  @Override
  public CommitResult commitGroup(List<ZoneCommit> group) {
    return delegate.commitGroup(group);
  }

  @Override
  public void create(ZoneHead head, Collection<Node> nodes, LongConsumer progress) {
    delegate.create(head, nodes, progress);
  }

  @Override
  public boolean updateSettings(Name zone, ZoneSettings settings) {
    return delegate.updateSettings(zone, settings);
  }

  @Override
  public OptionalLong recount(Name zone) {
    return delegate.recount(zone);
  }

  @Override
  public List<JournalEntry> journal(Name zone, long afterVersion, int limit) {
    return delegate.journal(zone, afterVersion, limit);
  }

  @Override
  public List<Name> zones() {
    return delegate.zones();
  }

  @Override
  public boolean delete(Name zone) {
    return delegate.delete(zone);
  }

  @Override
  public void recordNotifyOutcomes(Name zone, List<NotifyOutcome> outcomes) {
    delegate.recordNotifyOutcomes(zone, outcomes);
  }

  @Override
  public List<NotifyOutcome> notifyOutcomes(Name zone) {
    return delegate.notifyOutcomes(zone);
  }
}
