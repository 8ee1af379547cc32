package dev.ddns.adapter.dynamodb;

import static dev.ddns.adapter.dynamodb.Items.TIME;
import static dev.ddns.adapter.dynamodb.Items.VERSION;
import static dev.ddns.adapter.dynamodb.Items.longOf;
import static dev.ddns.adapter.dynamodb.Items.number;

import dev.ddns.core.model.ChangeSet;
import dev.ddns.core.model.JournalEntry;
import dev.ddns.core.model.ZoneCommit;
import dev.ddns.core.port.StoreException;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.WireParseException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Journal entries as items (docs/architecture.md, "Data model: one DynamoDB table"): one entry per
 * item; a group's entries in one item ({@link #ENTRIES}, "Group commit"); and an entry larger than
 * one item holds (an update that removes much: a message of a few bytes can delete names holding
 * megabytes) as a head item with its parts after it, in key order ({@link #PARTS}).
 */
final class JournalItems {
  /** On the journal item of a group: its updates' entries, oldest first. */
  static final String ENTRIES = "entries";
  /** On the head item of an entry stored in parts: how many part items follow it. */
  static final String PARTS = "parts";
  /** On the head item of an entry in parts: the length of the removed records in the parts. */
  static final String REMOVED_BYTES = "removedBytes";
  /** On a part item: its share of the removed records followed by the added ones. */
  static final String CHUNK = "chunk";
  static final String FROM_SERIAL = "fromSerial";
  static final String TO_SERIAL = "toSerial";
  static final String REMOVED = "removed";
  static final String ADDED = "added";
  static final String KEY = "key";
  static final String CLIENT = "client";
  /** The most an entry's item holds before it goes in parts: DynamoDB's limit is 400 KB. */
  static final int ITEM_BYTES = 350_000;

  private JournalItems() {}

  /** The items of {@code commit}'s entry: one, or a head and its parts. */
  static List<Map<String, AttributeValue>> of(ZoneCommit commit) {
    return items(commit, entry(commit));
  }

  /**
   * The journal items of a group: one keyed by the last update's version, each entry in {@link
   * #ENTRIES} as {@link #of} holds one, so that the newest journal keys, where every commit writes,
   * take one item per group; or, when that item would pass {@code maxBytes}, one item per entry.
   * Empty when an entry needs parts: a group is one transaction, and such a change commits alone.
   * Each entry is encoded once.
   */
  static Optional<List<Map<String, AttributeValue>>> ofGroup(List<ZoneCommit> group,
      long maxBytes) {
    List<Map<String, AttributeValue>> entries = group.stream().map(JournalItems::entry).toList();
    ZoneCommit last = group.get(group.size() - 1);
    Map<String, AttributeValue> grouped = key(last);
    grouped.put(VERSION, number(last.head().version()));
    grouped.put(ENTRIES, AttributeValue.fromL(entries.stream().map(AttributeValue::fromM).toList()));
    if (ItemSize.of(grouped) <= maxBytes) {
      return Optional.of(List.of(grouped));
    }
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < group.size(); i++) {
      List<Map<String, AttributeValue>> own = items(group.get(i), entries.get(i));
      if (own.size() > 1) {
        return Optional.empty();
      }
      items.addAll(own);
    }
    return Optional.of(items);
  }

  private static List<Map<String, AttributeValue>> items(ZoneCommit commit,
      Map<String, AttributeValue> entry) {
    Map<String, AttributeValue> item = key(commit);
    item.putAll(entry);
    return ItemSize.of(item) <= ITEM_BYTES ? List.of(item) : inParts(commit, item);
  }

  /** The head (the entry without its records) and the records in parts of at most one item. */
  private static List<Map<String, AttributeValue>> inParts(ZoneCommit commit,
      Map<String, AttributeValue> whole) {
    byte[] removed = whole.remove(REMOVED).b().asByteArray();
    byte[] added = whole.remove(ADDED).b().asByteArray();
    byte[] records = Arrays.copyOf(removed, removed.length + added.length);
    System.arraycopy(added, 0, records, removed.length, added.length);
    int chunk = ITEM_BYTES - 1_000;
    int parts = (records.length + chunk - 1) / chunk;
    whole.put(PARTS, number(parts));
    whole.put(REMOVED_BYTES, number(removed.length));
    List<Map<String, AttributeValue>> items = new ArrayList<>(List.of(whole));
    for (int part = 1; part <= parts; part++) {
      Map<String, AttributeValue> item = new HashMap<>(Keys.key(
          Keys.partition(commit.head().zone()), Keys.journalPartSk(commit.head().version(), part)));
      item.put(ZoneTable.TTL_ATTRIBUTE, whole.get(ZoneTable.TTL_ATTRIBUTE));
      int from = (part - 1) * chunk;
      item.put(CHUNK, AttributeValue.fromB(SdkBytes.fromByteArray(
          Arrays.copyOfRange(records, from, Math.min(records.length, from + chunk)))));
      items.add(item);
    }
    return items;
  }

  private static Map<String, AttributeValue> key(ZoneCommit commit) {
    Map<String, AttributeValue> item = new HashMap<>(
        Keys.key(Keys.partition(commit.head().zone()), Keys.journalSk(commit.head().version())));
    Duration retention = commit.head().settings().journalRetention();
    item.put(ZoneTable.TTL_ATTRIBUTE, number(commit.time().plus(retention).getEpochSecond()));
    return item;
  }

  private static Map<String, AttributeValue> entry(ZoneCommit commit) {
    Map<String, AttributeValue> entry = new HashMap<>();
    ChangeSet changes = commit.changes();
    entry.put(VERSION, number(commit.head().version()));
    entry.put(FROM_SERIAL, number(changes.fromSerial()));
    entry.put(TO_SERIAL, number(changes.toSerial()));
    entry.put(REMOVED, AttributeValue.fromB(SdkBytes.fromByteArray(wire(changes.removed()))));
    entry.put(ADDED, AttributeValue.fromB(SdkBytes.fromByteArray(wire(changes.added()))));
    entry.put(KEY, AttributeValue.fromS(String.valueOf(commit.keyName())));
    entry.put(CLIENT, AttributeValue.fromS(String.valueOf(commit.client())));
    entry.put(TIME, number(commit.time().toEpochMilli()));
    return entry;
  }

  /**
   * Reads journal items in key order, as a query returns them, into entries: a head item in parts
   * gives its entry once its last part has been read.
   */
  static final class Reader {
    private Map<String, AttributeValue> head;
    private final ByteArrayOutputStream parts = new ByteArrayOutputStream();
    private long partsLeft;

    /**
     * The entries {@code item} completes: its own, a group's, or none yet. A part read without its
     * head (TTL deletes items one by one, the head perhaps first) completes nothing.
     */
    List<JournalEntry> read(Map<String, AttributeValue> item) {
      if (partsLeft > 0) {
        parts.writeBytes(item.get(CHUNK).b().asByteArray());
        return --partsLeft > 0 ? List.of() : List.of(assembled());
      }
      if (item.containsKey(CHUNK)) {
        return List.of();
      }
      if (item.containsKey(PARTS)) {
        head = item;
        parts.reset();
        partsLeft = longOf(item, PARTS);
        return List.of();
      }
      AttributeValue entries = item.get(ENTRIES);
      return entries == null ? List.of(toEntry(item))
          : entries.l().stream().map(e -> toEntry(e.m())).toList();
    }

    /** Whether an entry in parts has been begun and not finished. */
    boolean inParts() {
      return partsLeft > 0;
    }

    private JournalEntry assembled() {
      byte[] records = parts.toByteArray();
      int removed = (int) longOf(head, REMOVED_BYTES);
      Map<String, AttributeValue> whole = new HashMap<>(head);
      whole.put(REMOVED, AttributeValue.fromB(SdkBytes.fromByteArray(
          Arrays.copyOfRange(records, 0, removed))));
      whole.put(ADDED, AttributeValue.fromB(SdkBytes.fromByteArray(
          Arrays.copyOfRange(records, removed, records.length))));
      return toEntry(whole);
    }
  }

  private static JournalEntry toEntry(Map<String, AttributeValue> item) {
    ChangeSet changes = new ChangeSet(longOf(item, FROM_SERIAL), longOf(item, TO_SERIAL),
        records(item.get(REMOVED).b().asByteArray()), records(item.get(ADDED).b().asByteArray()));
    return new JournalEntry(longOf(item, VERSION), changes, item.get(KEY).s(),
        item.get(CLIENT).s(), Instant.ofEpochMilli(longOf(item, TIME)));
  }

  /** Records as concatenated uncompressed wire RRs, each with its owner name. */
  private static byte[] wire(List<Record> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Record r : records) {
      out.writeBytes(r.toWire(Section.ANSWER));
    }
    return out.toByteArray();
  }

  private static List<Record> records(byte[] wire) {
    DNSInput in = new DNSInput(wire);
    List<Record> out = new ArrayList<>();
    try {
      while (in.remaining() > 0) {
        Name owner = new Name(in);
        int type = in.readU16();
        int dclass = in.readU16();
        long ttl = in.readU32();
        byte[] rdata = in.readByteArray(in.readU16());
        out.add(rdata.length == 0
            ? Record.newRecord(owner, type, dclass, ttl)
            : Record.newRecord(owner, type, dclass, ttl, rdata));
      }
    } catch (WireParseException e) {
      throw new StoreException("corrupt journal records: " + e.getMessage(), e);
    }
    return out;
  }
}
