package dev.ddns.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.model.ZoneCommit;
import dev.ddns.core.port.CommitResult;
import dev.ddns.core.port.StoreException;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.testing.ForwardingZoneStore;
import dev.ddns.testing.SignedMessages;
import dev.ddns.testing.TestZone;
import java.time.Clock;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/** What the service does when the store loses races or fails: retry, refuse, or SERVFAIL. */
class UpdateRetryTest {
  static final Clock CLOCK = DnsServiceTest.CLOCK;

  /** Delegates to a real store, answering the first commits with a chosen result or failure. */
  static class FlakyStore extends ForwardingZoneStore {
    int failures;
    RuntimeException failure;
    int commits;

    FlakyStore(int failures, RuntimeException failure) {
      super(TestZone.store());
      this.failures = failures;
      this.failure = failure;
    }

    @Override
    public CommitResult commit(ZoneCommit commit) {
      commits++;
      if (failures-- > 0) {
        if (failure != null) {
          throw failure;
        }
        return CommitResult.CONFLICT;
      }
      return delegate.commit(commit);
    }
  }

  Message send(ZoneStore store) throws Exception {
    DnsService service = new DnsService(store, TestZone.keys(), CLOCK, RandomGenerator.of("L64X128MixRandom"));
    Message update = SignedMessages.update("www.example.test. 300 A 192.0.2.77");
    update.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    byte[] wire = SignedMessages.signed(update, TestZone.KEY, CLOCK);
    return new Message(service.handle(wire, RequestContext.udp("test")).single());
  }

  @Test
  void lostRacesAreReevaluatedUntilTheUpdateCommits() throws Exception {
    FlakyStore store = new FlakyStore(5, null);
    assertEquals(Rcode.NOERROR, send(store).getRcode());
    assertEquals(6, store.commits);
    assertEquals(1, store.journal(TestZone.ZONE, 0, 10).size(), "applied once");
  }

  @Test
  void aWriterThatAlwaysLosesGetsServfailInTheEnd() throws Exception {
    FlakyStore store = new FlakyStore(Integer.MAX_VALUE, null);
    assertEquals(Rcode.SERVFAIL, send(store).getRcode());
    assertEquals(Backoff.MAX_ATTEMPTS, store.commits);
    assertTrue(store.journal(TestZone.ZONE, 0, 10).isEmpty());
  }

  @Test
  void storeFailuresAreServfailWithNothingApplied() throws Exception {
    FlakyStore store = new FlakyStore(1, new StoreException("throttled"));
    assertEquals(Rcode.SERVFAIL, send(store).getRcode());
    assertTrue(store.journal(TestZone.ZONE, 0, 10).isEmpty());
  }
}
