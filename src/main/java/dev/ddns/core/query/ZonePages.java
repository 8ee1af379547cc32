package dev.ddns.core.query;

import dev.ddns.core.model.Node;
import dev.ddns.core.model.RecordSet;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.query.TransferContinuation.Position;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The messages of a full zone transfer (RFC 5936 §2.2: the SOA, every other record, the SOA again)
 * built from a {@link Position} on, reading the zone in ranges as they are needed rather than all
 * at once, so that a page of a paged transfer reads about what it sends. The messages are packed as
 * {@link ZoneTransfer#pack} packs the whole zone, so the pages of a transfer, each resumed at the
 * first record of its first message, form the same messages as the unpaged transfer.
 *
 * <p>Ranged reads are not pinned to a version: the caller checks that the zone stayed at the
 * version its first page pinned ({@link ZoneReader#currentVersion()}) before sending a page.
 */
public final class ZonePages {
  /** The first ranged read; each next one is twice as large, up to {@link #MAX_READ}. */
  public static final int FIRST_READ = 64;
  public static final int MAX_READ = 1024;

  private enum Phase { LEADING_SOA, NODES, CLOSING_SOA, DONE }

  private final Message query;
  private final ZoneReader zone;
  private final Name apex;
  private final Deque<Node> read = new ArrayDeque<>();
  private Phase phase;
  private SOARecord soa;
  private Name lastRead;
  private boolean rangeEnded;
  private int nextRead = FIRST_READ;
  private Name node;
  private List<Record> records = List.of();
  private int index;

  private ZonePages(Message query, ZoneReader zone, Phase phase) {
    this.query = query;
    this.zone = zone;
    this.apex = zone.head().zone();
    this.phase = phase;
  }

  /** The transfer from its start, the SOA of the zone as read now. */
  public static ZonePages start(Message query, ZoneReader zone) {
    ZonePages pages = new ZonePages(query, zone, Phase.LEADING_SOA);
    pages.fill();
    Node first = pages.read.peekFirst();
    if (first == null || !first.name().equals(pages.apex) || !first.has(Type.SOA)) {
      throw new IllegalStateException("zone " + pages.apex + " has no SOA at its apex");
    }
    pages.soa = soaOf(first);
    pages.enter(pages.read.removeFirst());
    return pages;
  }

  /**
   * The transfer from {@code at}, a position an earlier page of it handed out: the node it names
   * is read again with the nodes after it, and the transfer goes on after its first {@code
   * at.index()} records. Empty when the zone no longer has that position (it changed since).
   */
  public static Optional<ZonePages> resume(Message query, ZoneReader zone, Position at) {
    if (at.node().isEmpty()) {
      ZonePages pages = new ZonePages(query, zone, Phase.CLOSING_SOA);
      pages.rangeEnded = true;
      return Optional.of(pages);
    }
    ZonePages pages = new ZonePages(query, zone, Phase.NODES);
    Name resumeAt = at.node().get();
    List<Node> nodes = zone.nodesFrom(resumeAt, FIRST_READ);
    if (nodes.isEmpty() || !nodes.get(0).name().equals(resumeAt)) {
      return Optional.empty();
    }
    pages.took(nodes, FIRST_READ);
    pages.enter(pages.read.removeFirst());
    if (at.index() > pages.records.size()) {
      return Optional.empty();
    }
    pages.index = at.index();
    return Optional.of(pages);
  }

  /**
   * Where the next message starts: the node of the last record taken and the index after it (which
   * may be the node's end), or the closing SOA. Never asked before the first message, which every
   * first page sends.
   */
  public Position position() {
    return switch (phase) {
      case LEADING_SOA -> throw new IllegalStateException("the transfer has not started");
      case NODES -> Position.record(node, index);
      case CLOSING_SOA, DONE -> Position.closing();
    };
  }

  /** True until the closing SOA was taken. */
  public boolean hasNext() {
    return phase != Phase.DONE;
  }

  /** The next message, answering the query; empty after the closing SOA. */
  public Optional<Message> next() {
    if (peek().isEmpty()) {
      return Optional.empty();
    }
    Message message = ZoneTransfer.start(query);
    int size = 0;
    for (Optional<Record> r = peek(); r.isPresent(); r = peek()) {
      int length = ZoneTransfer.length(r.get());
      if (size > 0 && size + length > ZoneTransfer.MESSAGE_BUDGET) {
        break;
      }
      message.addRecord(r.get(), Section.ANSWER);
      size += length;
      advance();
    }
    return Optional.of(message);
  }

  private Optional<Record> peek() {
    while (true) {
      switch (phase) {
        case LEADING_SOA -> {
          return Optional.of(soa);
        }
        case NODES -> {
          if (index < records.size()) {
            return Optional.of(records.get(index));
          }
          if (!nextNode()) {
            phase = Phase.CLOSING_SOA;
          }
        }
        case CLOSING_SOA -> {
          return Optional.of(closingSoa());
        }
        default -> {
          return Optional.empty();
        }
      }
    }
  }

  private void advance() {
    switch (phase) {
      case LEADING_SOA -> phase = Phase.NODES;
      case NODES -> index++;
      case CLOSING_SOA -> phase = Phase.DONE;
      default -> throw new IllegalStateException("the transfer has ended");
    }
  }

  /** Moves to the next node with records to send; false when the zone has no more. */
  private boolean nextNode() {
    if (read.isEmpty()) {
      fill();
    }
    if (read.isEmpty()) {
      return false;
    }
    enter(read.removeFirst());
    return true;
  }

  private void enter(Node next) {
    node = next.name();
    records = transferred(next);
    index = 0;
  }

  /** Reads the next range of nodes after the last one read, unless the zone's range ended. */
  private void fill() {
    if (rangeEnded) {
      return;
    }
    if (lastRead == null) {
      took(zone.nodesFrom(apex, nextRead), nextRead);
      return;
    }
    List<Node> nodes = zone.nodesFrom(lastRead, nextRead + 1);
    int asked = nextRead + 1;
    if (!nodes.isEmpty() && nodes.get(0).name().equals(lastRead)) {
      nodes = nodes.subList(1, nodes.size());
      asked--;
    }
    took(nodes, asked);
  }

  private void took(List<Node> nodes, int asked) {
    read.addAll(nodes);
    rangeEnded = nodes.size() < asked;
    if (!nodes.isEmpty()) {
      lastRead = nodes.get(nodes.size() - 1).name();
    }
    nextRead = Math.min(MAX_READ, nextRead * 2);
  }

  /** The closing SOA: the one the leading SOA was, or the apex's at the pinned version. */
  private SOARecord closingSoa() {
    if (soa == null) {
      Node top = zone.node(apex).filter(n -> n.has(Type.SOA)).orElseThrow(
          () -> new IllegalStateException("zone " + apex + " has no SOA at its apex"));
      soa = soaOf(top);
    }
    return soa;
  }

  /** The records of {@code node} a transfer sends in its body: all but the apex SOA. */
  static List<Record> transferred(Node node) {
    List<Record> out = new ArrayList<>();
    for (RecordSet set : node.rrsets()) {
      if (set.type() != Type.SOA) {
        out.addAll(set.records());
      }
    }
    return out;
  }

  private static SOARecord soaOf(Node apexNode) {
    return (SOARecord) apexNode.rrset(Type.SOA).orElseThrow().records().get(0);
  }
}
