package dev.ddns.core.service;

import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * RFC 6891's rules for the OPT pseudo-record of a request, checked before anything else reads the
 * request: at most one OPT, owned by the root (§6.1.1, §6.1.2), else FORMERR; of a version we
 * implement, 0 (§6.1.3), else BADVERS. dnsjava keeps every OPT it parses and reports the first, so
 * the check walks the additional section itself.
 */
final class EdnsCheck {
  /** The EDNS version this server implements (RFC 6891 §6.1.3). */
  static final int VERSION = 0;

  /** Why a request's OPT is refused, and with which rcode. */
  record Refusal(int rcode, String reason) {}

  private EdnsCheck() {}

  static Optional<Refusal> check(Message request) {
    List<Record> opts = request.getSection(Section.ADDITIONAL).stream()
        .filter(r -> r.getType() == Type.OPT).toList();
    if (opts.size() > 1) {
      return Optional.of(new Refusal(Rcode.FORMERR, "the request holds " + opts.size()
          + " OPT records; RFC 6891 §6.1.1 allows one"));
    }
    if (opts.isEmpty()) {
      return Optional.empty();
    }
    OPTRecord opt = (OPTRecord) opts.get(0);
    if (!opt.getName().equals(Name.root)) {
      return Optional.of(new Refusal(Rcode.FORMERR, "the OPT record is owned by "
          + opt.getName() + "; RFC 6891 §6.1.2 requires the root"));
    }
    if (opt.getVersion() != VERSION) {
      return Optional.of(new Refusal(Rcode.BADVERS, "EDNS version " + opt.getVersion()
          + " is not implemented; this server implements version " + VERSION));
    }
    return Optional.empty();
  }
}
