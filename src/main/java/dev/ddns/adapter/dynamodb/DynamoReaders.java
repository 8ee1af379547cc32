package dev.ddns.adapter.dynamodb;

import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.port.PinnedReader;
import dev.ddns.core.port.StoreException;
import dev.ddns.core.port.ZoneReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.xbill.DNS.Name;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;

/**
 * The {@link ZoneReader}s of {@link DynamoZoneStore}.
 *
 * <p>Whole-zone reads ({@link ZoneReader#nodes()}, AXFR, RFC 5936) check the head before and after a
 * paginated Query of the node range: every commit moves the head in the same transaction as its
 * nodes, and a consistent GetItem is serializable with transactions, so an unchanged head means
 * the Query saw exactly one version. When the head moved, the journal names the nodes the
 * commits in between touched; only those are read again, until a round sees the head stand still.
 * A name no commit touched had one state throughout, so the result is the zone at one version,
 * however busy the zone, without reading it all again. Where the journal has a gap (expired
 * entries, or a settings change, which moves the version without an entry) the whole zone is
 * read again. The snapshot is held in memory.
 *
 * <p>Ranged reads ({@link ZoneReader#nodesFrom}, the pages of a paged transfer) are one Query of a
 * key range each, checked by their caller: the head read on open before and {@link
 * ZoneReader#currentVersion()} after, the same pair of consistent reads around them.
 */
final class DynamoReaders {
  /** Rounds of repair (or full re-reads) before a whole-zone read gives up. */
  static final int SNAPSHOT_ATTEMPTS = 64;

  /** The journal of a zone, as {@link dev.ddns.core.port.ZoneStore#journal} reads it. */
  interface Journal {
    List<JournalEntry> after(Name zone, long afterVersion, int limit);
  }

  private DynamoReaders() {}

  /** Reads the live zone: queries and transfers. */
  static final class Live implements ZoneReader {
    private final TableOps ops;
    private final Journal journal;
    private volatile ZoneHead head;

    Live(TableOps ops, Journal journal, ZoneHead head) {
      this.ops = ops;
      this.journal = journal;
      this.head = head;
    }

    /** The head read on open, or by the latest {@link #nodes()} snapshot, which it matches. */
    @Override
    public ZoneHead head() {
      return head;
    }

    @Override
    public Optional<Node> node(Name name) {
      return name.equals(head.zone()) ? apexNode() : readNode(ops, head.zone(), name);
    }

    /**
     * The apex with the serial of a head no older than the apex item read: the item carries the
     * version that wrote it, and an item written at or before a head's version and still there
     * after that head was read is the apex at that version. A newer item reads the head again.
     */
    private Optional<Node> apexNode() {
      Name zone = head.zone();
      ZoneHead at = head;
      for (int round = 0; round < SNAPSHOT_ATTEMPTS; round++) {
        Optional<Map<String, AttributeValue>> item = nodeItem(ops, zone, zone);
        if (item.isEmpty()) {
          return Optional.empty();
        }
        if (Items.longOf(item.get(), Items.VERSION) <= at.version()) {
          return Optional.of(served(at, Items.toNode(item.get())));
        }
        at = currentHead(ops, zone);
      }
      throw new StoreException("table " + ops.table() + ", zone " + zone + ": the apex kept "
          + "changing during " + SNAPSHOT_ATTEMPTS + " reads");
    }

    @Override
    public List<Node> nodesBelow(Name name, int limit) {
      return below(ops, head.zone(), name, limit);
    }

    @Override
    public List<Node> nodesFrom(Name first, int limit) {
      return served(head, from(ops, head.zone(), first, limit));
    }

    @Override
    public OptionalLong currentVersion() {
      return version(ops, head.zone());
    }

    @Override
    public Stream<Node> nodes() {
      Name zone = head.zone();
      ZoneHead before = currentHead(ops, zone);
      SortedMap<String, Node> nodes = bySortKey(zone, all(ops, zone));
      for (int round = 0; round < SNAPSHOT_ATTEMPTS; round++) {
        ZoneHead after = currentHead(ops, zone);
        if (after.version() == before.version()) {
          head = after;
          return served(after, List.copyOf(nodes.values())).stream();
        }
        Optional<Set<Name>> touched = touched(zone, before.version(), after.version());
        if (touched.isPresent()) {
          reread(zone, touched.get(), nodes);
        } else {
          nodes = bySortKey(zone, all(ops, zone));
        }
        before = after;
      }
      throw new StoreException("table " + ops.table() + ", zone " + zone + ": nodes: the zone "
          + "kept changing during " + SNAPSHOT_ATTEMPTS + " rounds of reading");
    }

    /** Owner names the commits after {@code from} up to {@code to} changed; empty on a gap. */
    private Optional<Set<Name>> touched(Name zone, long from, long to) {
      long expected = to - from;
      if (expected > Integer.MAX_VALUE) {
        return Optional.empty();
      }
      List<JournalEntry> entries = journal.after(zone, from, (int) expected);
      for (int i = 0; i < entries.size(); i++) {
        if (entries.get(i).version() != from + 1 + i) {
          return Optional.empty();
        }
      }
      if (entries.size() != expected) {
        return Optional.empty();
      }
      Set<Name> names = new HashSet<>();
      for (JournalEntry entry : entries) {
        entry.changes().removed().forEach(r -> names.add(r.getName()));
        entry.changes().added().forEach(r -> names.add(r.getName()));
      }
      return Optional.of(names);
    }

    /**
     * Reads the touched names again in one round of BatchGetItem (not one GetItem after another),
     * so a round takes about as long however many names the commits in between touched: when it
     * grew with them, a zone written flat out outran the repair.
     */
    private void reread(Name zone, Set<Name> touched, SortedMap<String, Node> nodes) {
      List<Map<String, AttributeValue>> keys = new ArrayList<>();
      for (Name name : touched) {
        if (name.subdomain(zone)) {
          String key = Keys.nodeSk(zone, name);
          nodes.remove(key);
          keys.add(Keys.key(Keys.partition(zone), key));
        }
      }
      for (Map<String, AttributeValue> item : ops.items("nodes (repair)", zone, keys)) {
        nodes.put(item.get(Keys.SK).s(), Items.toNode(item));
      }
    }

    private static SortedMap<String, Node> bySortKey(Name zone, List<Node> nodes) {
      SortedMap<String, Node> map = new TreeMap<>();
      nodes.forEach(n -> map.put(Keys.nodeSk(zone, n.name()), n));
      return map;
    }
  }

  /**
   * The head and nodes read for one update; names read later are read with the head in one
   * TransactGetItems, and a head that moved makes the read a {@link
   * dev.ddns.core.port.ConcurrentChange}.
   */
  static final class ForUpdate extends PinnedReader {
    private final TableOps ops;

    ForUpdate(TableOps ops, ZoneHead head, Map<Name, Optional<Node>> read) {
      super(head, read);
      this.ops = ops;
    }

    /** The head and the node in one TransactGetItems, so the node is at the head's version. */
    @Override
    protected Optional<Node> nodeAtVersion(Name name) {
      Name zone = head().zone();
      List<TransactGetItem> gets = List.of(get(Keys.headKey(zone)),
          get(Keys.key(Keys.partition(zone), Keys.nodeSk(zone, name))));
      List<ItemResponse> items = ops.transactGet("read " + name, zone, gets);
      requireVersion(items.get(0).hasItem() && !items.get(0).item().isEmpty()
          ? OptionalLong.of(Items.longOf(items.get(0).item(), Items.VERSION))
          : OptionalLong.empty());
      return items.get(1).hasItem() && !items.get(1).item().isEmpty()
          ? Optional.of(served(head(), Items.toNode(items.get(1).item())))
          : Optional.empty();
    }

    private TransactGetItem get(Map<String, AttributeValue> key) {
      return TransactGetItem.builder().get(g -> g.tableName(ops.table()).key(key)).build();
    }

    @Override
    public List<Node> nodesBelow(Name name, int limit) {
      List<Node> nodes = below(ops, head().zone(), name, limit);
      requireUnchanged();
      return nodes;
    }

    @Override
    public Stream<Node> nodes() {
      List<Node> nodes = all(ops, head().zone());
      requireUnchanged();
      return served(head(), nodes).stream();
    }

    @Override
    public List<Node> nodesFrom(Name first, int limit) {
      List<Node> nodes = from(ops, head().zone(), first, limit);
      requireUnchanged();
      return served(head(), nodes);
    }

    @Override
    public OptionalLong currentVersion() {
      return version(ops, head().zone());
    }
  }

  static ZoneHead currentHead(TableOps ops, Name zone) {
    return ops.head(zone, "snapshot").orElseThrow(() -> new StoreException("table " + ops.table()
        + ", zone " + zone + ": deleted while being read"));
  }

  /**
   * {@code node} as readers serve it: the apex with the SOA serial of {@code head}, which every
   * commit writes, while the apex item keeps the serial it was last written with (docs/
   * architecture.md, "The serial in the head"); any other node as read.
   */
  static Node served(ZoneHead head, Node node) {
    return node.name().equals(head.zone()) ? node.withSoaSerial(head.serial()) : node;
  }

  private static List<Node> served(ZoneHead head, List<Node> nodes) {
    return nodes.stream().map(n -> served(head, n)).toList();
  }

  static Optional<Node> readNode(TableOps ops, Name zone, Name name) {
    return nodeItem(ops, zone, name).map(Items::toNode);
  }

  private static Optional<Map<String, AttributeValue>> nodeItem(TableOps ops, Name zone,
      Name name) {
    if (!name.subdomain(zone)) {
      return Optional.empty();
    }
    Map<String, AttributeValue> item = ops.call("read " + name, zone, () -> ops.client().getItem(b ->
        b.tableName(ops.table()).key(Keys.key(Keys.partition(zone), Keys.nodeSk(zone, name)))
            .consistentRead(true)).item());
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
  }

  /** Up to {@code limit} nodes strictly below {@code name}, in sort-key order. */
  static List<Node> below(TableOps ops, Name zone, Name name, int limit) {
    List<Node> out = new ArrayList<>();
    if (limit <= 0 || !name.subdomain(zone)) {
      return out;
    }
    String apexSk = Keys.nodeSk(zone, zone);
    ops.query(zone, "nodesBelow " + name, "#pk = :pk AND begins_with(#sk, :prefix)", limit + 1,
        Map.of(":prefix", AttributeValue.fromS(Keys.belowPrefix(zone, name))), item -> {
          if (!item.get(Keys.SK).s().equals(apexSk)) {
            out.add(Items.toNode(item));
          }
          return out.size() < limit;
        });
    return out;
  }

  /**
   * Up to {@code limit} nodes from {@code first}'s sort key on, in sort-key order: one Query of the
   * key range from there to the end of the node keys.
   */
  static List<Node> from(TableOps ops, Name zone, Name first, int limit) {
    List<Node> out = new ArrayList<>();
    if (limit <= 0 || !first.subdomain(zone)) {
      return out;
    }
    ops.query(zone, "nodesFrom " + first, "#pk = :pk AND #sk BETWEEN :from AND :to", limit,
        Map.of(":from", AttributeValue.fromS(Keys.nodeSk(zone, first)),
            ":to", AttributeValue.fromS(Keys.NODE_PREFIX + Character.MAX_VALUE)), item -> {
          out.add(Items.toNode(item));
          return out.size() < limit;
        });
    return out;
  }

  static OptionalLong version(TableOps ops, Name zone) {
    return ops.head(zone, "version").map(h -> OptionalLong.of(h.version()))
        .orElse(OptionalLong.empty());
  }

  /** Every node of the zone in sort-key order, apex first. */
  static List<Node> all(TableOps ops, Name zone) {
    List<Node> out = new ArrayList<>();
    ops.query(zone, "nodes", "#pk = :pk AND begins_with(#sk, :prefix)", 1000,
        Map.of(":prefix", AttributeValue.fromS(Keys.NODE_PREFIX)), item -> out.add(Items.toNode(item)));
    return out;
  }
}
