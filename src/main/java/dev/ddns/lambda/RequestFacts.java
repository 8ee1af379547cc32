package dev.ddns.lambda;

import dev.ddns.core.service.DnsResponse;
import dev.ddns.core.wire.WireShape;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIGRecord;

/**
 * What one request and its answer were, read back from the wire messages for the request log: the
 * opcode, the zone (the question, or an UPDATE's zone section, <a
 * href="https://www.rfc-editor.org/rfc/rfc2136#section-2.3">RFC 2136 §2.3</a>), the TSIG key name
 * (never its secret or MAC), the answer's rcode, TSIG error (<a
 * href="https://www.rfc-editor.org/rfc/rfc8945#section-5.3">RFC 8945 §5.3</a>) and Extended DNS
 * Error text (<a href="https://www.rfc-editor.org/rfc/rfc8914">RFC 8914</a>), and for an applied
 * UPDATE the number of distinct owner names it changed. A retransmitted UPDATE that the store
 * answers from its replay record looks the same on the wire and counts again.
 */
record RequestFacts(
    String opcode,
    Optional<String> zone,
    Optional<String> key,
    String rcode,
    Optional<String> tsigError,
    Optional<String> extendedError,
    int namesChanged) {
  /** The rcode when the service gave no answer (a response, or shorter than a header). */
  static final String NO_ANSWER = "NONE";
  /** The opcode when the request is not a DNS message at all. */
  static final String UNPARSABLE = "UNPARSABLE";

  static RequestFacts of(byte[] request, DnsResponse response) {
    Optional<Message> query = parse(request);
    Optional<Message> answer = response.isEmpty() ? Optional.empty()
        : parse(response.messages().get(0));
    String rcode = answer.map(m -> Rcode.string(m.getRcode())).orElse(NO_ANSWER);
    return new RequestFacts(
        query.map(m -> Opcode.string(m.getHeader().getOpcode())).orElseGet(() -> opcode(request)),
        query.map(Message::getQuestion).map(q -> q.getName().toString()),
        query.map(Message::getTSIG).map(t -> t.getName().toString()),
        rcode,
        answer.map(Message::getTSIG).map(TSIGRecord::getError).filter(e -> e != Rcode.NOERROR)
            .map(Rcode::TSIGstring),
        answer.flatMap(RequestFacts::extendedError),
        query.filter(m -> m.getHeader().getOpcode() == Opcode.UPDATE)
            .filter(m -> rcode.equals(Rcode.string(Rcode.NOERROR)))
            .map(RequestFacts::ownerNames).orElse(0));
  }

  boolean isAppliedUpdate() {
    return opcode.equals(Opcode.string(Opcode.UPDATE)) && rcode.equals(Rcode.string(Rcode.NOERROR));
  }

  private static Optional<Message> parse(byte[] wire) {
    try {
      return Optional.of(new Message(wire));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The opcode bits of a header that did not parse as a whole (RFC 1035 §4.1.1). */
  private static String opcode(byte[] request) {
    return WireShape.hasHeader(request) ? Opcode.string(WireShape.opcode(request)) : UNPARSABLE;
  }

  /** The update section's distinct owner names (RFC 2136 §2.5). */
  private static int ownerNames(Message update) {
    List<Record> changes = update.getSection(Section.AUTHORITY);
    return changes.stream().map(Record::getName).collect(Collectors.toSet()).size();
  }

  private static Optional<String> extendedError(Message answer) {
    OPTRecord opt = answer.getOPT();
    if (opt == null) {
      return Optional.empty();
    }
    return opt.getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR).stream()
        .map(ExtendedErrorCodeOption.class::cast)
        .map(e -> e.getText() == null || e.getText().isEmpty()
            ? Integer.toString(e.getErrorCode()) : e.getErrorCode() + " " + e.getText())
        .findFirst();
  }
}
