package dev.ddns.core.port;

import dev.ddns.core.model.Node;
import dev.ddns.core.model.ZoneHead;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.xbill.DNS.Name;

/** A view of one zone, from a store. */
public interface ZoneReader extends ReadableZone {

  ZoneHead head();

  @Override
  default Name apex() {
    return head().zone();
  }

  /** Up to {@code limit} nodes strictly below {@code name}, in canonical order. */
  List<Node> nodesBelow(Name name, int limit);

  @Override
  default boolean hasDescendants(Name name) {
    return !nodesBelow(name, 1).isEmpty();
  }

  /** Every node with data in canonical order (RFC 4034 §6.1), apex first, all at one serial. */
  Stream<Node> nodes();

  /**
   * Up to {@code limit} nodes from {@code first} on ({@code first} itself when it owns records), in
   * the order of {@link #nodes()}: a ranged read of the live zone, not pinned to any version. A
   * reader that needs one version checks {@link #currentVersion()} after it, as paged transfers do.
   */
  List<Node> nodesFrom(Name first, int limit);

  /**
   * The zone's version as stored now, read again rather than {@link #head()}'s; empty when the zone
   * is gone. Every commit moves it, so the same value before and after ranged reads means they saw
   * that one version.
   */
  OptionalLong currentVersion();
}
