package dev.ddns.adapter.dynamodb;

import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.ReplayRecord;
import dev.ddns.core.model.ZoneCommit;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.port.CommitResult;
import dev.ddns.core.port.ConcurrentChange;
import dev.ddns.core.port.ExpiringZone;
import dev.ddns.core.port.ExpiryCandidate;
import dev.ddns.core.port.NotifyOutcome;
import dev.ddns.core.port.PinnedReader;
import dev.ddns.core.port.StoreException;
import dev.ddns.core.port.UpdateRead;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.port.ZoneStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.xbill.DNS.Name;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The DynamoDB {@link ZoneStore} (docs/architecture.md, "Data model: one DynamoDB table"), with the same
 * semantics as the in-memory reference store. Item layout: {@link Keys} and {@link Items}.
 *
 * <ul>
 *   <li>An UPDATE (RFC 2136 §3) reads the head and its names in one {@code TransactGetItems}
 *       ({@link #readForUpdate}); names the core asks for later are read at the same version or
 *       fail as {@link ConcurrentChange} ({@link DynamoReaders}). A {@code TransactGetItems} that
 *       DynamoDB cancels because a commit holds one of its items is a {@link ConcurrentChange}
 *       too: the caller reads again after its backoff, as after a lost commit, instead of
 *       re-reading at once into the same commit.
 *   <li>{@link #commit} is one {@code TransactWriteItems}: the head on the condition
 *       {@code version = expected} (with the record count the core computed, so the count moves
 *       only with a commit that wins), every touched node (put, or delete when empty) and the
 *       journal entry, so no partial state is ever visible (RFC 2136 §3.4.2: updates are
 *       atomic). The SDK fills in a {@code ClientRequestToken}, so its own retries of a commit
 *       are idempotent.
 *       A signed update also puts its replay record ({@link ReplayItems}) on the condition that
 *       none exists, so one request is never applied twice, whichever Lambda instance gets it.
 *       A signed update that commits nothing (it failed, or changed nothing) puts its replay
 *       record alone, on the same condition ({@link #recordAnswer}).
 *   <li>A losing writer gets {@link CommitResult#CONFLICT} (condition failed, or the
 *       transaction cancelled for {@code TransactionConflict} or {@code ThrottlingError}); the
 *       store never sleeps: backoff is the caller's.
 *   <li>Throttling of single-item calls (after the SDK's own retries), timeouts and service
 *       errors become {@link StoreException} naming the table, zone and operation; nothing was
 *       applied.
 *   <li>The SOA serial lives in the head: a commit whose apex changed only in its serial leaves
 *       the apex item as it is, and every reader answers the apex SOA with the serial of a head
 *       at least as new as the apex item it read (docs/architecture.md, "The serial in the
 *       head").
 *   <li>{@link #recount} counts a zone whose head has no record count, at one version.
 *   <li>The expiry sweep reads two sparse global secondary indexes, never the table at large
 *       (docs/policy.md, "What a sweep reads"): {@link ZoneTable#ZONES_INDEX} over the zone heads
 *       ({@link #zones}, {@link #expiringZones}) and {@link ZoneTable#EXPIRY_INDEX} over the nodes
 *       with a stamped RRset ({@link #expiryCandidates}), both eventually consistent; the deletion
 *       is evaluated on the consistent {@link #readForUpdate}. The heads index projects only the
 *       zone name and policy, which no commit writes, so an ordinary update costs no index write.
 *       A zone-registry item (one item listing every zone) was the alternative: it needs no index,
 *       but every create and delete would have to update it in the same transaction as the head,
 *       all admin writes would contend on that one item, the 400 KB item limit would cap the number
 *       of zones, and it would still need the sweep to read each expiring zone's head for its
 *       policy. The index is kept by DynamoDB from the head alone.
 *   <li>Journal entries expire through DynamoDB TTL on {@code expiresAt}; TTL deletion is lazy,
 *       so {@link #journal} also skips expired entries by the injected clock.
 * </ul>
 */
public final class DynamoZoneStore implements ZoneStore {
  /** The most items one TransactGetItems or TransactWriteItems call takes. */
  static final int MAX_TRANSACTION_ITEMS = 100;
  /** What one TransactWriteItems may carry, below DynamoDB's 4 MB by a margin for the estimate. */
  private static final long TRANSACTION_BYTES = 3_800_000;
  /** Allowed for an item written by key alone (a delete, the head's update, a condition). */
  private static final long KEY_BYTES = 1_024;
  /** The most a group's journal item may hold; DynamoDB takes items of up to 400 KB. */
  private static final long GROUP_JOURNAL_BYTES = 300_000;
  /** Counts of a zone by {@link #recount} before it gives up on a zone that keeps changing. */
  static final int RECOUNT_ATTEMPTS = 8;

  private final DynamoDbClient client;
  private final String table;
  private final Clock clock;
  private final TableOps ops;
  private final StagedCommit staged;

  public DynamoZoneStore(DynamoDbClient client, String tableName, Clock clock) {
    this.client = client;
    this.table = tableName;
    this.clock = clock;
    this.ops = new TableOps(client, tableName);
    this.staged = new StagedCommit(ops, clock);
  }

  /** Walks {@code name} and its ancestors with one consistent BatchGetItem of their heads. */
  @Override
  public Optional<Name> findZone(Name name) {
    List<Name> candidates = new ArrayList<>();
    for (Name n = name; ; n = new Name(n, 1)) {
      candidates.add(n);
      if (n.labels() <= 1) {
        break;
      }
    }
    Set<String> found = ops.existingHeads(candidates, name);
    return candidates.stream().filter(c -> found.contains(Keys.partition(c))).findFirst();
  }

  @Override
  public Optional<ZoneReader> open(Name zone) {
    return ops.head(zone, "open").map(head -> new DynamoReaders.Live(ops, this::journal, head));
  }

  @Override
  public Optional<PinnedReader> readForUpdate(Name zone, Set<Name> names) {
    Map<String, Name> keys = nodeKeys(zone, names);
    return forUpdate(zone, keys, read(zone, keys.keySet(), List.of()));
  }

  /**
   * The head, the nodes and the replay record in one read: a signed update costs one round trip
   * before its commit, not two (the replay item, read transactionally, costs one read unit more
   * than a consistent GetItem would).
   */
  @Override
  public Optional<UpdateRead> readForUpdate(Name zone, Set<Name> names, ReplayRecord request) {
    Map<String, Name> keys = nodeKeys(zone, names);
    List<ItemResponse> items = read(zone, keys.keySet(),
        List.of(ReplayItems.key(request.key(), request.macBase64())));
    ItemResponse replay = items.get(items.size() - 1);
    Optional<ReplayRecord> replayed = replay.hasItem() && !replay.item().isEmpty()
        ? Optional.of(ReplayItems.toRecord(replay.item()))
        : Optional.empty();
    return forUpdate(zone, keys, items).map(reader -> new UpdateRead(reader, replayed));
  }

  /** The sort keys of the apex and of {@code names} in the zone. */
  private static Map<String, Name> nodeKeys(Name zone, Set<Name> names) {
    Map<String, Name> keys = new LinkedHashMap<>();
    keys.put(Keys.nodeSk(zone, zone), zone);
    for (Name n : names) {
      if (n.subdomain(zone)) {
        keys.putIfAbsent(Keys.nodeSk(zone, n), n);
      }
    }
    return keys;
  }

  /** The update's view from a read: head first, then the nodes of {@code keys}. */
  private Optional<PinnedReader> forUpdate(Name zone, Map<String, Name> keys,
      List<ItemResponse> items) {
    if (!items.get(0).hasItem() || items.get(0).item().isEmpty()) {
      return Optional.empty();
    }
    ZoneHead head = Items.toHead(items.get(0).item());
    Map<Name, Optional<Node>> read = new HashMap<>();
    int i = 1;
    for (Name n : keys.values()) {
      read.put(n, nodeOf(items.get(i++)).map(node -> DynamoReaders.served(head, node)));
    }
    return Optional.of(new DynamoReaders.ForUpdate(ops, head, read));
  }

  /**
   * The head, the nodes of {@code nodeKeys} and the items of {@code otherKeys}, in that order, at
   * one version: one TransactGetItems when they fit in one (at most 100 items, 4 MB), else {@link
   * #batchRead}. A head naming a pending large commit is promoted first and the read made again.
   */
  private List<ItemResponse> read(Name zone, Collection<String> nodeKeys,
      List<Map<String, AttributeValue>> otherKeys) {
    String pk = Keys.partition(zone);
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    keys.add(Keys.headKey(zone));
    nodeKeys.forEach(sk -> keys.add(Keys.key(pk, sk)));
    keys.addAll(otherKeys);
    if (keys.size() > MAX_TRANSACTION_ITEMS) {
      return batchRead(zone, keys);
    }
    List<TransactGetItem> gets = keys.stream().map(this::get).toList();
    for (int round = 0; round < TableOps.SETTLE_ROUNDS; round++) {
      Optional<List<ItemResponse>> read = ops.transactGetUnlessInvalid("TransactGetItems", zone,
          gets);
      if (read.isEmpty()) {
        return batchRead(zone, keys);
      }
      List<ItemResponse> items = read.get();
      Optional<String> pending = items.get(0).hasItem()
          ? Items.pending(items.get(0).item()) : Optional.empty();
      if (pending.isEmpty()) {
        return items;
      }
      StagedCommit.finish(ops, zone, pending.get());
    }
    throw new ConcurrentChange("zone " + zone + " kept naming pending commits");
  }

  /**
   * A read too large for one transaction: the head (settled), consistent BatchGetItem calls for
   * the rest, and the head again. Each item read is serializable with transactions and every
   * commit moves the version, so an unchanged version means every item was read at it; a moved
   * one is a {@link ConcurrentChange}, read again after the caller's backoff.
   */
  private List<ItemResponse> batchRead(Name zone, List<Map<String, AttributeValue>> keys) {
    Optional<Map<String, AttributeValue>> head = ops.headItem(zone, "readForUpdate");
    if (head.isEmpty()) {
      return List.of(ItemResponse.builder().build());
    }
    Map<Map<String, AttributeValue>, Map<String, AttributeValue>> found = new HashMap<>();
    for (Map<String, AttributeValue> item : ops.items("readForUpdate", zone,
        keys.subList(1, keys.size()))) {
      found.put(Keys.key(item.get(Keys.PK).s(), item.get(Keys.SK).s()), item);
    }
    long version = Items.longOf(head.get(), Items.VERSION);
    if (DynamoReaders.version(ops, zone).orElse(-1) != version) {
      throw new ConcurrentChange("zone " + zone + " changed while " + keys.size()
          + " items were read for an update");
    }
    List<ItemResponse> items = new ArrayList<>();
    items.add(ItemResponse.builder().item(head.get()).build());
    for (Map<String, AttributeValue> key : keys.subList(1, keys.size())) {
      Map<String, AttributeValue> item = found.get(key);
      items.add(item == null ? ItemResponse.builder().build()
          : ItemResponse.builder().item(item).build());
    }
    return items;
  }

  private TransactGetItem get(Map<String, AttributeValue> key) {
    return TransactGetItem.builder().get(g -> g.tableName(table).key(key)).build();
  }

  private static Optional<Node> nodeOf(ItemResponse response) {
    return response.hasItem() && !response.item().isEmpty()
        ? Optional.of(Items.toNode(response.item()))
        : Optional.empty();
  }

  /**
   * One TransactWriteItems when the commit's items fit in one; else staged ({@link StagedCommit}),
   * with the head, journal entry and replay record as its commit point.
   */
  @Override
  public CommitResult commit(ZoneCommit changed) {
    ZoneCommit commit = withoutSerialOnlyApex(changed);
    List<TransactWriteItem> writes = new ArrayList<>(commitPoint(commit, Optional.empty()));
    if (writes.size() + commit.nodes().size() <= MAX_TRANSACTION_ITEMS) {
      writes.addAll(1, commit.nodes().stream().map(node -> nodeWrite(commit.head(), node))
          .toList());
      if (fitsOneTransaction(writes)) {
        return ops.transactWrite("TransactWriteItems", commit.head().zone(), writes)
            .map(cancelled -> cancelled(commit, cancelled))
            .orElse(CommitResult.COMMITTED);
      }
    }
    return staged.commit(commit, prefix -> commitPoint(commit, Optional.of(prefix)),
        cancelled -> cancelled(commit, cancelled));
  }

  /**
   * One TransactWriteItems: the head on the first update's version condition, set to the last
   * one's; the last state of every node the group changed (the apex left out when every update
   * moved only its serial); the group's journal items; and the replay records last, so that a
   * failed condition from there on means one was answered before. {@link CommitResult#TOO_LARGE}
   * when that is more than one transaction holds, or an entry needs more than one item.
   */
  @Override
  public CommitResult commitGroup(List<ZoneCommit> group) {
    ZoneCommit first = group.get(0);
    ZoneCommit last = group.get(group.size() - 1);
    Optional<List<Map<String, AttributeValue>>> journal = JournalItems.ofGroup(group,
        GROUP_JOURNAL_BYTES);
    if (journal.isEmpty()) {
      return CommitResult.TOO_LARGE;
    }
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(headWrite(last.head(), first.expectedVersion(), Optional.empty()));
    nodesToWrite(group).forEach(node -> writes.add(nodeWrite(last.head(), node)));
    journal.get().forEach(item -> writes.add(put(item)));
    int firstReplay = writes.size();
    group.forEach(commit -> commit.replay().ifPresent(r -> writes.add(ReplayItems.put(table, r))));
    if (!fitsOneTransaction(writes)) {
      return CommitResult.TOO_LARGE;
    }
    return ops.transactWrite("TransactWriteItems", last.head().zone(), writes)
        .map(cancelled -> cancelled.conditionFailedFrom(firstReplay) ? CommitResult.REPLAYED
            : cancelled(last.head().zone(), cancelled))
        .orElse(CommitResult.COMMITTED);
  }

  /**
   * Whether {@code writes} fit in one TransactWriteItems: at most 100 items, and (by {@link
   * ItemSize}'s estimate, with room to spare) at most the 4 MB DynamoDB takes in one.
   */
  private static boolean fitsOneTransaction(List<TransactWriteItem> writes) {
    if (writes.size() > MAX_TRANSACTION_ITEMS) {
      return false;
    }
    long bytes = 0;
    for (TransactWriteItem write : writes) {
      bytes += write.put() == null ? KEY_BYTES : ItemSize.of(write.put().item());
    }
    return bytes <= TRANSACTION_BYTES;
  }

  /**
   * The last state of every node {@code group} changed, in the order first changed; the apex only
   * when an update changed it beyond its SOA serial, which the head carries (docs/architecture.md,
   * "The serial in the head").
   */
  private static List<Node> nodesToWrite(List<ZoneCommit> group) {
    Name zone = group.get(0).head().zone();
    Map<Name, Node> nodes = new LinkedHashMap<>();
    boolean serialOnlyAtApex = true;
    for (ZoneCommit commit : group) {
      commit.nodes().forEach(node -> nodes.put(node.name(), node));
      boolean apexWritten = commit.nodes().stream().anyMatch(n -> n.name().equals(zone));
      serialOnlyAtApex &= !apexWritten || commit.serialOnlyAtApex();
    }
    if (serialOnlyAtApex) {
      nodes.remove(zone);
    }
    return List.copyOf(nodes.values());
  }

  /**
   * {@code commit} with the nodes {@link #nodesToWrite} keeps: a single-name update writes four
   * items, not five (8 write units by AWS's rules). Still a commit, as the staged path takes one.
   */
  private static ZoneCommit withoutSerialOnlyApex(ZoneCommit commit) {
    if (!commit.serialOnlyAtApex()) {
      return commit;
    }
    return new ZoneCommit(commit.head(), commit.expectedVersion(), nodesToWrite(List.of(commit)),
        commit.changes(), commit.keyName(), commit.client(), commit.time(), commit.replay(), false);
  }

  /**
   * Why the transaction was cancelled, by the reasons DynamoDB gives in request order: the replay
   * record's condition (last item) means the request was applied before; the head's (first item),
   * that another update got there first or the zone is gone.
   */
  private CommitResult cancelled(ZoneCommit commit, TableOps.Cancelled cancelled) {
    if (commit.replay().isPresent() && cancelled.conditionFailedAt(-1)) {
      return CommitResult.REPLAYED;
    }
    return cancelled(commit.head().zone(), cancelled);
  }

  /** A cancellation that is not a replay: a lost race, the zone gone, or a failure. */
  private CommitResult cancelled(Name zone, TableOps.Cancelled cancelled) {
    if (cancelled.passing()) {
      return CommitResult.CONFLICT;
    }
    if (cancelled.conditionFailedAt(0)) {
      return ops.head(zone, "commit").isPresent() ? CommitResult.CONFLICT : CommitResult.NO_ZONE;
    }
    throw new StoreException("table " + table + ", zone " + zone + ": TransactWriteItems failed: "
        + cancelled.cause().getMessage(), cancelled.cause());
  }

  /**
   * One conditional PutItem in the key's own partition: the first copy of a request to be answered
   * wins. A lost put returns the record that won (asked for on the failed condition, so no second
   * call), or reads it if DynamoDB sent none.
   */
  @Override
  public Optional<ReplayRecord> recordAnswer(ReplayRecord record, Instant now) {
    return ops.conditionally("recordAnswer", record.key(),
            () -> client.putItem(ReplayItems.putIfAbsent(table, record)))
        .map(lost -> lost.item().isEmpty()
            ? findReplay(record.key(), record.mac()).orElse(record)
            : ReplayItems.toRecord(lost.item()));
  }

  @Override
  public Optional<ReplayRecord> findReplay(Name key, byte[] mac) {
    Map<String, AttributeValue> item = ops.call("findReplay", key, () -> client.getItem(b ->
        b.tableName(table).key(ReplayItems.key(key, Base64.getEncoder().encodeToString(mac)))
            .consistentRead(true)).item());
    return item == null || item.isEmpty() ? Optional.empty()
        : Optional.of(ReplayItems.toRecord(item));
  }

  /**
   * The head on its version condition (and that no large commit is pending), the journal entry and
   * the replay record: the items every commit writes, in that order, the head first and the replay
   * record last as {@link #cancelled} reads the reasons. A large commit's head names its staging
   * prefix as {@code pending}.
   */
  private List<TransactWriteItem> commitPoint(ZoneCommit commit, Optional<String> pending) {
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(headWrite(commit.head(), commit.expectedVersion(), pending));
    JournalItems.of(commit).forEach(item -> writes.add(put(item)));
    commit.replay().ifPresent(r -> writes.add(ReplayItems.put(table, r)));
    return writes;
  }

  /** The head set to {@code head} on the condition that it has {@code expected} and no pending. */
  private TransactWriteItem headWrite(ZoneHead head, long expected, Optional<String> pending) {
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":v", Items.number(head.version()),
        ":s", Items.number(head.serial()), ":expected", Items.number(expected)));
    StringBuilder set = new StringBuilder("SET #v = :v, #s = :s");
    head.records().ifPresent(n -> values.put(":r", Items.number(n)));
    set.append(head.records().isPresent() ? ", #r = :r" : "");
    pending.ifPresent(prefix -> values.put(":p", AttributeValue.fromS(prefix)));
    set.append(pending.isPresent() ? ", #p = :p" : "");
    set.append(head.records().isPresent() ? "" : " REMOVE #r");
    return TransactWriteItem.builder().update(u -> u.tableName(table)
        .key(Keys.headKey(head.zone()))
        .updateExpression(set.toString())
        .conditionExpression("#v = :expected AND attribute_not_exists(#p)")
        .expressionAttributeNames(Map.of("#v", Items.VERSION, "#s", Items.SERIAL,
            "#r", Items.RECORD_COUNT, "#p", Items.PENDING))
        .expressionAttributeValues(values))
        .build();
  }

  private TransactWriteItem put(Map<String, AttributeValue> item) {
    return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build();
  }

  private TransactWriteItem nodeWrite(ZoneHead head, Node node) {
    Name zone = head.zone();
    if (node.isEmpty()) {
      Map<String, AttributeValue> key = Keys.key(Keys.partition(zone), Keys.nodeSk(zone, node.name()));
      return TransactWriteItem.builder().delete(d -> d.tableName(table).key(key)).build();
    }
    return TransactWriteItem.builder()
        .put(p -> p.tableName(table).item(Items.node(zone, node, head.version()))).build();
  }

  /**
   * Fails when the head exists; otherwise clears leftovers of an earlier failed import, writes the
   * nodes in batches of 25 (reporting progress after each), and puts the head last, on the
   * condition that none exists: the zone becomes visible only once it is complete. Two concurrent
   * creates of one zone are not guarded beyond that final condition (an admin path).
   */
  @Override
  public void create(ZoneHead head, Collection<Node> nodes, LongConsumer progress) {
    Name zone = head.zone();
    if (ops.head(zone, "create").isPresent()) {
      throw new IllegalStateException("zone " + zone + " exists in table " + table);
    }
    ops.deletePartition(zone);
    List<Node> filled = nodes.stream().filter(n -> !n.isEmpty()).toList();
    ops.batchPut(zone, "create", filled, n -> Items.node(zone, n, head.version()), progress);
    Map<String, AttributeValue> headItem =
        Items.head(head.withRecords(filled.stream().mapToLong(Node::recordCount).sum()));
    if (ops.conditionally("create", zone, () -> client.putItem(b -> b.tableName(table)
        .item(headItem).conditionExpression("attribute_not_exists(pk)"))).isPresent()) {
      throw new IllegalStateException("zone " + zone + " exists in table " + table);
    }
  }

  @Override
  public boolean updateSettings(Name zone, ZoneSettings settings) {
    Map<String, AttributeValue> values = new HashMap<>();
    Map<String, String> names = new HashMap<>();
    StringBuilder set = new StringBuilder("SET #v = #v + :one");
    int i = 0;
    for (Map.Entry<String, AttributeValue> e : Items.settings(zone, settings).entrySet()) {
      set.append(", #a").append(i).append(" = :a").append(i);
      names.put("#a" + i, e.getKey());
      values.put(":a" + i++, e.getValue());
    }
    names.put("#v", Items.VERSION);
    values.put(":one", Items.number(1));
    return ops.conditionally("updateSettings", zone, () -> client.updateItem(b -> b
        .tableName(table).key(Keys.headKey(zone)).updateExpression(set.toString())
        .conditionExpression("attribute_exists(pk)")
        .expressionAttributeNames(names).expressionAttributeValues(values))).isEmpty();
  }

  /**
   * Reads the head, counts the records of every node in one consistent Query without decoding
   * them, then stores the count on the condition that the version is still the one read. Every
   * commit moves the version with its nodes in one transaction, so an unchanged version means
   * the Query saw exactly that version; a commit in between makes it count again.
   */
  @Override
  public OptionalLong recount(Name zone) {
    for (int attempt = 1; attempt <= RECOUNT_ATTEMPTS; attempt++) {
      Optional<ZoneHead> head = ops.head(zone, "recount");
      if (head.isEmpty()) {
        return OptionalLong.empty();
      }
      long[] records = {0};
      ops.query(zone, "recount", "#pk = :pk AND begins_with(#sk, :prefix)", 1000,
          Map.of(":prefix", AttributeValue.fromS(Keys.NODE_PREFIX)), item -> {
            records[0] += Items.recordCount(item);
            return true;
          });
      if (storeCount(head.get(), records[0])) {
        return OptionalLong.of(records[0]);
      }
    }
    throw new StoreException("table " + table + ", zone " + zone + ": recount: the zone kept "
        + "changing during " + RECOUNT_ATTEMPTS + " counts");
  }

  /** Stores {@code records} in the head and moves the version on, if it is still {@code read}'s. */
  private boolean storeCount(ZoneHead read, long records) {
    return ops.conditionally("recount", read.zone(), () -> client.updateItem(b -> b
        .tableName(table).key(Keys.headKey(read.zone()))
        .updateExpression("SET #v = :next, #r = :r").conditionExpression("#v = :read")
        .expressionAttributeNames(Map.of("#v", Items.VERSION, "#r", Items.RECORD_COUNT))
        .expressionAttributeValues(Map.of(":next", Items.number(read.version() + 1),
            ":r", Items.number(records), ":read", Items.number(read.version()))))).isEmpty();
  }

  @Override
  public List<JournalEntry> journal(Name zone, long afterVersion, int limit) {
    long now = clock.instant().getEpochSecond();
    List<JournalEntry> out = new ArrayList<>();
    JournalItems.Reader reader = new JournalItems.Reader();
    ops.query(zone, "journal", "#pk = :pk AND #sk BETWEEN :from AND :to", Math.min(limit, 1000),
        Map.of(":from", AttributeValue.fromS(Keys.journalSk(afterVersion + 1)),
            ":to", AttributeValue.fromS(Keys.journalSk(Long.MAX_VALUE))),
        item -> {
          if (Items.longOf(item, ZoneTable.TTL_ATTRIBUTE) >= now) {
            reader.read(item).stream().filter(e -> e.version() > afterVersion).forEach(out::add);
          }
          return out.size() < limit || reader.inParts();
        });
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
  }

  /**
   * The heads of both lists of {@link ZoneTable#ZONES_INDEX}: one small eventually consistent
   * Query each, reading no node or journal item (there was a Scan of the whole table here).
   */
  @Override
  public List<Name> zones() {
    List<Name> out = new ArrayList<>();
    for (String list : List.of(Items.EXPIRING, Items.PLAIN)) {
      zoneList(list, "zones", item -> out.add(Items.name(item.get(Items.ZONE).s())));
    }
    return out.stream().sorted().toList();
  }

  @Override
  public List<ExpiringZone> expiringZones() {
    List<ExpiringZone> out = new ArrayList<>();
    zoneList(Items.EXPIRING, "expiringZones", item -> out.add(Items.toExpiringZone(item)));
    return out.stream().sorted(Comparator.comparing(ExpiringZone::zone)).toList();
  }

  private void zoneList(String list, String operation, Consumer<Map<String, AttributeValue>> each) {
    ops.queryIndex(Name.root, operation, ZoneTable.ZONES_INDEX, QueryRequest.builder()
        .keyConditionExpression("#list = :list")
        .expressionAttributeNames(Map.of("#list", Items.ZONE_LIST))
        .expressionAttributeValues(Map.of(":list", AttributeValue.fromS(list))), null, item -> {
          each.accept(item);
          return true;
        });
  }

  /**
   * An eventually consistent Query of {@link ZoneTable#EXPIRY_INDEX}: the zone's partition, sort
   * key {@code expiryFrom <= until}. A candidate of an earlier call resumes the Query after it:
   * its name and earliest stamp give the entry's table and index keys.
   */
  @Override
  public List<ExpiryCandidate> expiryCandidates(Name zone, Instant until,
      Optional<ExpiryCandidate> after, int limit) {
    List<ExpiryCandidate> out = new ArrayList<>();
    if (limit <= 0) {
      return out;
    }
    Map<String, AttributeValue> start = after.map(a -> Map.of(
        Keys.PK, AttributeValue.fromS(Keys.partition(zone)),
        Keys.SK, AttributeValue.fromS(Keys.nodeSk(zone, a.name())),
        Items.EXPIRY_FROM, Items.number(a.earliest().toEpochMilli()))).orElse(null);
    ops.queryIndex(zone, "expiryCandidates", ZoneTable.EXPIRY_INDEX, QueryRequest.builder()
        .keyConditionExpression("#pk = :pk AND #from <= :until")
        .expressionAttributeNames(Map.of("#pk", Keys.PK, "#from", Items.EXPIRY_FROM))
        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.partition(zone)),
            ":until", Items.number(until.toEpochMilli())))
        .limit(limit), start, item -> {
          out.add(Items.toCandidate(item));
          return out.size() < limit;
        });
    return out;
  }

  /**
   * One transaction per 99 targets: their items put on the condition that the zone's head exists,
   * so that a zone deleted meanwhile gets no stray items.
   */
  @Override
  public void recordNotifyOutcomes(Name zone, List<NotifyOutcome> outcomes) {
    for (int from = 0; from < outcomes.size(); from += MAX_TRANSACTION_ITEMS - 1) {
      List<TransactWriteItem> writes = new ArrayList<>();
      writes.add(TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
          .key(Keys.headKey(zone)).conditionExpression("attribute_exists(#pk)")
          .expressionAttributeNames(Map.of("#pk", Keys.PK))).build());
      for (NotifyOutcome o : outcomes.subList(from,
          Math.min(outcomes.size(), from + MAX_TRANSACTION_ITEMS - 1))) {
        writes.add(TransactWriteItem.builder()
            .put(p -> p.tableName(table).item(Items.notifyOutcome(zone, o))).build());
      }
      if (ops.transactWrite("recordNotifyOutcomes", zone, writes).isPresent()) {
        return;
      }
    }
  }

  @Override
  public List<NotifyOutcome> notifyOutcomes(Name zone) {
    List<NotifyOutcome> out = new ArrayList<>();
    ops.query(zone, "notifyOutcomes", "#pk = :pk AND begins_with(#sk, :prefix)", 100,
        Map.of(":prefix", AttributeValue.fromS(Keys.NOTIFY_PREFIX)),
        item -> out.add(Items.toNotifyOutcome(item)));
    return out;
  }

  /** Deletes the head first (the zone is gone at once), then every other item of the zone. */
  @Override
  public boolean delete(Name zone) {
    Map<String, AttributeValue> old = ops.call("delete", zone, () -> client.deleteItem(b ->
        b.tableName(table).key(Keys.headKey(zone)).returnValues("ALL_OLD")).attributes());
    if (old == null || old.isEmpty()) {
      return false;
    }
    ops.deletePartition(zone);
    return true;
  }
}
