package dev.ddns.core.port;

import dev.ddns.core.model.Node;
import dev.ddns.core.model.ZoneHead;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.xbill.DNS.Name;

/**
 * The reader an update is evaluated on ({@link ZoneStore#readForUpdate}): the head and the nodes
 * read with it at one version, each name read once and remembered, and every later read made at
 * that version or failing with {@link ConcurrentChange}. What is shared by every store; each
 * supplies how it reads at the pinned version.
 */
public abstract class PinnedReader implements ZoneReader {
  private final ZoneHead head;
  private final Map<Name, Optional<Node>> read;

  /**
   * @param head the head read with the nodes
   * @param read the nodes read with it, by name (empty where a name owns nothing); names read
   *     later are added
   */
  protected PinnedReader(ZoneHead head, Map<Name, Optional<Node>> read) {
    this.head = head;
    this.read = read;
  }

  @Override
  public final ZoneHead head() {
    return head;
  }

  @Override
  public final Optional<Node> node(Name name) {
    Optional<Node> known = read.get(name);
    if (known != null) {
      return known;
    }
    if (!name.subdomain(head.zone())) {
      return Optional.empty();
    }
    Optional<Node> node = nodeAtVersion(name);
    read.put(name, node);
    return node;
  }

  /**
   * The node at {@code name}, in the zone, as of {@link #head()}'s version.
   *
   * @throws ConcurrentChange when the zone has moved on from that version
   */
  protected abstract Optional<Node> nodeAtVersion(Name name);

  /** Fails with {@link ConcurrentChange} unless the zone is still at the pinned version. */
  protected final void requireUnchanged() {
    requireVersion(currentVersion());
  }

  /**
   * Fails with {@link ConcurrentChange} unless {@code version}, the zone's as read now, is the
   * pinned one; empty means the zone is gone.
   */
  protected final void requireVersion(OptionalLong version) {
    if (version.isEmpty() || version.getAsLong() != head.version()) {
      throw new ConcurrentChange("zone " + head.zone() + " changed during the update");
    }
  }
}
