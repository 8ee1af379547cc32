package dev.ddns.core.port;

import dev.ddns.core.model.Node;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * What a name lookup reads (docs/architecture.md, "One lookup"): the apex, the node at a name and
 * whether names exist below it. A store's {@link ZoneReader} is one; an update's working copy,
 * the store's nodes with the update's changes laid over them, is another.
 */
public interface ReadableZone {

  Name apex();

  /** The node at {@code name}; empty when the name owns no records. */
  Optional<Node> node(Name name);

  /** True when some name strictly below {@code name} owns records (RFC 8020 empty non-terminals). */
  boolean hasDescendants(Name name);
}
