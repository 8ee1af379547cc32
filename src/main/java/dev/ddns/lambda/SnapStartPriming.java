package dev.ddns.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.ddns.adapter.dns.ZoneContent;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.adapter.http.DohCodec;
import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.adapter.secrets.SecretJson;
import dev.ddns.adapter.secrets.SecretsManagerKeyStore;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.tsig.KeyStore;
import dev.ddns.core.tsig.TsigKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Lambda SnapStart priming through CRaC hooks: before the snapshot, {@link #beforeCheckpoint}
 * sends a synthetic signed UPDATE and a query through {@link UpdateFunction}'s whole handler path
 * twice, once over an in-memory zone (the update applies) and once over the DynamoDB store on a
 * {@link CannedHttpClient} (the zone is not found), with the key from the Secrets Manager key store
 * on another, so dnsjava, the core, the codec, the log line and both SDK clients' request
 * pipelines are loaded, initialised and JIT-warmed in the snapshot. It touches
 * no AWS service and opens no connection; the synthetic key and zone live only in this class's
 * locals, and the usage counters are reset afterwards, so nothing of the priming outlives it.
 */
public final class SnapStartPriming implements Resource {
  /** Held strongly: CRaC contexts keep only weak references to their resources. */
  private static SnapStartPriming registered;

  private static final Name ZONE = Name.fromConstantString("priming.invalid.");
  private static final TsigKey KEY = TsigKey.of("priming-key.", "hmac-sha256",
      Base64.getEncoder().encodeToString(new byte[32]));
  private static final int ROUNDS = 2;
  private static final StaticCredentialsProvider PRIMING_CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming"));

  private SnapStartPriming() {}

  /** Registers the priming hook with the global CRaC context, once per JVM. */
  public static synchronized void register() {
    if (registered == null) {
      registered = new SnapStartPriming();
      Core.getGlobalContext().register(registered);
    }
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    prime();
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    DynamoUsage.takeTotals();
  }

  /** Runs the synthetic requests; returns the rcode each synthetic UPDATE got, in order. */
  static List<Integer> prime() {
    Clock clock = Clock.systemUTC();
    List<Integer> rcodes = new ArrayList<>();
    try (DynamoDbClient canned = cannedDynamoDb();
        SecretsManagerClient secrets = cannedSecretsManager()) {
      for (int round = 0; round < ROUNDS; round++) {
        KeyStore keys = new SecretsManagerKeyStore(secrets,
            SecretsManagerKeyStore.Settings.defaults(), clock);
        rcodes.add(exercise(memoryStore(), keys, clock));
        rcodes.add(exercise(new DynamoZoneStore(canned, "priming", clock), keys, clock));
      }
    }
    DynamoUsage.takeTotals();
    return rcodes;
  }

  private static int exercise(ZoneStore store, KeyStore keys, Clock clock) {
    DnsService service = new DnsService(store, keys, clock, new SplittableRandom(0));
    UpdateFunction function = new UpdateFunction(new DohCodec(new ObservedHandler(
        service::handle, clock, System::nanoTime, DynamoUsage::takeTotals, line -> { })));
    APIGatewayV2HTTPResponse update = function.handleRequest(post(signedUpdate(clock)), null);
    APIGatewayV2HTTPResponse query = function.handleRequest(get(query()), null);
    if (update.getStatusCode() != 200 || query.getStatusCode() != 200) {
      throw new IllegalStateException("SnapStart priming got HTTP " + update.getStatusCode()
          + " and " + query.getStatusCode());
    }
    try {
      return new Message(Base64.getDecoder().decode(update.getBody())).getRcode();
    } catch (IOException e) {
      throw new UncheckedIOException("SnapStart priming got an unreadable answer", e);
    }
  }

  private static ZoneStore memoryStore() {
    Name ns = Name.fromConstantString("ns.priming.invalid.");
    List<Record> records = List.of(
        new SOARecord(ZONE, DClass.IN, 300, ns, ns, 1, 3600, 900, 604800, 300),
        new NSRecord(ZONE, DClass.IN, 300, ns),
        new ARecord(ns, DClass.IN, 300, InetAddress.getLoopbackAddress()));
    ZoneContent zone = ZoneContent.of(records, SerialPolicy.INCREMENT);
    InMemoryZoneStore store = new InMemoryZoneStore();
    store.create(zone.head(), zone.nodes());
    return store;
  }

  private static byte[] signedUpdate(Clock clock) {
    Update update = new Update(ZONE);
    update.add(new TXTRecord(Name.fromConstantString("_acme-challenge.priming.invalid."),
        DClass.IN, 60, "priming"));
    update.getHeader().setID(0x2136);
    update.setTSIG(KEY.signer(clock));
    return update.toWire(Message.MAXLENGTH);
  }

  private static byte[] query() {
    Message query = Message.newQuery(Record.newRecord(ZONE, Type.SOA, DClass.IN));
    query.getHeader().setID(0x2136);
    return query.toWire();
  }

  private static APIGatewayV2HTTPEvent post(byte[] body) {
    APIGatewayV2HTTPEvent event = event("POST");
    event.setHeaders(Map.of("content-type", DohCodec.DNS_MESSAGE, "x-ddns-transport", "udp"));
    event.setBody(Base64.getEncoder().encodeToString(body));
    event.setIsBase64Encoded(true);
    return event;
  }

  private static APIGatewayV2HTTPEvent get(byte[] message) {
    APIGatewayV2HTTPEvent event = event("GET");
    event.setRawQueryString("dns=" + Base64.getUrlEncoder().withoutPadding().encodeToString(message));
    event.setHeaders(Map.of());
    return event;
  }

  private static APIGatewayV2HTTPEvent event(String method) {
    APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
    event.setRawPath(DohCodec.PATH);
    event.setRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
            .withMethod(method).withPath(DohCodec.PATH).withSourceIp("192.0.2.1").build())
        .build());
    return event;
  }

  private static DynamoDbClient cannedDynamoDb() {
    return DynamoDbClient.builder()
        .httpClient(CannedHttpClient.dynamoDb())
        .overrideConfiguration(c -> c.addExecutionInterceptor(new DynamoUsage()))
        .region(Region.US_EAST_1)
        .credentialsProvider(PRIMING_CREDENTIALS)
        .build();
  }

  /** Secrets Manager as the handler's key store meets it: the priming key under any id. */
  private static SecretsManagerClient cannedSecretsManager() {
    return SecretsManagerClient.builder()
        .httpClient(CannedHttpClient.secretsManager(SecretJson.format(KEY)))
        .region(Region.US_EAST_1)
        .credentialsProvider(PRIMING_CREDENTIALS)
        .build();
  }
}
