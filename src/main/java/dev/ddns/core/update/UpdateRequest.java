package dev.ddns.core.update;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * An UPDATE message taken apart (RFC 2136 §2): the zone, the prerequisite RRs and the update RRs,
 * plus who sent it.
 *
 * @param zone the zone named in the zone section
 * @param prerequisites the prerequisite section, in order
 * @param updates the update section, in order
 * @param keyName the TSIG key that signed it
 * @param client the client address
 */
public record UpdateRequest(Name zone, List<Record> prerequisites, List<Record> updates,
    String keyName, String client) {

  public UpdateRequest {
    prerequisites = List.copyOf(prerequisites);
    updates = List.copyOf(updates);
  }

  public static UpdateRequest of(Message message, String keyName, String client) {
    return new UpdateRequest(message.getQuestion().getName(),
        message.getSection(Section.PREREQ), message.getSection(Section.UPDATE), keyName, client);
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
