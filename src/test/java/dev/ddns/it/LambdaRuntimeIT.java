package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.adapter.dynamodb.TableItems;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.lambda.Wiring;
import dev.ddns.testing.lambda.AsyncInvocation;
import dev.ddns.testing.lambda.FunctionDefinition;
import dev.ddns.testing.lambda.FunctionUrlFront;
import dev.ddns.testing.lambda.Invocation;
import dev.ddns.testing.lambda.Json;
import dev.ddns.testing.lambda.LambdaRuntime;
import dev.ddns.testing.lambda.LocalDeployment;
import dev.ddns.testing.lambda.ScheduledEvents;
import dev.ddns.testing.lambda.StreamEventSource;
import dev.ddns.testing.tools.BindSecondary;
import dev.ddns.testing.tools.Closing;
import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.Dig;
import dev.ddns.testing.tools.DnsWire;
import dev.ddns.testing.tools.Exec;
import dev.ddns.testing.tools.FreePorts;
import dev.ddns.testing.tools.LocalDdns;
import dev.ddns.testing.tools.Nsupdate;
import dev.ddns.testing.tools.RelayProcess;
import dev.ddns.testing.tools.TestKey;
import dev.ddns.testing.tools.ToolProcess;
import dev.ddns.testing.tools.Tools;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Every function of template.yaml as Lambda runs it (dev.ddns.testing.lambda): the artifact sam
 * build makes, the real Runtime Interface Client in a JVM of its own, the environment of the
 * SAM-expanded template, DynamoDB Local and the Secrets Manager stand-in. The UpdateFunction
 * answers Function URL events, directly and behind a URL front with the relay, nsupdate and dig,
 * dyndns2 calls with a token {@code ddns token create} made, and a Windows client's unsigned
 * update under an address grant, attested by the relay;
 * the table's real stream records, filtered by the template's own FilterCriteria, reach the
 * NotifyFunction, whose NOTIFY a BIND secondary acts on; the ExpiryFunction sweeps on the
 * template's schedule event; malformed events, a failing handler, a failing init and the SnapStart
 * path give Lambda's answers; and one Managed Instances environment takes 64 updates at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LambdaRuntimeIT {
  private static final Name ZONE = Name.fromConstantString(DemoZone.NAME);
  private static final String KEY_NAME = "updater.example.test.";
  private static final String RELAY_KEY_NAME = "_relay.lambda-it.";
  private static final Duration PROPAGATION = Duration.ofSeconds(15);
  private static final Duration EXPIRY = Duration.ofSeconds(2);
  /**
   * Prefixes other than the defaults, which the code falls back on: a variable the template
   * forgot to pass would leave the function looking where no key or token is.
   */
  private static final Map<String, String> PREFIXES = Map.of("SecretPrefix", "lambda-it/tsig/",
      "TokenPrefix", "lambda-it/token/");
  private static final InetAddress WINDOWS_CLIENT = address("127.0.0.2");

  private Path dir;
  private LocalDeployment stack;
  private TestKey key;
  private LambdaRuntime update;
  private LambdaRuntime notify;
  private LambdaRuntime expiry;
  private FunctionUrlFront front;
  private RelayProcess relay;
  private BindSecondary bind;

  @BeforeAll
  void deploy() throws IOException {
    dir = Files.createTempDirectory("lambda-runtime-it-");
    stack = LocalDeployment.start(dir, PREFIXES);
    ddns(withStore("zone", "create", DemoZone.NAME, "--ns", "ns1.example.test.",
        "--ns-address", "ns1.example.test.=127.0.0.1"));
    ddns(withStore("policy", "set", DemoZone.NAME, "--rule",
        "expire " + EXPIRY.toSeconds() + "s subdomain _acme-challenge.example.test. TXT"));
    key = createKey(KEY_NAME);
    update = stack.start("UpdateFunction");
    notify = stack.start("NotifyFunction");
    expiry = stack.start("ExpiryFunction");
    front = FunctionUrlFront.start(update, stack.urlAuthorization("UpdateFunction"));
    Path relayKey = createKey(RELAY_KEY_NAME, "--relay").file();
    relay = RelayProcess.start(front.url().resolve("dns-query"), relayKey, dir);
  }

  @AfterAll
  void undeploy() {
    Closing.all(bind, relay, front, stack);
  }

  @Test
  @Order(1)
  void aSignedUpdateAsAFunctionUrlEventIsAnsweredNoerrorSignedAndChangesTheZone()
      throws IOException {
    Name host = Name.fromConstantString("direct.example.test.");
    byte[] request = signedAdd(host, "192.0.2.1");
    long serial = serial();

    Map<String, Object> response = Json.object(Json.parse(
        update.invoke(Json.write(urlEvent(request))).payload()));

    assertEquals(200L, response.get("statusCode"), response.toString());
    assertEquals(true, response.get("isBase64Encoded"), response.toString());
    byte[] answer = Base64.getDecoder().decode(response.get("body").toString());
    Message message = new Message(answer);
    assertEquals(Rcode.NOERROR, message.getRcode(), message.toString());
    assertNotNull(message.getTSIG(), "the answer is signed");
    assertEquals(Rcode.NOERROR, key.tsig().verify(message, answer, new Message(request).getTSIG()),
        "the answer's TSIG verifies with the key");
    assertEquals(List.of("192.0.2.1"), addresses(host));
    assertEquals(serial + 1, serial());
    assertTrue(update.stdout().contains("\"Opcode\":\"UPDATE\",\"Rcode\":\"NOERROR\""),
        update.log());
  }

  @Test
  @Order(2)
  void nsupdateThroughTheRelayAndTheFunctionUrlChangesTheZoneAndDigSeesIt() {
    Nsupdate.run(Nsupdate.Auth.k(key), DnsWire.Transport.UDP, Nsupdate.script(relay.port(),
        "update add relayed.example.test. 300 A 192.0.2.2")).assertSuccess();

    assertEquals(List.of("192.0.2.2"), addresses(Name.fromConstantString("relayed.example.test.")));
    assertEquals(List.of("relayed.example.test. 300 IN A 192.0.2.2"),
        Dig.answer(relay.port(), "relayed.example.test.", "A"));
    assertEquals(0, front.errors(), update.log());
  }

  @Test
  @Order(3)
  void streamRecordsFilteredByTheTemplateReachNotifyFunctionAndBindTransfers() throws IOException {
    int bindPort = FreePorts.tcpAndUdp();
    TestKey notifyKey = setNotifyTargets(bindPort);
    bind = new BindSecondary(Files.createDirectories(dir.resolve("bind")), bindPort,
        relay.port(), key, notifyKey);
    bind.start(PROPAGATION);
    long before = bind.servedSerial();
    StreamEventSource source = StreamEventSource.of(stack.template(), "NotifyFunction",
        stack.streams(), stack.streamArn());

    Nsupdate.run(Nsupdate.Auth.k(key), DnsWire.Transport.UDP, Nsupdate.script(relay.port(),
        "update add notified.example.test. 300 A 192.0.2.3")).assertSuccess();
    List<Map<String, Object>> records = awaitHeadRecord(source);
    List<String> events = source.events(records);

    assertEquals(1, events.size(), "one batch: " + records);
    assertTrue(records.stream().anyMatch(r -> !source.passes(r)),
        "node and journal records are filtered out: " + records);
    StreamEventSource.Delivery delivery = source.deliver(notify, records);
    assertEquals(1, delivery.attempts().size(), delivery + "\n" + notify.log());
    assertEquals(List.of(), Json.object(Json.parse(delivery.attempts().get(0).payload()))
        .get("batchItemFailures"), notify.log());
    bind.awaitSerial(s -> s > before, PROPAGATION);
    assertFalse(bind.answer(Name.fromConstantString("notified.example.test."), Type.A).isEmpty(),
        bind.diagnostics());
    String outcome = notify.stdout().lines()
        .filter(line -> line.contains("to 127.0.0.1:" + bindPort + ": answered NOERROR"))
        .findFirst().orElseThrow(() -> new AssertionError(notify.log()));
    Map<String, Object> logLine = Json.object(Json.parse(outcome));
    assertEquals("INFO", logLine.get("level"), outcome);
    assertEquals("dev.ddns.lambda.NotifyFunction", logLine.get("logger"), outcome);
    assertTrue(logLine.get("AWSRequestId") instanceof String id && !id.isBlank(), outcome);
    assertTrue(logLine.get("timestamp") instanceof String, outcome);
  }

  @Test
  @Order(4)
  void expiryFunctionOnTheScheduleEventRemovesAnExpiredChallengeThroughTheJournal()
      throws InterruptedException {
    ScheduledEvents schedule = ScheduledEvents.of(stack.template(), "ExpiryFunction",
        stack.intrinsics());
    assertEquals("rate(1 minute)", schedule.scheduleExpression());
    Name challenge = Name.fromConstantString("_acme-challenge.example.test.");
    Nsupdate.run(Nsupdate.Auth.k(key), DnsWire.Transport.UDP, Nsupdate.script(relay.port(),
        "update add _acme-challenge.example.test. 60 TXT \"token-1\"")).assertSuccess();
    assertEquals(1, records(challenge, Type.TXT).size());
    TimeUnit.MILLISECONDS.sleep(EXPIRY.plusMillis(1200).toMillis());
    long serial = serial();

    Invocation.Result result = expiry.invoke(schedule.event(Instant.now()));

    assertEquals("1", new String(result.payload(), StandardCharsets.UTF_8),
        expiry.log());
    assertEquals(List.of(), records(challenge, Type.TXT));
    assertEquals(serial + 1, serial());
    String history = ddns(withStore("history", DemoZone.NAME)).output();
    String last = history.substring(history.lastIndexOf("version"));
    assertTrue(last.contains("expiry-sweep") && last.contains("_acme-challenge.example.test."),
        history);
  }

  @Test
  @Order(5)
  void malformedEventsAreInvocationErrorsAndTheRuntimeServesOn() throws IOException {
    for (String event : List.of("not json", "[1, 2, 3]")) {
      Invocation.Result result = update.invoke(event);
      assertTrue(result instanceof Invocation.Failure, event + ": " + result);
      Invocation.ErrorReport error = ((Invocation.Failure) result).error();
      assertEquals("Runtime.UserException", error.runtimeErrorType(), error.toString());
      assertEquals("java.lang.RuntimeException", error.errorType(), error.toString());
      assertEquals("An error occurred during JSON parsing", error.errorMessage(),
          error.toString());
    }
    assertTrue(update.isAlive(), update.log());
    byte[] request = signedAdd(Name.fromConstantString("after-bad-events.example.test."),
        "192.0.2.5");
    Map<String, Object> response = Json.object(Json.parse(
        update.invoke(Json.write(urlEvent(request))).payload()));
    assertEquals(Rcode.NOERROR, new Message(Base64.getDecoder().decode(
        response.get("body").toString())).getRcode());
  }

  @Test
  @Order(6)
  void aHandlerThatThrowsIsAFailedAsyncInvocationThatLambdaRetries() {
    // The table the function names is missing: the store throws, the handler lets it out.
    FunctionDefinition function = stack.function("ExpiryFunction")
        .withVariable(Wiring.TABLE, "no-such-table");
    LambdaRuntime failing = stack.start(function, false);
    String event = ScheduledEvents.of(stack.template(), "ExpiryFunction", stack.intrinsics())
        .event(Instant.now());
    int retries = AsyncInvocation.retries(stack.template(), "ExpiryFunction");

    List<Invocation.Result> attempts = AsyncInvocation.deliver(failing, event, retries);

    assertEquals(retries + 1, attempts.size(), attempts.toString());
    for (Invocation.Result attempt : attempts) {
      Invocation.ErrorReport error = ((Invocation.Failure) attempt).error();
      assertEquals("Runtime.UserException", error.runtimeErrorType(), error.toString());
      assertEquals("dev.ddns.core.port.StoreException", error.errorType(), error.toString());
      assertTrue(error.errorMessage().contains("no-such-table"), error.toString());
      assertFalse(error.stackTrace().isEmpty(), error.toString());
    }
    assertTrue(failing.isAlive(), "the runtime serves on after a handler error");
  }

  @Test
  @Order(7)
  void anInitFailureGoesToInitErrorAndTheFunctionUrlCallerGets502() throws Exception {
    FunctionDefinition broken = stack.function("UpdateFunction")
        .withVariable(Wiring.STORE, null);
    LambdaRuntime runtime = stack.start(broken, false);
    try (FunctionUrlFront url = FunctionUrlFront.start(runtime)) {
      HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              url.url().resolve("dns-query"))
          .header("Content-Type", "application/dns-message")
          .POST(HttpRequest.BodyPublishers.ofByteArray(signedAdd(
              Name.fromConstantString("never.example.test."), "192.0.2.9")))
          .build(), HttpResponse.BodyHandlers.ofString());

      assertEquals(502, answer.statusCode(), answer.body());
    }
    Invocation.ErrorReport error = runtime.awaitInitError();
    assertEquals("Runtime.BadFunctionCode", error.runtimeErrorType(), error.toString());
    assertTrue(error.errorMessage().contains(Wiring.STORE + " is not set"), error.toString());
    assertEquals(1, runtime.awaitExit(Duration.ofSeconds(10)), runtime.log());
  }

  @Test
  @Order(8)
  void withSnapStartThePrimingRunsBeforeRestoreAndTheFirstInvocationWorks() throws Exception {
    FunctionDefinition function = stack.function("UpdateFunction");
    assertTrue(function.snapStart(), "the template turns SnapStart on");
    LambdaRuntime snap = stack.start(function, true);
    snap.api().restoreRequested().get(60, TimeUnit.SECONDS);
    awaitClassLoaded(snap, "dev.ddns.lambda.CannedHttpClient");
    assertFalse(snap.api().firstNext().isDone(), "no event is asked for before the restore");

    snap.api().restore();
    byte[] request = signedAdd(Name.fromConstantString("restored.example.test."), "192.0.2.6");
    Map<String, Object> response = Json.object(Json.parse(
        snap.invoke(Json.write(urlEvent(request))).payload()));

    assertEquals(Rcode.NOERROR, new Message(Base64.getDecoder().decode(
        response.get("body").toString())).getRcode(), snap.log());
    assertEquals(List.of("192.0.2.6"),
        addresses(Name.fromConstantString("restored.example.test.")));
    assertFalse(snap.api().restoreError().isDone(), snap.log());
  }

  @Test
  @Order(9)
  void aStreamBatchThatKeepsFailingIsRetriedThenGoesToTheFailureDestination() {
    // The table the function names is missing: it reports the zone head as a failed item.
    LambdaRuntime failing = stack.start(stack.function("NotifyFunction")
        .withVariable(Wiring.TABLE, "no-such-table"), false);
    StreamEventSource source = StreamEventSource.of(stack.template(), "NotifyFunction",
        stack.streams(), stack.streamArn());
    Nsupdate.run(Nsupdate.Auth.k(key), DnsWire.Transport.UDP, Nsupdate.script(relay.port(),
        "update add retried.example.test. 300 A 192.0.2.7")).assertSuccess();
    List<Map<String, Object>> records = awaitHeadRecord(source);

    StreamEventSource.Delivery delivery = source.deliver(failing, records);

    assertEquals(source.maximumRetries() + 1, delivery.attempts().size(), delivery.toString());
    for (Invocation.Result attempt : delivery.attempts()) {
      List<?> failures = (List<?>) Json.object(Json.parse(attempt.payload()))
          .get("batchItemFailures");
      assertEquals(1, failures.size(), failing.log());
    }
    assertEquals(1, delivery.toFailureDestination().size(), delivery.toString());
    assertEquals(records.stream().filter(source::passes).toList(),
        delivery.toFailureDestination().get(0));
  }


  @Test
  @Order(10)
  void aTokenFromDdnsTokenCreateSetsItsHostByDyndns2ThroughTheFunctionUrl() throws Exception {
    Name zone = createZone("dyn.test.");
    Name host = Name.fromConstantString("router.dyn.test.");
    String secret = createToken("router", zone, host);
    String router = "Basic " + Base64.getEncoder().encodeToString(
        ("router:" + secret).getBytes(StandardCharsets.UTF_8));

    assertEquals("good 192.0.2.41", nicUpdate("hostname=router.dyn.test&myip=192.0.2.41", router),
        update.log());
    assertEquals(List.of("60 192.0.2.41"), records(zone, host, Type.A).stream()
        .map(r -> r.getTTL() + " " + r.rdataToString()).toList(), "the zone's dyndns2 TTL");
    long serial = serial(zone);
    assertEquals("nochg 192.0.2.41", nicUpdate("hostname=router.dyn.test&myip=192.0.2.41",
        router));
    String wrong = "Basic " + Base64.getEncoder().encodeToString(
        "router:not-the-secret".getBytes(StandardCharsets.UTF_8));
    assertEquals("badauth", nicUpdate("hostname=router.dyn.test&myip=192.0.2.66", wrong));
    assertEquals(List.of("192.0.2.41"), addresses(zone, host));
    assertEquals(serial, serial(zone), "nochg and badauth commit nothing");

    assertEquals("good 127.0.0.1", nicUpdate("hostname=router.dyn.test", router),
        "without myip, the caller's address: the event's requestContext.http.sourceIp");
    assertEquals(List.of("127.0.0.1"), addresses(zone, host));
    assertEquals(0, front.errors(), update.log());
  }

  @Test
  @Order(11)
  void anUnsignedWindowsUpdateThroughTheRelayIsRefusedThenAppliedUnderAnAddressGrant()
      throws Exception {
    Name zone = createZone("win.test.");
    Name host = Name.fromConstantString("win7.win.test.");

    assertEquals(Rcode.REFUSED, viaRelay(windowsUpdate(zone, host, "192.168.1.134")).getRcode());
    assertEquals(List.of(), addresses(zone, host));

    // The client's own address, not the relay's (127.0.0.1, the HTTP peer of the URL): only
    // the relay's attestation tells the function which one it is (docs/relay.md).
    ddns(withStore("policy", "set", zone.toString(), "--rule",
        "grant address:" + WINDOWS_CLIENT.getHostAddress() + " name " + host + " A"));
    Message applied = viaRelay(windowsUpdate(zone, host, "192.168.1.134"));

    assertEquals(Rcode.NOERROR, applied.getRcode(), applied + "\n" + update.log());
    assertEquals(List.of("win7.win.test. 1200 IN A 192.168.1.134"),
        Dig.answer(relay.port(), host.toString(), "A"));
    Message forged = direct(windowsUpdate(zone, host, "192.168.1.200"), Map.of(
        "x-ddns-client", WINDOWS_CLIENT.getHostAddress() + ":5353", "x-ddns-transport", "udp"));
    assertEquals(Rcode.REFUSED, forged.getRcode(),
        "relay headers without an attestation are not believed: " + forged);
    assertEquals(List.of("192.168.1.134"), addresses(zone, host));
    assertEquals(0, front.errors(), update.log());
  }

  /**
   * A Lambda Managed Instances environment (docs/architecture.md, "Group commit has a place to
   * run") gives one UpdateFunction many requests at once, on the runtime's handler threads: every
   * signed update is answered NOERROR and signed, every one is applied once with its own serial
   * step, and changes that waited while another committed went into one transaction together.
   */
  @Test
  @Order(12)
  void aManagedInstancesEnvironmentAnswersConcurrentUpdatesAndCommitsThemInGroups()
      throws Exception {
    int updates = 64;
    LambdaRuntime managed = stack.startMultiConcurrent("UpdateFunction", 32);
    long version = zone(ZONE).head().version();
    long serial = serial();
    List<byte[]> requests = new ArrayList<>();
    List<CompletableFuture<Invocation.Result>> answers = new ArrayList<>();
    for (int i = 0; i < updates; i++) {
      requests.add(signedAdd(Name.fromConstantString("mi" + i + ".example.test."),
          "198.51.100." + (i + 1)));
    }
    requests.forEach(request -> answers.add(managed.submit(Json.write(urlEvent(request)))));

    for (int i = 0; i < updates; i++) {
      Map<String, Object> response = Json.object(Json.parse(managed.await(answers.get(i))
          .payload()));
      byte[] answer = Base64.getDecoder().decode(response.get("body").toString());
      Message message = new Message(answer);
      assertEquals(Rcode.NOERROR, message.getRcode(), message + "\n" + managed.log());
      assertEquals(Rcode.NOERROR, key.tsig().verify(message, answer,
          new Message(requests.get(i)).getTSIG()), "answer " + i + " is signed");
    }
    assertTrue(managed.log().contains("Starting 32 concurrent function handler threads"),
        managed.log());
    assertTrue(managed.api().peakRunning() > 1, "the environment took requests at once");
    for (int i = 0; i < updates; i++) {
      assertEquals(List.of("198.51.100." + (i + 1)),
          addresses(Name.fromConstantString("mi" + i + ".example.test.")));
    }
    assertEquals(serial + updates, serial(), "one serial step per update");
    List<Integer> entries = TableItems.journalItemEntries(stack.dynamo(), stack.table(), ZONE,
        version);
    assertEquals(updates, entries.stream().mapToInt(Integer::intValue).sum(),
        "one journal entry per update: " + entries);
    assertTrue(entries.size() < updates, "some updates committed together: " + entries);
    System.out.printf("managed instances: %d updates in %d transactions, at most %d at once%n",
        updates, entries.size(), managed.api().peakRunning());
  }

  /**
   * Sets the zone's NOTIFY target and its notify key as docs/secondaries.md says: {@code ddns zone
   * set --notify-key} creates the key in Secrets Manager under the prefix, where NotifyFunction
   * reads it, and writes the secondaries' copy.
   */
  private TestKey setNotifyTargets(int port) {
    Path file = dir.resolve("notify.key");
    ddns(withStore("zone", "set", DemoZone.NAME, "--notify", "127.0.0.1:" + port,
        "--notify-key", "notify." + DemoZone.NAME, "--notify-key-file", file.toString(),
        "--secrets-endpoint", stack.secrets().endpoint().toString(),
        "--prefix", stack.intrinsics().string(Map.of("Ref", "SecretPrefix"))));
    return TestKey.read(file);
  }

  private List<Map<String, Object>> awaitHeadRecord(StreamEventSource source) {
    List<Map<String, Object>> records = new ArrayList<>();
    long deadline = System.nanoTime() + PROPAGATION.toNanos();
    while (System.nanoTime() < deadline) {
      records.addAll(source.read());
      if (records.stream().anyMatch(source::passes)) {
        return records;
      }
      ToolProcess.pause(50);
    }
    throw new AssertionError("no zone head record in the stream: " + records);
  }

  private static void awaitClassLoaded(LambdaRuntime runtime, String className) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!runtime.classLoadLog().contains(" " + className + " ")) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(className + " was not loaded before restore/next:\n"
            + runtime.log());
      }
      ToolProcess.pause(50);
    }
  }

  private Map<String, Object> urlEvent(byte[] request) {
    return FunctionUrlFront.event("POST", URI.create("/dns-query"), Map.of(
        "content-type", "application/dns-message", "user-agent", "ddns-relay",
        "x-ddns-transport", "udp", "x-ddns-client", "192.0.2.53:40000"), request, "198.51.100.7");
  }

  private byte[] signedAdd(Name host, String address) throws IOException {
    Update request = new Update(ZONE);
    request.add(new ARecord(host, DClass.IN, 300, InetAddress.getByName(address)));
    request.setTSIG(key.tsig());
    return request.toWire(Message.MAXLENGTH);
  }

  /**
   * The update a Windows DNS client sends (docs/clients.md, "Windows DNS clients and DHCP
   * servers"): no CNAME at the host, its A RRset deleted, its address added with TTL 1200,
   * unsigned.
   */
  private static Update windowsUpdate(Name zone, Name host, String address) throws IOException {
    Update request = new Update(zone);
    request.absent(host, Type.CNAME);
    request.delete(host, Type.A);
    request.add(new ARecord(host, DClass.IN, 1200, InetAddress.getByName(address)));
    return request;
  }

  /** {@code request} over UDP from {@link #WINDOWS_CLIENT} to the relay; the answer. */
  private Message viaRelay(Message request) throws IOException {
    return new Message(DnsWire.udpFrom(WINDOWS_CLIENT, relay.port(), request.toWire())
        .orElseThrow(() -> new AssertionError("no answer from the relay:\n" + relay.output())));
  }

  /** {@code request} posted to the Function URL front directly, with {@code headers}. */
  private Message direct(Message request, Map<String, String> headers) throws Exception {
    HttpRequest.Builder post = HttpRequest.newBuilder(front.url().resolve("dns-query"))
        .header("Content-Type", "application/dns-message")
        .POST(HttpRequest.BodyPublishers.ofByteArray(request.toWire()));
    headers.forEach(post::header);
    HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(post.build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, answer.statusCode(), update.log());
    return new Message(answer.body());
  }

  /** A dyndns2 call through the Function URL front; the answer's text, trimmed. */
  private String nicUpdate(String query, String authorization) throws Exception {
    HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            front.url().resolve("nic/update?" + query))
        .header("Authorization", authorization)
        .header("User-Agent", "ddns-lambda-it/1.0")
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body() + "\n" + update.log());
    return answer.body().strip();
  }

  private Name createZone(String name) {
    ddns(withStore("zone", "create", name, "--ns", "ns1.example.test."));
    return Name.fromConstantString(name);
  }

  /**
   * {@code ddns token create NAME --zone ZONE --host HOST} in the Secrets Manager stand-in under
   * the template's token prefix, as docs/clients.md says; the secret it prints.
   */
  private String createToken(String name, Name zone, Name host) throws IOException {
    Path secret = printed(name + ".token", List.of(withStore("token", "create", name,
        "--zone", zone.toString(), "--host", host.toString(),
        "--secrets-endpoint", stack.secrets().endpoint().toString(),
        "--prefix", stack.intrinsics().string(Map.of("Ref", "TokenPrefix")))));
    return Files.readString(secret).strip();
  }

  private ZoneReader zone(Name zone) {
    return new DynamoZoneStore(stack.dynamo(), stack.table(), Clock.systemUTC()).open(zone)
        .orElseThrow(() -> new AssertionError("zone " + zone + " is missing"));
  }

  private long serial() {
    return serial(ZONE);
  }

  private long serial(Name zone) {
    return zone(zone).head().serial();
  }

  private List<Record> records(Name name, int type) {
    return records(ZONE, name, type);
  }

  private List<Record> records(Name zone, Name name, int type) {
    return zone(zone).node(name).flatMap(n -> n.rrset(type)).map(s -> s.records())
        .orElse(List.of());
  }

  private List<String> addresses(Name name) {
    return addresses(ZONE, name);
  }

  private List<String> addresses(Name zone, Name name) {
    return records(zone, name, Type.A).stream()
        .map(r -> ((ARecord) r).getAddress().getHostAddress()).toList();
  }

  /** {@code ddns key create}, its BIND key file (standard output) kept as bootstrap.sh does. */
  private TestKey createKey(String name, String... options) {
    List<String> arguments = new ArrayList<>(List.of(withStore("key", "create", name,
        "--secrets-endpoint", stack.secrets().endpoint().toString(), "--prefix",
        stack.intrinsics().string(Map.of("Ref", "SecretPrefix")))));
    arguments.addAll(List.of(options));
    return TestKey.read(printed(name + "key", arguments));
  }

  /** Runs {@code ddns ARGUMENTS}; its standard output, kept in the file {@code name}. */
  private Path printed(String name, List<String> arguments) {
    Path file = dir.resolve(name);
    List<String> command = new ArrayList<>(List.of(Tools.java().toString(), "-jar",
        LocalDdns.jar().toString()));
    command.addAll(arguments);
    try {
      Path err = dir.resolve(name + ".err");
      Process process = new ProcessBuilder(command).redirectOutput(file.toFile())
          .redirectError(err.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " failed:\n"
            + Files.readString(err));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return file;
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private String[] withStore(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--endpoint-url", stack.dynamoDbEndpoint().toString(),
        "--table", stack.table()));
    return all.toArray(String[]::new);
  }

  private static Exec.Result ddns(String... args) {
    List<String> command = new ArrayList<>(List.of(Tools.java().toString(), "-jar",
        LocalDdns.jar().toString()));
    command.addAll(List.of(args));
    return Exec.run(command, Map.of(), "", Duration.ofSeconds(60)).assertSuccess();
  }
}
