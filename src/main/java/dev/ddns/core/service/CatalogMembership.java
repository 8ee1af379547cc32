package dev.ddns.core.service;

import dev.ddns.core.policy.Requester;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.update.UpdateOutcome;
import dev.ddns.core.update.UpdateProcessor;
import dev.ddns.core.update.UpdateRequest;
import dev.ddns.core.update.Verdict;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * Lists zones in a catalog zone and unlists them (RFC 9432, the records {@link CatalogZone}
 * says), each change an ordinary update the server makes of the catalog, as the expiry sweep's:
 * evaluated by the {@link UpdateProcessor} without the grant and deny rules, written through the
 * {@link ZoneWriter} with a new serial and a journal entry (key {@value #IDENTITY}), so that the
 * consumers hear of it by NOTIFY and fetch it by IXFR like any change. A catalog that does not exist yet is created on the first
 * listing.
 */
public final class CatalogMembership {
  /** The key name the catalog's journal entries carry; never a TSIG key's (those end in a dot). */
  public static final String IDENTITY = "catalog";

  private final ZoneStore store;
  private final UpdateProcessor processor;
  private final ZoneWriter writer;

  public CatalogMembership(ZoneStore store, Clock clock) {
    this.store = store;
    this.processor = new UpdateProcessor(clock);
    this.writer = new ZoneWriter(store, clock);
  }

  /**
   * Whether {@code catalog} may list {@code member}, checked before anything is written: the
   * member is not the catalog or inside it, and the catalog, when it exists, is a catalog zone.
   */
  public Verdict check(Name catalog, Name member) {
    Verdict allowed = CatalogZone.checkMember(catalog, member);
    if (!allowed.ok()) {
      return allowed;
    }
    return store.open(catalog).map(CatalogZone::checkCatalog).orElse(Verdict.OK);
  }

  /** Lists {@code member} at {@code memberNode}, a node not in use yet (RFC 9432 §4.1). */
  public Verdict add(Name memberNode, Name member) {
    Name catalog = catalogOf(memberNode);
    Verdict allowed = CatalogZone.checkMember(catalog, member);
    if (!allowed.ok()) {
      return allowed;
    }
    createIfMissing(catalog);
    return change(catalog, List.of(CatalogZone.unused(memberNode)),
        CatalogZone.listing(memberNode, member));
  }

  /**
   * Unlists the member at {@code memberNode} (RFC 9432 §5.3: its consumers drop it and its state);
   * a catalog or node that is gone already is no error.
   */
  public Verdict remove(Name memberNode) {
    return change(catalogOf(memberNode), List.of(), CatalogZone.unlisting(memberNode));
  }

  /**
   * Moves {@code member} from {@code oldNode} to {@code newNode} of the same catalog in one update:
   * a member node name change, which consumers take as the member's removal with all its state
   * followed by its addition (RFC 9432 §5.4), the way to reset it (§5.6).
   */
  public Verdict relabel(Name oldNode, Name newNode, Name member) {
    Name catalog = catalogOf(oldNode);
    if (!catalog.equals(catalogOf(newNode))) {
      throw new IllegalArgumentException(oldNode + " and " + newNode + " are in two catalogs");
    }
    createIfMissing(catalog);
    List<Record> updates = new ArrayList<>(CatalogZone.unlisting(oldNode));
    updates.addAll(CatalogZone.listing(newNode, member));
    return change(catalog, List.of(CatalogZone.unused(newNode)), updates);
  }

  private static Name catalogOf(Name memberNode) {
    return CatalogZone.catalogOf(memberNode).orElseThrow(() -> new IllegalArgumentException(
        memberNode + " is no member node (<unique-id>.zones.<catalog>)"));
  }

  private void createIfMissing(Name catalog) {
    if (store.open(catalog).isPresent()) {
      return;
    }
    try {
      store.create(CatalogZone.initialHead(catalog), CatalogZone.initialNodes(catalog));
    } catch (IllegalStateException e) {
      if (store.open(catalog).isEmpty()) {
        throw e;
      }
    }
  }

  /**
   * One change of the catalog through the {@link ZoneWriter}, on the condition that it is still a
   * catalog zone; a catalog that is gone takes no change and is no error.
   */
  private Verdict change(Name catalog, List<Record> prerequisites, List<Record> updates) {
    UpdateRequest request = new UpdateRequest(catalog, prerequisites, updates,
        new Requester.Server(IDENTITY), "ddns");
    ZoneWriter.Written written = writer.write(catalog, request.touchedNames(), Optional.empty(),
        reader -> {
          Verdict catalogZone = CatalogZone.checkCatalog(reader);
          return catalogZone.ok() ? processor.evaluateOwn(request, reader)
              : new UpdateOutcome(catalogZone, Optional.empty());
        });
    if (written instanceof ZoneWriter.Written.NoZone) {
      return Verdict.OK;
    }
    if (written instanceof ZoneWriter.Written.Busy) {
      return Verdict.fail(Rcode.SERVFAIL, "catalog zone " + catalog
          + " kept changing; try again");
    }
    return written.verdict();
  }
}
