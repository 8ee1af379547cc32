package dev.ddns.adapter.dynamodb;

import static dev.ddns.testing.TestZone.rr;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.DnsResponse;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.ReplayContract;
import dev.ddns.core.service.RequestContext;
import dev.ddns.testing.TestZone;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/** Replay-safe retransmission on DynamoDB Local: the replay record rides in the commit's transaction. */
class DynamoReplayTest extends ReplayContract {
  @Override
  protected ZoneStore newStore() {
    return DynamoDbLocal.newStore();
  }

  /**
   * The replay lookup is folded into the update's read: a signed single-name update costs one
   * TransactGetItems and one TransactWriteItems, and its retransmission one TransactGetItems.
   */
  @Test
  void aSignedUpdateReadsItsReplayRecordInTheSameCallAsTheZone() throws IOException {
    Clock clock = Clock.systemUTC();
    FaultyClient client = new FaultyClient(DynamoDbLocal.client());
    ZoneStore store = DynamoDbLocal.newStore(client, clock);
    TestZone.load(store, TestZone.DEFAULT, SerialPolicy.INCREMENT);
    DnsService service = new DnsService(store, TestZone.keys(), clock);
    Message update = Updates.update(List.of(), List.of(rr("calls 60 TXT \"one\"")));
    update.setTSIG(TestZone.KEY.signer(clock));
    byte[] wire = update.toWire(Message.MAXLENGTH);
    client.reset();
    assertEquals(Rcode.NOERROR, rcode(service.handle(wire, RequestContext.udp("first"))));
    assertEquals(List.of("TransactGetItems", "TransactWriteItems"), client.calls());
    client.reset();
    assertEquals(Rcode.NOERROR, rcode(service.handle(wire, RequestContext.udp("again"))));
    assertEquals(List.of("TransactGetItems"), client.calls(), "answered from the replay record");
  }

  private static int rcode(DnsResponse response) throws IOException {
    return new Message(response.single()).getRcode();
  }
}
