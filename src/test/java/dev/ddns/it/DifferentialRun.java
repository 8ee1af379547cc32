package dev.ddns.it;

import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.DnsWire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Sends the same generated UPDATE stream to a reference server (BIND) and a candidate,
 * compares the answers per step and the zones by signed AXFR at checkpoints. After a zone
 * difference both zones are reset to a common state so that one difference does not
 * cascade into every later step.
 */
final class DifferentialRun {
  /**
   * One disagreement, with a stable category and the generator's labels of the message (its
   * shape), which docs/bind-differences.md must list together to accept it.
   */
  record Mismatch(int step, String category, String shape, String detail) {}

  record Settings(long seed, int steps, int checkEvery, Duration budget) {}

  private final DnsTarget reference;
  private final DnsTarget candidate;
  private final Settings settings;
  private final List<Mismatch> mismatches = new ArrayList<>();
  private final Map<String, Integer> referenceRcodes = new TreeMap<>();
  private List<Record> referenceZone = List.of();
  private ZoneSnapshot candidateZone;
  private int stepsRun;
  private String stopReason = "";

  DifferentialRun(DnsTarget reference, DnsTarget candidate, Settings settings) {
    this.reference = reference;
    this.candidate = candidate;
    this.settings = settings;
  }

  List<Mismatch> run() {
    UpdateGenerator generator = new UpdateGenerator(settings.seed(), () -> referenceZone);
    long deadline = System.nanoTime() + settings.budget().toNanos();
    referenceZone = sorted(reference.records());
    checkZones(0, "initial zone");
    for (int step = 1; step <= settings.steps() && stopReason.isEmpty(); step++) {
      if (System.nanoTime() > deadline) {
        stopReason = "time budget of " + settings.budget() + " spent after " + stepsRun + " steps";
        break;
      }
      runStep(step, generator.next());
      stepsRun = step;
    }
    if (stopReason.isEmpty()) {
      checkZones(stepsRun, "final zone");
    }
    return mismatches;
  }

  int stepsRun() {
    return stepsRun;
  }

  /** How often the reference answered each rcode: shows what the stream exercised. */
  Map<String, Integer> referenceRcodes() {
    return referenceRcodes;
  }

  String stopReason() {
    return stopReason;
  }

  private void runStep(int step, UpdateGenerator.Generated update) {
    DnsWire.Transport transport = step % 2 == 0 ? DnsWire.Transport.UDP : DnsWire.Transport.TCP;
    DnsTarget.Answer expected = reference.send(update.message(), transport);
    DnsTarget.Answer actual = candidate.send(update.message(), transport);
    referenceRcodes.merge(expected.rcode(), 1, Integer::sum);
    if (!expected.rcode().equals(actual.rcode())) {
      record(step, "rcode " + expected.rcode() + " vs " + actual.rcode(), update, transport,
          expected, actual);
    } else if (!expected.tsig().equals(actual.tsig())) {
      record(step, "response tsig " + expected.tsig() + " vs " + actual.tsig() + " on "
          + expected.rcode(), update, transport, expected, actual);
    }
    if (step % settings.checkEvery() == 0) {
      checkZones(step, update.label() + "\n" + update.message());
    }
  }

  private void record(int step, String category, UpdateGenerator.Generated update,
      DnsWire.Transport transport, DnsTarget.Answer expected, DnsTarget.Answer actual) {
    mismatches.add(new Mismatch(step, category, update.label(),
        "over " + transport + " [" + update.label() + "]\n" + update.message()
            + "\n-- " + reference.name() + " answered " + expected.summary()
            + "\n-- " + candidate.name() + " answered " + actual.summary()
            + "\n" + actual.text()));
  }

  private void checkZones(int step, String context) {
    ZoneSnapshot previous = ZoneSnapshot.of(referenceZone);
    ZoneSnapshot previousCandidate = candidateZone;
    referenceZone = sorted(reference.records());
    ZoneSnapshot expected = ZoneSnapshot.of(referenceZone);
    ZoneSnapshot actual = candidate.snapshot();
    candidateZone = actual;
    if (expected.equals(actual)) {
      return;
    }
    if (onlyReferenceMovedTheSerial(previous, expected, previousCandidate, actual)) {
      mismatches.add(new Mismatch(step, "serial moved in " + reference.name()
          + " only, on an update that changed no record", context.lines().findFirst().orElse(""),
          context));
      candidate.send(soaUpdate(), DnsWire.Transport.TCP);
      candidateZone = candidate.snapshot();
      if (expected.equals(candidateZone)) {
        return;
      }
      actual = candidateZone;
    }
    mismatches.add(new Mismatch(step, "zone differs in " + expected.differingTypes(actual), "",
        "after " + context + "\n"
            + expected.describeDifference(reference.name(), actual, candidate.name())
            + "\nzone before the step:\n" + previous));
    resynchronise(step, expected, actual);
  }

  /**
   * The step changed no record in either zone (records compare case-insensitively), the reference
   * moved its serial anyway and the candidate did not: BIND counts an add that only respells an
   * owner as a change, ddns does not (docs/bind-differences.md, "Owner-name case").
   */
  private static boolean onlyReferenceMovedTheSerial(ZoneSnapshot previous, ZoneSnapshot expected,
      ZoneSnapshot previousCandidate, ZoneSnapshot actual) {
    return actual.equals(previousCandidate)
        && expected.withoutSerial().equals(previous.withoutSerial())
        && expected.withoutSerial().equals(actual.withoutSerial())
        && expected.soaSerial() == ((previous.soaSerial() + 1) & 0xFFFFFFFFL);
  }

  /** Gives the candidate the reference's SOA, so that the serials agree again. */
  private Message soaUpdate() {
    Message update = Message.newUpdate(UpdateGenerator.ZONE);
    referenceZone.stream().filter(r -> r.getType() == Type.SOA).findFirst()
        .ifPresent(soa -> update.addRecord(soa, Section.UPDATE));
    return update;
  }

  private void resynchronise(int step, ZoneSnapshot expected, ZoneSnapshot actual) {
    Message reset = resetMessage(nextSerial(expected.soaSerial(), actual.soaSerial()));
    reference.send(reset, DnsWire.Transport.TCP);
    candidate.send(reset, DnsWire.Transport.TCP);
    referenceZone = sorted(reference.records());
    ZoneSnapshot expectedAfter = ZoneSnapshot.of(referenceZone);
    ZoneSnapshot actualAfter = candidate.snapshot();
    if (!expectedAfter.equals(actualAfter)) {
      mismatches.add(new Mismatch(step, "reset failed", "",
          reset + "\n" + expectedAfter.describeDifference(
              reference.name(), actualAfter, candidate.name())));
      stopReason = "zones still differ after a reset at step " + step;
    }
  }

  /** AXFR order may vary; the generator must see a stable order for a seed to replay. */
  private static List<Record> sorted(List<Record> records) {
    return records.stream()
        .sorted(java.util.Comparator.comparing(ZoneSnapshot::normalise))
        .toList();
  }

  private static long nextSerial(long a, long b) {
    long later = ((b - a) & 0xFFFFFFFFL) < 0x80000000L ? b : a;
    return (later + 1) & 0xFFFFFFFFL;
  }

  /** Deletes everything the generator can create and restores the demo zone's apex. */
  static Message resetMessage(long serial) {
    Name zone = UpdateGenerator.ZONE;
    Message message = Message.newUpdate(zone);
    Set<Name> owners = new LinkedHashSet<>();
    for (String owner : UpdateGenerator.OWNERS) {
      owners.add(owner.equals("@") ? zone : Name.fromConstantString(owner + "." + DemoZone.NAME));
    }
    for (Name owner : owners) {
      message.addRecord(Record.newRecord(owner, Type.ANY, DClass.ANY, 0), Section.UPDATE);
    }
    add(message, "@ 3600 IN NS ns1.example.test.");
    add(message, "@ 0 NONE NS ns2.example.test.");
    add(message, "@ 0 NONE NS ns.example.net.");
    add(message, "ns1 3600 IN A 127.0.0.1");
    add(message, "@ 3600 IN SOA ns1.example.test. hostmaster.example.test. " + serial
        + " 3600 900 604800 300");
    return message;
  }

  private static void add(Message message, String line) {
    try {
      String[] parts = line.split(" ", 5);
      Name owner = Name.fromString(parts[0], UpdateGenerator.ZONE);
      Record record = Record.fromString(owner, Type.value(parts[3]), DClass.value(parts[2]),
          Long.parseLong(parts[1]), parts[4], UpdateGenerator.ZONE);
      message.addRecord(record, Section.UPDATE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
