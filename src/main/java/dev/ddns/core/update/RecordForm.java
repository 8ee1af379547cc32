package dev.ddns.core.update;

import static dev.ddns.core.update.RecordRules.rdlength;

import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * The form of an UPDATE's records, checked before anything else: every record is of the zone's
 * class IN, or ANY or NONE (<a href="https://www.rfc-editor.org/rfc/rfc2136#section-2.4">RFC
 * 2136 §2.4</a>, §2.5); prerequisites of class ANY or NONE and RRset deletions of class ANY
 * (§2.5.2, §2.5.3) have no rdata. A message that breaks these is malformed as a whole, so it is
 * FORMERR before the zone is even looked up, as BIND rejects it while parsing.
 */
public final class RecordForm {
  private static final Set<Integer> KNOWN_CLASSES = Set.of(DClass.IN, DClass.ANY, DClass.NONE);
  private RecordForm() {}

  public static Verdict check(Message update) {
    for (int section : new int[] {Section.PREREQ, Section.UPDATE}) {
      for (Record rr : update.getSection(section)) {
        if (!KNOWN_CLASSES.contains(rr.getDClass())) {
          return Verdict.fail(Rcode.FORMERR, Prerequisites.describe(rr) + " has class "
              + DClass.string(rr.getDClass()) + "; only IN, ANY and NONE are meaningful");
        }
      }
    }
    for (Record rr : update.getSection(Section.PREREQ)) {
      if ((rr.getDClass() == DClass.ANY || rr.getDClass() == DClass.NONE) && rdlength(rr) != 0) {
        return Verdict.fail(Rcode.FORMERR, "prerequisite " + Prerequisites.describe(rr)
            + " of class " + DClass.string(rr.getDClass()) + " carries rdata");
      }
    }
    for (Record rr : update.getSection(Section.UPDATE)) {
      if (rr.getDClass() == DClass.ANY && rdlength(rr) != 0) {
        return Verdict.fail(Rcode.FORMERR, "RRset deletion " + Prerequisites.describe(rr)
            + " carries rdata");
      }
    }
    return Verdict.OK;
  }
}
