package dev.ddns.adapter.dynamodb;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.xbill.DNS.Name;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Item keys of the zone table (docs/architecture.md, "Data model"). Every item of a zone shares the
 * partition {@code Z#<zone>} (lowercase presentation); the sort key tells the kind: {@code HEAD},
 * {@code N#<name sort key>} for nodes, {@code J#<version>} for journal entries. The staged nodes
 * of a large commit ({@link StagedCommit}) live outside the zone's partition, spread over {@value
 * #STAGING_SHARDS} partitions of their own: {@code S#<zone>#<version>#<token>#<shard>}, sort key
 * the node's, so that staging them takes none of the zone partition's write throughput.
 *
 * <p>The name sort key is the name's labels relative to the zone, reversed, each lowercased in
 * dnsjava presentation form, joined by U+0001, which sorts below every character of a presentation
 * label; the apex has the empty key. A subtree is therefore one contiguous key range, and the
 * order is RFC 4034 §6.1 canonical order for names of letters, digits, hyphens and underscores;
 * labels that need presentation escapes ({@code \.}, {@code \DDD}) may sort differently among their
 * siblings, never outside their parent's range.
 *
 * <p>Journal entries are keyed by the zone version, zero-padded to 19 digits, not by the SOA serial
 * as the first sketch said: versions only grow, while serials wrap (RFC 1982) and may jump under the
 * unixtime and date policies, so the version keeps the journal in commit order.
 */
final class Keys {
  static final String PK = "pk";
  static final String SK = "sk";
  static final String HEAD = "HEAD";
  static final String NODE_PREFIX = "N#";
  static final String JOURNAL_PREFIX = "J#";
  static final String NOTIFY_PREFIX = "T#";
  static final String STAGED_PREFIX = "S#";
  /** Partitions one large commit's staged nodes are spread over. */
  static final int STAGING_SHARDS = 8;
  static final char SEPARATOR = '\u0001';

  private Keys() {}

  static String partition(Name zone) {
    return "Z#" + zone.toString().toLowerCase(Locale.ROOT);
  }

  /** The name sort key of {@code name} in {@code zone}; {@code name} must be at or below it. */
  static String nameKey(Name zone, Name name) {
    int relative = name.labels() - zone.labels();
    StringBuilder key = new StringBuilder();
    for (int i = relative - 1; i >= 0; i--) {
      if (key.length() > 0) {
        key.append(SEPARATOR);
      }
      key.append(name.getLabelString(i).toLowerCase(Locale.ROOT));
    }
    return key.toString();
  }

  static String nodeSk(Name zone, Name name) {
    return NODE_PREFIX + nameKey(zone, name);
  }

  /** The prefix every node strictly below {@code name} has (for the apex: every node but it). */
  static String belowPrefix(Name zone, Name name) {
    String key = nameKey(zone, name);
    return NODE_PREFIX + (key.isEmpty() ? "" : key + SEPARATOR);
  }

  static String journalSk(long version) {
    return String.format(Locale.ROOT, "%s%019d", JOURNAL_PREFIX, Math.max(0, version));
  }

  /**
   * Part {@code part} (from 1) of the journal entry of {@code version} stored in parts: after the
   * entry's own key and before the next version's, in key order.
   */
  static String journalPartSk(long version, int part) {
    return String.format(Locale.ROOT, "%s#%05d", journalSk(version), part);
  }

  /**
   * The name of one attempt at a large commit to {@code version} of {@code zone}, the stem of its
   * staging partitions: {@code token} tells attempts at the same version apart, so that a losing
   * attempt's leftovers never mix with another's.
   */
  static String stagingPrefix(Name zone, long version, String token) {
    return String.format(Locale.ROOT, "%s%s#%019d#%s", STAGED_PREFIX,
        zone.toString().toLowerCase(Locale.ROOT), Math.max(0, version), token);
  }

  /** The staging partitions of the commit {@code prefix}. */
  static List<String> stagingPartitions(String prefix) {
    return IntStream.range(0, STAGING_SHARDS).mapToObj(shard -> prefix + "#" + shard).toList();
  }

  /** The key of the staged form of the node {@code nodeSk} in the commit {@code prefix}. */
  static Map<String, AttributeValue> stagedKey(String prefix, String nodeSk) {
    return key(prefix + "#" + Math.floorMod(nodeSk.hashCode(), STAGING_SHARDS), nodeSk);
  }

  /** The sort key of the last NOTIFY outcome of {@code target}. */
  static String notifySk(String target) {
    return NOTIFY_PREFIX + target;
  }

  static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of(PK, AttributeValue.fromS(pk), SK, AttributeValue.fromS(sk));
  }

  static Map<String, AttributeValue> headKey(Name zone) {
    return key(partition(zone), HEAD);
  }
}
