package dev.ddns.core.service;

import dev.ddns.core.model.ReplayRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * Which waiting changes of a zone commit together (docs/architecture.md, "Group commit"): the
 * oldest first, then the others in the order they came, as long as the group's reads and writes
 * fit in one transaction of the store and no two of them are copies of one signed request.
 */
final class Group {
  /**
   * Items a group may read and write besides the head and the apex: DynamoDB's 100 items per
   * transaction, the smallest of the stores. A change counts its names, its journal entry and its
   * replay record.
   */
  static final int ITEMS = 98;

  private Group() {}

  /**
   * Takes the next group of {@code zone} out of {@code waiting}: at least its oldest change. Looks
   * no further once the group is full; a change costs at least one item.
   */
  static List<ZoneWriter.Pending> take(Queue<ZoneWriter.Pending> waiting, Name zone) {
    List<ZoneWriter.Pending> group = new ArrayList<>();
    int items = 0;
    for (Iterator<ZoneWriter.Pending> it = waiting.iterator(); it.hasNext() && items < ITEMS; ) {
      ZoneWriter.Pending p = it.next();
      if (!p.zone.equals(zone)) {
        continue;
      }
      int cost = p.names.size() + 1 + (p.replay.isPresent() ? 1 : 0);
      if (!group.isEmpty() && (items + cost > ITEMS || copies(group, p))) {
        continue;
      }
      it.remove();
      group.add(p);
      items += cost;
    }
    return group;
  }

  /** Every name the changes of {@code group} touch. */
  static Set<Name> names(List<ZoneWriter.Pending> group) {
    Set<Name> names = new LinkedHashSet<>();
    group.forEach(p -> names.addAll(p.names));
    return names;
  }

  private static boolean copies(List<ZoneWriter.Pending> group, ZoneWriter.Pending p) {
    return p.replay.isPresent() && group.stream().anyMatch(q -> q.replay.isPresent()
        && sameRequest(q.replay.get(), p.replay.get()));
  }

  private static boolean sameRequest(ReplayRecord a, ReplayRecord b) {
    return a.key().equals(b.key()) && Arrays.equals(a.mac(), b.mac());
  }
}
