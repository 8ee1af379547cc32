package dev.ddns.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.update.Verdict;
import dev.ddns.testing.SignedMessages;
import dev.ddns.testing.TestZone;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Catalog membership written through the journaled update path (RFC 9432): the catalog appears
 * on the first listing, every change moves its serial with a journal entry (so NOTIFY and IXFR
 * follow), a relabel is one update, and no key may change the catalog. A contract: each store
 * runs it through a subclass.
 */
public abstract class CatalogMembershipContract {
  private static final Name CATALOG = CatalogZone.DEFAULT_NAME;
  private static final Name MEMBER = Name.fromConstantString("new.test.");
  private static final Name FIRST = CatalogZone.memberNode(CATALOG, "first");
  private static final Name SECOND = CatalogZone.memberNode(CATALOG, "second");

  /** A new, empty store. */
  protected abstract ZoneStore newStore();

  ZoneStore store;
  CatalogMembership membership;

  @BeforeEach
  void emptyStore() {
    store = newStore();
    membership = new CatalogMembership(store, Clock.systemUTC());
  }

  @Test
  void theFirstListingCreatesTheCatalogAndIsAJournaledUpdate() {
    assertTrue(store.open(CATALOG).isEmpty());
    assertOk(membership.add(FIRST, MEMBER));

    ZoneReader catalog = store.open(CATALOG).orElseThrow();
    assertEquals(2, catalog.head().serial(), "created at 1, then the listing");
    assertEquals(Optional.of(MEMBER), member(FIRST));
    assertTrue(CatalogZone.checkCatalog(catalog).ok());
    JournalEntry entry = lastEntry();
    assertEquals(CatalogMembership.IDENTITY, entry.keyName());
    assertTrue(entry.changes().added().contains(new PTRRecord(FIRST, DClass.IN, 0, MEMBER)),
        entry.changes().added().toString());
  }

  @Test
  void removingUnlistsTheMemberAndAGoneMemberOrCatalogIsNoError() {
    assertOk(membership.remove(FIRST));
    assertTrue(store.open(CATALOG).isEmpty(), "removing creates no catalog");
    assertOk(membership.add(FIRST, MEMBER));
    assertOk(membership.remove(FIRST));
    assertEquals(Optional.empty(), member(FIRST));
    assertEquals(3, serial());
    assertTrue(lastEntry().changes().removed().contains(new PTRRecord(FIRST, DClass.IN, 0,
        MEMBER)));
    assertOk(membership.remove(FIRST));
    assertEquals(3, serial(), "nothing left to remove: no change");
  }

  /** RFC 9432 §5.4: the old node goes and the new one comes in the same update. */
  @Test
  void aRelabelIsOneUpdate() {
    assertOk(membership.add(FIRST, MEMBER));
    assertOk(membership.relabel(FIRST, SECOND, MEMBER));
    assertEquals(3, serial());
    assertEquals(Optional.empty(), member(FIRST));
    assertEquals(Optional.of(MEMBER), member(SECOND));
    JournalEntry entry = lastEntry();
    assertTrue(entry.changes().removed().contains(new PTRRecord(FIRST, DClass.IN, 0, MEMBER)));
    assertTrue(entry.changes().added().contains(new PTRRecord(SECOND, DClass.IN, 0, MEMBER)));
  }

  /** §4.1: one PTR per member node; a node in use is not taken over. */
  @Test
  void aNodeInUseIsNotListedAgain() {
    assertOk(membership.add(FIRST, MEMBER));
    Verdict again = membership.add(FIRST, Name.fromConstantString("other.test."));
    assertEquals(Rcode.YXDOMAIN, again.rcode(), again.reason());
    assertEquals(Optional.of(MEMBER), member(FIRST));
    assertEquals(2, serial());
  }

  @Test
  void aZoneThatIsNoCatalogGetsNoMembers() {
    TestZone.load(store, TestZone.DEFAULT, SerialPolicy.INCREMENT);
    Verdict verdict = membership.add(CatalogZone.memberNode(TestZone.ZONE, "m"), MEMBER);
    assertEquals(Rcode.REFUSED, verdict.rcode());
    assertTrue(verdict.reason().contains("is not a catalog zone"), verdict.reason());
    assertEquals(1, store.open(TestZone.ZONE).orElseThrow().head().serial());
  }

  /**
   * The attack: a key the server knows, which may change every ordinary zone without a policy,
   * lists a zone of its choosing in the catalog, so that every consumer would serve it. The
   * catalog's policy denies every key.
   */
  @Test
  void noKeyMayUpdateTheCatalog() throws Exception {
    assertOk(membership.add(FIRST, MEMBER));
    DnsService service = new DnsService(store, new StaticKeyStore(List.of(TestZone.KEY)),
        Clock.systemUTC());
    Message update = Message.newUpdate(CATALOG);
    update.addRecord(new PTRRecord(SECOND, DClass.IN, 0, Name.fromConstantString("evil.test.")),
        Section.UPDATE);
    byte[] wire = SignedMessages.signed(update, TestZone.KEY, Clock.systemUTC());
    Message response = new Message(service.handle(wire, RequestContext.tcp("test")).single());
    assertEquals(Rcode.REFUSED, response.getRcode(), response.toString());
    assertEquals(Optional.empty(), member(SECOND));
    assertEquals(2, serial());
  }

  private Optional<Name> member(Name node) {
    return store.open(CATALOG).orElseThrow().node(node).flatMap(n -> n.rrset(Type.PTR))
        .map(set -> ((PTRRecord) set.records().get(0)).getTarget());
  }

  private long serial() {
    return store.open(CATALOG).orElseThrow().head().serial();
  }

  private JournalEntry lastEntry() {
    List<JournalEntry> journal = store.journal(CATALOG, 0, 100);
    return journal.get(journal.size() - 1);
  }

  private static void assertOk(Verdict verdict) {
    assertTrue(verdict.ok(), verdict.reason());
  }
}
