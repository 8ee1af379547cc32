package dev.ddns.core.service;

import dev.ddns.core.model.Node;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.update.Verdict;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * What a catalog zone (<a href="https://www.rfc-editor.org/rfc/rfc9432">RFC 9432</a>, schema
 * version 2) holds, and the update records that list and unlist a member: the rules, with no
 * store behind them ({@link CatalogMembership} writes them). docs/secondaries.md, "Catalog
 * zones".
 */
public final class CatalogZone {
  /** The catalog a zone joins unless told otherwise; {@code .invalid} never resolves (RFC 2606). */
  public static final Name DEFAULT_NAME = Name.fromConstantString("catalog.invalid.");
  /** RFC 9432 §4.2.1: the schema version this catalog speaks. */
  static final String VERSION = "2";
  /**
   * Keys may change nothing in a catalog: its members are what the zone commands made, written by
   * the server itself; the catalog decides which zones the consumers serve (RFC 9432 §7).
   */
  static final String POLICY_TEXT = "deny * zonesub ANY";
  static final List<String> POLICY = List.of(POLICY_TEXT);
  private static final Name INVALID = Name.fromConstantString("invalid.");
  private static final Name ZONES = Name.fromConstantString("zones");
  private static final Name VERSION_LABEL = Name.fromConstantString("version");
  /** RFC 9432 §4.1 leaves TTLs undefined; its examples use 0. */
  private static final long MEMBER_TTL = 0;
  private static final long APEX_TTL = 3600;
  private static final int UNIQUE_ID_BYTES = 8;
  /**
   * SOA expire, four weeks: a consumer that cannot reach the relay for that long stops serving
   * the catalog, so it is longer than a member's default week.
   */
  private static final long EXPIRE = 2_419_200;
  /** SOA minimum: a consumer caches no negative answer from the catalog. */
  private static final long MINIMUM = 0;

  private CatalogZone() {}

  /** The head of a new catalog {@code catalog}: serial 1, and keys may not update it. */
  static ZoneHead initialHead(Name catalog) {
    return new ZoneHead(catalog, 0, 1,
        ZoneSettings.of(SerialPolicy.INCREMENT).withUpdatePolicy(POLICY));
  }

  /**
   * The nodes of a new catalog {@code catalog}: the SOA, one NS {@code invalid.} (RFC 9432 §4
   * recommends it; consumers ignore it), and {@code version TXT "2"} (§4.2.1).
   */
  static List<Node> initialNodes(Name catalog) {
    Node apex = Node.of(catalog, List.of(
        new SOARecord(catalog, DClass.IN, APEX_TTL, INVALID, INVALID, 1, 3600, 900, EXPIRE,
            MINIMUM),
        new NSRecord(catalog, DClass.IN, APEX_TTL, INVALID)));
    Name versionName = concatenate(VERSION_LABEL, catalog);
    Node version = Node.of(versionName,
        List.of(new TXTRecord(versionName, DClass.IN, MEMBER_TTL, VERSION)));
    return List.of(apex, version);
  }

  /**
   * The member node of a new member of {@code catalog}: {@code <unique-id>.zones.<catalog>} (RFC
   * 9432 §4.1), the id 64 random bits in hex, so that a zone made again gets another id.
   */
  public static Name newMemberNode(Name catalog, RandomGenerator random) {
    byte[] id = new byte[UNIQUE_ID_BYTES];
    random.nextBytes(id);
    return memberNode(catalog, HexFormat.of().formatHex(id));
  }

  /** {@code <uniqueId>.zones.<catalog>}. */
  public static Name memberNode(Name catalog, String uniqueId) {
    Name zones = concatenate(ZONES, catalog);
    try {
      Name node = Name.fromString(uniqueId, zones);
      if (node.labels() != zones.labels() + 1) {
        throw new IllegalArgumentException("not one label: " + uniqueId);
      }
      return node;
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a label: " + uniqueId, e);
    }
  }

  /** The catalog that {@code memberNode} is a member node of, if it is one (two labels below). */
  public static Optional<Name> catalogOf(Name memberNode) {
    if (memberNode.labels() < 4) {
      return Optional.empty();
    }
    Name catalog = new Name(memberNode, 2);
    return memberNode.equals(memberNode(catalog, memberNode.getLabelString(0)))
        ? Optional.of(catalog) : Optional.empty();
  }

  /** The member node written as a zone's setting ({@link ZoneSettings#catalogMember()}). */
  public static Optional<Name> memberNodeOf(ZoneSettings settings) {
    if (settings.catalogMember().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Name.fromConstantString(settings.catalogMember()));
  }

  /**
   * Whether {@code member} may be listed in {@code catalog}: not the catalog itself, nor a name
   * inside it, where it would be catalog data.
   */
  public static Verdict checkMember(Name catalog, Name member) {
    if (member.subdomain(catalog)) {
      return Verdict.fail(Rcode.REFUSED, "zone " + member + " is "
          + (member.equals(catalog) ? "the catalog zone" : "inside the catalog zone " + catalog)
          + " and cannot be its member");
    }
    return Verdict.OK;
  }

  /**
   * Whether {@code reader}'s zone is a catalog of this schema: a {@code version} TXT RRset with
   * "2" in one of its records (RFC 9432 §4.2.1). Members are never added to another zone.
   */
  static Verdict checkCatalog(ZoneReader reader) {
    Name catalog = reader.head().zone();
    boolean version = reader.node(concatenate(VERSION_LABEL, catalog))
        .flatMap(n -> n.rrset(Type.TXT)).stream()
        .flatMap(set -> set.records().stream())
        .anyMatch(r -> ((TXTRecord) r).getStrings().equals(List.of(VERSION)));
    return version ? Verdict.OK : Verdict.fail(Rcode.REFUSED, "zone " + catalog
        + " is not a catalog zone (it has no version." + catalog + " TXT \"" + VERSION
        + "\", RFC 9432 §4.2.1)");
  }

  /** Whether {@code reader}'s zone is a catalog zone ({@link #checkCatalog}). */
  public static boolean isCatalog(ZoneReader reader) {
    return checkCatalog(reader).ok();
  }

  /**
   * Whether {@code reader}'s zone may get another update policy: not when it is a catalog, whose
   * policy {@value #POLICY_TEXT} keeps every key from changing which zones the consumers serve
   * and from where (RFC 9432 §7); only {@link CatalogMembership} changes it.
   */
  public static Verdict checkPolicyChange(ZoneReader reader) {
    return isCatalog(reader) ? Verdict.fail(Rcode.REFUSED, "zone " + reader.head().zone()
        + " is a catalog zone: its update policy stays '" + POLICY_TEXT + "', so that no key "
        + "may change it (docs/secondaries.md, \"Catalog zones\")") : Verdict.OK;
  }

  /**
   * The zones {@code reader}'s catalog lists: the PTR target of each member node {@code
   * <unique-id>.zones.<catalog>} (§4.1), in the catalog's order.
   */
  public static List<Name> members(ZoneReader reader) {
    Name catalog = reader.head().zone();
    return reader.nodes()
        .filter(n -> catalogOf(n.name()).filter(catalog::equals).isPresent())
        .flatMap(n -> n.rrset(Type.PTR).stream())
        .flatMap(set -> set.records().stream())
        .map(r -> ((PTRRecord) r).getTarget())
        .toList();
  }

  /** The update records that list {@code member} at {@code memberNode}: its one PTR (§4.1). */
  static List<Record> listing(Name memberNode, Name member) {
    return List.of(new PTRRecord(memberNode, DClass.IN, MEMBER_TTL, member));
  }

  /**
   * The update records that unlist the member at {@code memberNode}: every RRset there is
   * deleted (RFC 2136 §2.5.3), the PTR and any property of the node itself.
   */
  static List<Record> unlisting(Name memberNode) {
    return List.of(Record.newRecord(memberNode, Type.ANY, DClass.ANY, 0));
  }

  /** RFC 2136 §2.4.5 "name is not in use": a new member node must be new. */
  static Record unused(Name memberNode) {
    return Record.newRecord(memberNode, Type.ANY, DClass.NONE, 0);
  }

  private static Name concatenate(Name prefix, Name suffix) {
    try {
      return Name.concatenate(prefix, suffix);
    } catch (org.xbill.DNS.NameTooLongException e) {
      throw new IllegalArgumentException(prefix + " under " + suffix + " is too long", e);
    }
  }
}
