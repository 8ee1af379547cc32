package dev.ddns.core.update;

import java.util.LinkedHashSet;
import dev.ddns.core.policy.Requester;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * An UPDATE message taken apart (RFC 2136 §2): the zone, the prerequisite RRs and the update RRs,
 * plus who asks.
 *
 * @param zone the zone named in the zone section
 * @param prerequisites the prerequisite section, in order
 * @param updates the update section, in order
 * @param requester who asks, as verified: the TSIG key that signed it, the trusted client address
 *     of an unsigned update, a dyndns2 token
 * @param client the client address, for the journal
 */
public record UpdateRequest(Name zone, List<Record> prerequisites, List<Record> updates,
    Requester requester, String client) {

  public UpdateRequest {
    Objects.requireNonNull(requester, "requester");
    prerequisites = List.copyOf(prerequisites);
    updates = List.copyOf(updates);
  }

  public static UpdateRequest of(Message message, Requester requester, String client) {
    return new UpdateRequest(message.getQuestion().getName(),
        message.getSection(Section.PREREQ), message.getSection(Section.UPDATE), requester, client);
  }

  /** Every in-zone owner name the update may read or change, plus the apex. */
  public Set<Name> touchedNames() {
    Set<Name> names = new LinkedHashSet<>();
    names.add(zone);
    for (Record r : prerequisites) {
      addIfInZone(names, r.getName());
    }
    for (Record r : updates) {
      addIfInZone(names, r.getName());
    }
    return names;
  }

  private void addIfInZone(Set<Name> names, Name name) {
    if (RecordRules.inZone(name, zone)) {
      names.add(name);
    }
  }
}
