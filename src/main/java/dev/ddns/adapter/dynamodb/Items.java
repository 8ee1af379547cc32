package dev.ddns.adapter.dynamodb;

import dev.ddns.core.model.Node;
import dev.ddns.core.model.RecordSet;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.policy.UpdatePolicy;
import dev.ddns.core.port.ExpiringZone;
import dev.ddns.core.port.ExpiryCandidate;
import dev.ddns.core.port.NotifyDelivery;
import dev.ddns.core.port.NotifyOutcome;
import dev.ddns.core.port.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts zone heads, nodes, staged nodes and NOTIFY outcomes to DynamoDB items and back
 * (docs/architecture.md, "Data model"; journal entries: {@link JournalItems}). Records keep their
 * exact rdata and owner spelling: rdata is stored as uncompressed wire form as the record itself
 * writes it, not in canonical form (RFC 4034 §6.2 lowercases names in rdata, which would lose
 * their case, RFC 4343 §4).
 */
final class Items {
  static final String ZONE = "zone";
  static final String VERSION = "version";
  static final String SERIAL = "serial";
  static final String SERIAL_POLICY = "serialPolicy";
  static final String NOTIFY_TARGETS = "notifyTargets";
  static final String RETENTION = "journalRetentionSeconds";
  static final String UPDATE_POLICY = "updatePolicy";
  static final String TRANSFER_KEYS = "transferKeys";
  static final String NOTIFY_KEY = "notifyKey";
  static final String MAX_RECORDS = "maxRecords";
  /** The zone's member node in a catalog zone; absent in heads written before it existed. */
  static final String CATALOG_MEMBER = "catalogMember";
  static final String DYNDNS_TTL = "dyndnsTtl";
  /** The zone's record count; absent in heads written before it existed (count unknown). */
  static final String RECORD_COUNT = "recordCount";
  /**
   * On a head only while a large commit's staged nodes are being promoted: the staging prefix
   * ({@link Keys#stagingPrefix}) of that commit ({@link StagedCommit}).
   */
  static final String PENDING = "pending";
  /** The node item a staged item puts when promoted; absent when the node is to be deleted. */
  static final String STAGED_NODE = "node";
  static final String NAME = "name";
  static final String RRSETS = "rrsets";
  static final String TTL = "ttl";
  static final String RDATA = "rdata";
  static final String OWNER = "owner";
  /**
   * Epoch milliseconds of each stamped RRset's last addition, by type (a map at the top of the
   * node item, so the expiry index can project it); absent when no RRset is stamped.
   */
  static final String LAST_ADDED = "lastAdded";
  /**
   * The earliest of {@link #LAST_ADDED}: the sort key of the sparse {@link ZoneTable#EXPIRY_INDEX},
   * present exactly when a node has a stamped RRset.
   */
  static final String EXPIRY_FROM = "expiryFrom";
  /**
   * The partition key of {@link ZoneTable#ZONES_INDEX}, on zone heads only: {@link #EXPIRING} when
   * the zone's policy has expire rules, {@link #PLAIN} otherwise.
   */
  static final String ZONE_LIST = "zoneList";
  static final String EXPIRING = "EXPIRING";
  static final String PLAIN = "PLAIN";
  static final String TIME = "time";
  static final String TARGET = "target";
  static final String OUTCOME = "outcome";
  static final String RCODE = "rcode";
  /** Fixed part of a wire-format RR after its owner: type, class, TTL, rdata length. */
  private static final int RR_HEADER = 10;

  private Items() {}

  // Zone head

  static Map<String, AttributeValue> head(ZoneHead head) {
    Map<String, AttributeValue> item = new HashMap<>(Keys.headKey(head.zone()));
    item.put(ZONE, AttributeValue.fromS(head.zone().toString()));
    item.put(VERSION, number(head.version()));
    item.put(SERIAL, number(head.serial()));
    head.records().ifPresent(n -> item.put(RECORD_COUNT, number(n)));
    item.putAll(settings(head.zone(), head.settings()));
    return item;
  }

  /**
   * The settings attributes of a head, with the {@link #ZONE_LIST} they put the zone in. Commits
   * never write these, so the zones index is written only when a zone is created, deleted or its
   * settings change, not on every update.
   */
  static Map<String, AttributeValue> settings(Name zone, ZoneSettings settings) {
    return Map.ofEntries(
        Map.entry(ZONE_LIST, AttributeValue.fromS(
            UpdatePolicy.expires(zone, settings.updatePolicy()) ? EXPIRING : PLAIN)),
        Map.entry(SERIAL_POLICY, AttributeValue.fromS(settings.serialPolicy().name())),
        Map.entry(NOTIFY_TARGETS, strings(settings.notifyTargets())),
        Map.entry(RETENTION, number(Math.max(1, settings.journalRetention().toSeconds()))),
        Map.entry(UPDATE_POLICY, strings(settings.updatePolicy())),
        Map.entry(TRANSFER_KEYS, strings(settings.transferKeys())),
        Map.entry(NOTIFY_KEY, AttributeValue.fromS(settings.notifyKey())),
        Map.entry(MAX_RECORDS, number(settings.maxRecords())),
        Map.entry(CATALOG_MEMBER, AttributeValue.fromS(settings.catalogMember())),
        Map.entry(DYNDNS_TTL, number(settings.dyndnsTtl())));
  }

  private static AttributeValue strings(List<String> values) {
    return AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList());
  }

  /** Absent in heads written before the attribute existed: read as empty. */
  private static List<String> stringsOf(Map<String, AttributeValue> item, String attribute) {
    AttributeValue value = item.get(attribute);
    return value == null ? List.of() : value.l().stream().map(AttributeValue::s).toList();
  }

  static ZoneHead toHead(Map<String, AttributeValue> item) {
    ZoneSettings settings = new ZoneSettings(
        SerialPolicy.valueOf(item.get(SERIAL_POLICY).s()),
        stringsOf(item, NOTIFY_TARGETS),
        Duration.ofSeconds(longOf(item, RETENTION)),
        stringsOf(item, UPDATE_POLICY),
        stringsOf(item, TRANSFER_KEYS),
        item.containsKey(NOTIFY_KEY) ? item.get(NOTIFY_KEY).s() : "",
        item.containsKey(MAX_RECORDS) ? longOf(item, MAX_RECORDS)
            : ZoneSettings.DEFAULT_MAX_RECORDS,
        item.containsKey(CATALOG_MEMBER) ? item.get(CATALOG_MEMBER).s() : "",
        item.containsKey(DYNDNS_TTL) ? longOf(item, DYNDNS_TTL)
            : ZoneSettings.DEFAULT_DYNDNS_TTL);
    OptionalLong records = item.containsKey(RECORD_COUNT)
        ? OptionalLong.of(longOf(item, RECORD_COUNT)) : OptionalLong.empty();
    return new ZoneHead(name(item.get(ZONE).s()), longOf(item, VERSION), longOf(item, SERIAL),
        settings, records);
  }

  /** The staging prefix of the large commit a head item awaits the promotion of, if any. */
  static Optional<String> pending(Map<String, AttributeValue> head) {
    AttributeValue value = head.get(PENDING);
    return value == null ? Optional.empty() : Optional.of(value.s());
  }

  // Nodes

  static Map<String, AttributeValue> node(Name zone, Node node, long version) {
    Map<String, AttributeValue> item = new HashMap<>(
        Keys.key(Keys.partition(zone), Keys.nodeSk(zone, node.name())));
    item.put(NAME, AttributeValue.fromS(node.name().toString()));
    item.put(VERSION, number(version));
    Map<String, AttributeValue> sets = new HashMap<>();
    for (RecordSet set : node.rrsets()) {
      sets.put(Type.string(set.type()), rrset(set));
    }
    item.put(RRSETS, AttributeValue.fromM(sets));
    node.earliestAdded().ifPresent(earliest -> {
      Map<String, AttributeValue> stamps = new HashMap<>();
      node.lastAdded().forEach((type, when) ->
          stamps.put(Type.string(type), number(when.toEpochMilli())));
      item.put(LAST_ADDED, AttributeValue.fromM(stamps));
      item.put(EXPIRY_FROM, number(earliest.toEpochMilli()));
    });
    return item;
  }

  /**
   * The staged form of {@code node} for the large commit {@code prefix}: the node item it will
   * put (none when the node is to be deleted) nested in one attribute, so that the staged item has
   * no attribute any index projects, and an expiry time for DynamoDB TTL.
   */
  static Map<String, AttributeValue> staged(Name zone, String prefix, Node node, long version,
      Instant expires) {
    Map<String, AttributeValue> item = new HashMap<>(
        Keys.stagedKey(prefix, Keys.nodeSk(zone, node.name())));
    if (!node.isEmpty()) {
      item.put(STAGED_NODE, AttributeValue.fromM(node(zone, node, version)));
    }
    item.put(ZoneTable.TTL_ATTRIBUTE, number(expires.getEpochSecond()));
    return item;
  }

  private static AttributeValue rrset(RecordSet set) {
    List<AttributeValue> rdata = set.records().stream()
        .map(r -> AttributeValue.fromB(SdkBytes.fromByteArray(rdata(r)))).toList();
    return AttributeValue.fromM(Map.of(
        TTL, number(set.ttl()),
        OWNER, AttributeValue.fromS(set.name().toString()),
        RDATA, AttributeValue.fromL(rdata)));
  }

  /** The records a node item holds, counted without decoding them. */
  static long recordCount(Map<String, AttributeValue> item) {
    return item.get(RRSETS).m().values().stream().mapToLong(set -> set.m().get(RDATA).l().size())
        .sum();
  }

  static Node toNode(Map<String, AttributeValue> item) {
    Node node = Node.empty(name(item.get(NAME).s()));
    for (Map.Entry<String, AttributeValue> e : item.get(RRSETS).m().entrySet()) {
      node = node.with(toRrset(Type.value(e.getKey()), e.getValue().m()));
    }
    for (Map.Entry<Integer, Instant> stamp : stamps(item).entrySet()) {
      node = node.withLastAdded(stamp.getKey(), stamp.getValue());
    }
    return node;
  }

  /** The {@link #LAST_ADDED} map of a node item or of its expiry index entry; empty when absent. */
  private static Map<Integer, Instant> stamps(Map<String, AttributeValue> item) {
    AttributeValue value = item.get(LAST_ADDED);
    Map<Integer, Instant> stamps = new HashMap<>();
    if (value != null) {
      value.m().forEach((type, millis) ->
          stamps.put(Type.value(type), Instant.ofEpochMilli(Long.parseLong(millis.n()))));
    }
    return stamps;
  }

  /** A candidate from an entry of {@link ZoneTable#EXPIRY_INDEX}. */
  static ExpiryCandidate toCandidate(Map<String, AttributeValue> entry) {
    return new ExpiryCandidate(name(entry.get(NAME).s()), stamps(entry));
  }

  /** A zone from an entry of {@link ZoneTable#ZONES_INDEX} in the {@link #EXPIRING} list. */
  static ExpiringZone toExpiringZone(Map<String, AttributeValue> entry) {
    return new ExpiringZone(name(entry.get(ZONE).s()), stringsOf(entry, UPDATE_POLICY));
  }

  private static RecordSet toRrset(int type, Map<String, AttributeValue> set) {
    Name owner = name(set.get(OWNER).s());
    long ttl = Long.parseLong(set.get(TTL).n());
    List<Record> records = new ArrayList<>();
    for (AttributeValue rdata : set.get(RDATA).l()) {
      records.add(record(owner, type, ttl, rdata.b().asByteArray()));
    }
    return RecordSet.of(records);
  }

  /** The uncompressed wire rdata of {@code r}, case preserved (unlike rdataToWireCanonical). */
  static byte[] rdata(Record r) {
    byte[] wire = r.toWire(Section.ANSWER);
    return Arrays.copyOfRange(wire, r.getName().length() + RR_HEADER, wire.length);
  }

  private static Record record(Name owner, int type, long ttl, byte[] rdata) {
    return rdata.length == 0
        ? Record.newRecord(owner, type, DClass.IN, ttl)
        : Record.newRecord(owner, type, DClass.IN, ttl, rdata);
  }

  /** The last NOTIFY outcome of one target of {@code zone}: {@code T#<target>} beside its head. */
  static Map<String, AttributeValue> notifyOutcome(Name zone, NotifyOutcome outcome) {
    Map<String, AttributeValue> item = new HashMap<>(
        Keys.key(Keys.partition(zone), Keys.notifySk(outcome.target())));
    item.put(TARGET, AttributeValue.fromS(outcome.target()));
    item.put(SERIAL, number(outcome.serial()));
    item.put(TIME, number(outcome.sent().toEpochMilli()));
    item.put(OUTCOME, AttributeValue.fromS(outcome.outcome().name()));
    item.put(RCODE, number(outcome.rcode()));
    return item;
  }

  static NotifyOutcome toNotifyOutcome(Map<String, AttributeValue> item) {
    return new NotifyOutcome(item.get(TARGET).s(), longOf(item, SERIAL),
        Instant.ofEpochMilli(longOf(item, TIME)),
        NotifyDelivery.Outcome.valueOf(item.get(OUTCOME).s()), (int) longOf(item, RCODE));
  }

  // Values

  static AttributeValue number(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  static long longOf(Map<String, AttributeValue> item, String attribute) {
    return Long.parseLong(item.get(attribute).n());
  }

  static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (TextParseException e) {
      throw new StoreException("corrupt name in table: " + text, e);
    }
  }
}
