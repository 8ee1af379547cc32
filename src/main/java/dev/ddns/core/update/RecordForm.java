package dev.ddns.core.update;

import static dev.ddns.core.update.RecordRules.rdlength;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * The form of an UPDATE's records, checked before anything else: prerequisites of class ANY or
 * NONE (<a href="https://www.rfc-editor.org/rfc/rfc2136#section-2.4">RFC 2136 §2.4</a>) and
 * RRset deletions of class ANY (§2.5.2, §2.5.3) have no rdata. Such a message is malformed as a
 * whole, so it is FORMERR before the zone is even looked up, as BIND rejects it while parsing.
 * (Records of another class, such as CH, are the prescan's business, after the zone lookup.)
 */
public final class RecordForm {
  private RecordForm() {}

  public static Verdict check(Message update) {
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
