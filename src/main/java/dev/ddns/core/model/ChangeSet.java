package dev.ddns.core.model;

import java.util.List;

/**
 * The difference one committed update made: the records removed and the records added, in the
 * order of an IXFR difference sequence (RFC 1995 §4), SOA records included.
 */
public record ChangeSet(long fromSerial, long toSerial, List<org.xbill.DNS.Record> removed,
    List<org.xbill.DNS.Record> added) {
  public ChangeSet {
    removed = List.copyOf(removed);
    added = List.copyOf(added);
  }
}
