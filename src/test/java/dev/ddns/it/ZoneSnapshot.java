package dev.ddns.it;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * A zone's content from a signed AXFR, normalised for comparison: owner names and rdata in
 * lower case, one string per record ({@code owner TTL TYPE rdata}), as a sorted set.
 */
record ZoneSnapshot(SortedSet<String> records) {

  static ZoneSnapshot transfer(String zone, int port, TSIG key) {
    return of(axfr(zone, port, key));
  }

  /** The records of a signed AXFR over TCP; dnsjava checks every message's TSIG. */
  static List<Record> axfr(String zone, int port, TSIG key) {
    try {
      ZoneTransferIn axfr =
          ZoneTransferIn.newAXFR(Name.fromString(zone), "127.0.0.1", port, key);
      axfr.setTimeout(java.time.Duration.ofSeconds(10));
      axfr.run();
      return axfr.getAXFR();
    } catch (IOException | ZoneTransferException e) {
      throw new AssertionError("signed AXFR of " + zone + " from port " + port + " failed", e);
    }
  }

  static ZoneSnapshot of(List<Record> records) {
    return new ZoneSnapshot(
        records.stream()
            .map(ZoneSnapshot::normalise)
            .collect(Collectors.toCollection(TreeSet::new)));
  }

  static String normalise(Record record) {
    return record.getName().toString().toLowerCase(Locale.ROOT)
        + " " + record.getTTL()
        + " " + Type.string(record.getType())
        + " " + normaliseRdata(record);
  }

  private static String normaliseRdata(Record record) {
    String rdata = record.rdataToString();
    return record.getType() == Type.TXT || record.getType() == Type.CAA
        ? rdata
        : rdata.toLowerCase(Locale.ROOT);
  }

  long soaSerial() {
    return records.stream()
        .filter(r -> r.split(" ")[2].equals("SOA"))
        .map(r -> Long.parseLong(r.split(" ")[5]))
        .findFirst()
        .orElseThrow(() -> new AssertionError("zone has no SOA: " + records));
  }

  /** The same records with the SOA serial left out. */
  ZoneSnapshot withoutSerial() {
    return new ZoneSnapshot(records.stream()
        .map(r -> r.split(" ")[2].equals("SOA") ? r.replaceFirst(
            "^((?:\\S+ ){5})\\S+", "$1-") : r)
        .collect(Collectors.toCollection(TreeSet::new)));
  }

  Set<String> missingFrom(ZoneSnapshot other) {
    Set<String> missing = new TreeSet<>(records);
    missing.removeAll(other.records);
    return missing;
  }

  /** The record types that differ between the two snapshots, e.g. {@code [A, SOA]}. */
  SortedSet<String> differingTypes(ZoneSnapshot other) {
    SortedSet<String> types = new TreeSet<>();
    for (String record : missingFrom(other)) {
      types.add(record.split(" ")[2]);
    }
    for (String record : other.missingFrom(this)) {
      types.add(record.split(" ")[2]);
    }
    return types;
  }

  String describeDifference(String thisName, ZoneSnapshot other, String otherName) {
    return "only in " + thisName + ": " + missingFrom(other) + "\nonly in " + otherName + ": "
        + other.missingFrom(this);
  }

  @Override
  public String toString() {
    return String.join("\n", records);
  }
}
