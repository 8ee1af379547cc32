package dev.ddns.core.service;

import dev.ddns.core.model.Node;
import dev.ddns.core.model.ZoneCommit;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.port.ZoneReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.xbill.DNS.Name;

/**
 * The zone a group's updates leave so far (docs/architecture.md, "Group commit"): the reader the
 * group was read on, with the nodes and the head of every update evaluated before laid over it,
 * so that each update is evaluated on the result of the ones before it, as if they had
 * committed one at a time.
 */
final class GroupView implements ZoneReader {
  private final ZoneReader read;
  private final NavigableMap<Name, Node> changed = new TreeMap<>();
  private ZoneHead head;

  GroupView(ZoneReader read) {
    this.read = read;
    this.head = read.head();
  }

  /** Lays {@code commit}, evaluated on this view, over it. */
  void apply(ZoneCommit commit) {
    commit.nodes().forEach(node -> changed.put(node.name(), node));
    head = commit.head();
  }

  @Override
  public ZoneHead head() {
    return head;
  }

  @Override
  public Optional<Node> node(Name name) {
    Node node = changed.get(name);
    if (node == null) {
      return read.node(name);
    }
    return node.isEmpty() ? Optional.empty() : Optional.of(node);
  }

  @Override
  public List<Node> nodesBelow(Name name, int limit) {
    NavigableMap<Name, Node> below = new TreeMap<>();
    read.nodesBelow(name, limit + changed.size()).forEach(n -> below.put(n.name(), n));
    changed.forEach((n, node) -> {
      if (n.subdomain(name) && !n.equals(name)) {
        below.put(n, node);
      }
    });
    return first(below, limit);
  }

  @Override
  public Stream<Node> nodes() {
    NavigableMap<Name, Node> all = new TreeMap<>();
    read.nodes().forEach(n -> all.put(n.name(), n));
    all.putAll(changed);
    return first(all, Integer.MAX_VALUE).stream();
  }

  @Override
  public List<Node> nodesFrom(Name first, int limit) {
    NavigableMap<Name, Node> from = new TreeMap<>();
    read.nodesFrom(first, limit + changed.size()).forEach(n -> from.put(n.name(), n));
    from.putAll(changed.tailMap(first, true));
    return first(from, limit);
  }

  /** The stored version: the group's updates are not stored yet. */
  @Override
  public OptionalLong currentVersion() {
    return read.currentVersion();
  }

  /**
   * The first {@code limit} nodes with data of {@code nodes}: a node an update emptied is gone.
   * The reads above fetch {@code changed.size()} more than asked, so that many empties cannot
   * leave fewer than {@code limit} where the store had them.
   */
  private static List<Node> first(NavigableMap<Name, Node> nodes, int limit) {
    List<Node> out = new ArrayList<>();
    for (Map.Entry<Name, Node> e : nodes.entrySet()) {
      if (out.size() == limit) {
        break;
      }
      if (!e.getValue().isEmpty()) {
        out.add(e.getValue());
      }
    }
    return out;
  }
}
