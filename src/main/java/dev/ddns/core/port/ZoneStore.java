package dev.ddns.core.port;

import dev.ddns.core.model.Node;
import dev.ddns.core.model.ZoneCommit;
import dev.ddns.core.model.ZoneHead;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * Where zones live. Implementations: the in-memory reference store and the DynamoDB store. Every
 * method may throw {@link StoreException} for an infrastructure failure; the service turns that
 * into SERVFAIL with nothing applied.
 */
public interface ZoneStore {

  /** The served zone that is {@code name} itself or its closest enclosing zone, if any. */
  Optional<Name> findZone(Name name);

  /** A read view of the zone for queries and transfers, or empty when it is not served. */
  Optional<ZoneReader> open(Name zone);

  /**
   * A consistent view of the head and of the nodes {@code names} for evaluating an update (the
   * apex is always included); empty when the zone is not served.
   */
  Optional<ZoneReader> readForUpdate(Name zone, Set<Name> names);

  /** Stores the update when the head still has the expected version. */
  CommitResult commit(ZoneCommit commit);

  /** Creates a zone with its head and nodes; fails when it exists. */
  void create(ZoneHead head, Collection<Node> nodes);

  /** The served zones, in canonical order. */
  List<Name> zones();

  /** Removes a zone and all its data; false when it did not exist. */
  boolean delete(Name zone);
}
