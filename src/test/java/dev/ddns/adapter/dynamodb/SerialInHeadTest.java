package dev.ddns.adapter.dynamodb;

import static dev.ddns.testing.TestZone.rr;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.RequestContext;
import dev.ddns.testing.ForwardingDynamoDb;
import dev.ddns.testing.TestZone;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;

/**
 * docs/architecture.md, "The serial in the head": an update that changes the apex only by the
 * serial step leaves the apex item as it is (four items, 8 write units by AWS's rules, with the
 * replay record), and every answer still carries the new serial.
 */
class SerialInHeadTest {
  private static final Clock CLOCK = Clock.systemUTC();

  private final Writes client = new Writes(DynamoDbLocal.client());
  private final String table = DynamoDbLocal.newTable();
  private final ZoneStore store = new DynamoZoneStore(client, table, CLOCK);
  private final DnsService service = new DnsService(store, TestZone.keys(), CLOCK);

  SerialInHeadTest() {
    TestZone.load(store, TestZone.DEFAULT, SerialPolicy.INCREMENT);
  }

  @Test
  void aSingleNameUpdateWritesTheHeadTheNodeTheJournalAndTheReplayRecordOnly() throws IOException {
    assertEquals(Rcode.NOERROR, send(Updates.update(List.of(), List.of(rr("n 300 A 192.0.2.1")))));
    assertEquals(List.of(List.of("HEAD", "N#n", "J#", "M#")), client.written());
    assertEquals(1, storedApexSerial(), "the apex item keeps the serial it was created with");
    assertEquals(2, servedSerial());
    assertEquals(2, store.open(TestZone.ZONE).orElseThrow().nodes().findFirst().orElseThrow()
        .rrset(Type.SOA).map(s -> ((SOARecord) s.records().get(0)).getSerial()).orElseThrow());
  }

  @Test
  void anUpdateOfTheApexWritesTheApexWithItsSerial() throws IOException {
    assertEquals(Rcode.NOERROR, send(Updates.update(List.of(), List.of(rr("@ 300 TXT apex")))));
    assertEquals(List.of(List.of("HEAD", "N#", "J#", "M#")), client.written());
    assertEquals(2, storedApexSerial());
    assertEquals(2, servedSerial());
  }

  @Test
  void theNextUpdateStepsTheServedSerialNotTheStoredOne() throws IOException {
    send(Updates.update(List.of(), List.of(rr("a 300 A 192.0.2.1"))));
    send(Updates.update(List.of(), List.of(rr("b 300 A 192.0.2.2"))));
    assertEquals(3, servedSerial());
    assertEquals(1, storedApexSerial());
    assertEquals(2, store.journal(TestZone.ZONE, 0, 10).get(1).changes().fromSerial());
  }

  private int send(Message update) {
    return Updates.send(service, update, CLOCK, "test");
  }

  /** The serial in a SOA answer. */
  private long servedSerial() throws IOException {
    Message query = Message.newQuery(Record.newRecord(TestZone.ZONE, Type.SOA, DClass.IN));
    Message answer = new Message(service.handle(query.toWire(), RequestContext.udp("test"))
        .single());
    return ((SOARecord) answer.getSection(Section.ANSWER).get(0)).getSerial();
  }

  private long storedApexSerial() {
    Map<String, AttributeValue> apex = DynamoDbLocal.client().getItem(b -> b.tableName(table)
        .key(Keys.key(Keys.partition(TestZone.ZONE), Keys.nodeSk(TestZone.ZONE, TestZone.ZONE))))
        .item();
    return ((SOARecord) Items.toNode(apex).rrset(Type.SOA).orElseThrow().records().get(0))
        .getSerial();
  }

  /** Records the items of every TransactWriteItems, each by its sort key's kind. */
  private static final class Writes extends ForwardingDynamoDb {
    private final List<List<String>> written = new ArrayList<>();

    Writes(DynamoDbClient delegate) {
      super(delegate);
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
      written.add(request.transactItems().stream().map(Writes::kind).toList());
      return super.transactWriteItems(request);
    }

    List<List<String>> written() {
      return written;
    }

    private static String kind(TransactWriteItem item) {
      Map<String, AttributeValue> key = item.update() != null ? item.update().key()
          : item.put() != null ? item.put().item() : item.delete().key();
      String sk = key.get(Keys.SK).s();
      return sk.startsWith("N#") || sk.equals("HEAD") ? sk : sk.substring(0, 2);
    }
  }
}
