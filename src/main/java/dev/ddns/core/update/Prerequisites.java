package dev.ddns.core.update;

import static dev.ddns.core.update.RecordRules.inZone;
import static dev.ddns.core.update.RecordRules.rdlength;

import dev.ddns.core.model.RecordSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The prerequisite section, <a href="https://www.rfc-editor.org/rfc/rfc2136#section-3.2">RFC 2136
 * §3.2</a>: every RR is checked in order and the first failure is the answer; value-dependent
 * prerequisites (§2.4.2) are compared as whole RRsets after all others passed.
 */
final class Prerequisites {
  private Prerequisites() {}

  static Verdict check(List<Record> prerequisites, WorkingZone zone) {
    Map<RRsetKey, List<Record>> valueDependent = new LinkedHashMap<>();
    for (Record rr : prerequisites) {
      Verdict v = checkOne(rr, zone, valueDependent);
      if (!v.ok()) {
        return v;
      }
    }
    return checkValueDependent(valueDependent, zone);
  }

  private record RRsetKey(Name name, int type) {}

  private static Verdict checkOne(Record rr, WorkingZone zone, Map<RRsetKey, List<Record>> temp) {
    // RFC 2136 §3.2.1: TTL must be zero, name must be in the zone.
    if (rr.getTTL() != 0) {
      return Verdict.fail(Rcode.FORMERR, "prerequisite " + describe(rr) + " has a nonzero TTL");
    }
    if (!inZone(rr.getName(), zone.apex())) {
      return Verdict.fail(Rcode.NOTZONE, "prerequisite name " + rr.getName()
          + " is outside zone " + zone.apex());
    }
    return switch (rr.getDClass()) {
      case DClass.ANY -> rdlength(rr) != 0 ? formerr(rr) : existence(rr, zone);
      case DClass.NONE -> rdlength(rr) != 0 ? formerr(rr) : nonExistence(rr, zone);
      case DClass.IN -> collect(rr, temp);
      default -> Verdict.fail(Rcode.FORMERR, "prerequisite " + describe(rr) + " has class "
          + DClass.string(rr.getDClass()));
    };
  }

  private static Verdict formerr(Record rr) {
    return Verdict.fail(Rcode.FORMERR, "prerequisite " + describe(rr) + " carries rdata");
  }

  /** RFC 2136 §2.4.4 (name is in use) and §2.4.1 (RRset exists, value independent). */
  private static Verdict existence(Record rr, WorkingZone zone) {
    if (rr.getType() == Type.ANY) {
      return zone.nameInUse(rr.getName()) ? Verdict.OK
          : Verdict.fail(Rcode.NXDOMAIN, "prerequisite failed: name " + rr.getName()
              + " is not in use");
    }
    return zone.rrset(rr.getName(), rr.getType()).isPresent() ? Verdict.OK
        : Verdict.fail(Rcode.NXRRSET, "prerequisite failed: no " + describe(rr) + " RRset");
  }

  /** RFC 2136 §2.4.5 (name is not in use) and §2.4.3 (RRset does not exist). */
  private static Verdict nonExistence(Record rr, WorkingZone zone) {
    if (rr.getType() == Type.ANY) {
      return zone.nameInUse(rr.getName())
          ? Verdict.fail(Rcode.YXDOMAIN, "prerequisite failed: name " + rr.getName()
              + " is in use")
          : Verdict.OK;
    }
    return zone.rrset(rr.getName(), rr.getType()).isPresent()
        ? Verdict.fail(Rcode.YXRRSET, "prerequisite failed: " + describe(rr) + " RRset exists")
        : Verdict.OK;
  }

  /** RFC 2136 §2.4.2: RRset exists (value dependent), collected per name and type. */
  private static Verdict collect(Record rr, Map<RRsetKey, List<Record>> temp) {
    temp.computeIfAbsent(new RRsetKey(rr.getName(), rr.getType()), k -> new ArrayList<>()).add(rr);
    return Verdict.OK;
  }

  /** RFC 2136 §3.2.3: each collected RRset must equal the zone's RRset, rdata for rdata. */
  private static Verdict checkValueDependent(Map<RRsetKey, List<Record>> temp, WorkingZone zone) {
    for (Map.Entry<RRsetKey, List<Record>> e : temp.entrySet()) {
      Optional<RecordSet> actual = zone.rrset(e.getKey().name(), e.getKey().type());
      if (actual.isEmpty() || !actual.get().sameRdata(e.getValue())) {
        return Verdict.fail(Rcode.NXRRSET, "prerequisite failed: " + e.getKey().name() + "/"
            + Type.string(e.getKey().type()) + " RRset differs");
      }
    }
    return Verdict.OK;
  }

  static String describe(Record rr) {
    return rr.getName() + "/" + Type.string(rr.getType());
  }
}
