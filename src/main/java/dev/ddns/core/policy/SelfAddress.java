package dev.ddns.core.policy;

import dev.ddns.core.model.IpAddress;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;

/**
 * What a {@code self-address} rule lets a client change (docs/policy.md): A and AAAA records
 * whose data is its own address, at any name under the rule's name, and the PTR records at its
 * own reverse name ({@code in-addr.arpa.} or {@code ip6.arpa.}, RFC 3596 §2.5). BIND's {@code
 * tcp-self} gives the reverse name only; forward names are what DHCP and Windows clients
 * register.
 */
final class SelfAddress {
  /** The types a self-address rule covers, and its types when the rule lists none. */
  static final Set<Integer> TYPES = Set.of(Type.A, Type.AAAA, Type.PTR);

  private SelfAddress() {}

  /** The reverse name of {@code address}: {@code 4.3.2.1.in-addr.arpa.}, or 32 nibbles of {@code ip6.arpa.}. */
  static Name reverseName(IpAddress address) {
    return ReverseMap.fromAddress(address.bytes());
  }

  /** True when a self-address rule can cover {@code type} records at {@code target} for {@code own}. */
  static boolean coversName(IpAddress own, Name target, int type) {
    return type == Type.PTR ? target.equals(reverseName(own)) : isAddressType(own, type);
  }

  /**
   * True when the update RR {@code rr}, changing records of {@code type}, changes only records
   * that hold {@code own}, RFC 2136 §2.5: an addition (§2.5.1) or the deletion of one RR
   * (§2.5.4) whose data is {@code own}; the deletion of an RRset (§2.5.2) or of all RRsets of a
   * name (§2.5.3) when {@code current}, the RRset as it is, holds no other address. PTR records
   * at the own reverse name may hold any data.
   */
  static boolean changesOnlyOwn(IpAddress own, Record rr, int type, List<Record> current) {
    if (type == Type.PTR) {
      return true;
    }
    if (rr.getDClass() == DClass.ANY) {
      return current.stream().allMatch(r -> holds(r, own));
    }
    return holds(rr, own);
  }

  private static boolean isAddressType(IpAddress own, int type) {
    return type == (own.isV4() ? Type.A : Type.AAAA);
  }

  private static boolean holds(Record rr, IpAddress own) {
    return isAddressType(own, rr.getType())
        && IpAddress.of(rr.rdataToWireCanonical()).equals(own);
  }
}
