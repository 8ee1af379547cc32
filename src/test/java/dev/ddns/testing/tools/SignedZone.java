package dev.ddns.testing.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The demo zone as a signing secondary serves it (docs/dnssec.md), checked the way a validating
 * resolver would: the signer's own key-signing key (its SEP DNSKEY) is the only trust anchor, and
 * {@code delv} validates each answer against it; the signer's zone transfer is checked whole by
 * BIND's {@code dnssec-verify} and ldns's {@code ldns-verify-zone}.
 */
public final class SignedZone {
  private final Secondary signer;
  private final Path anchor;

  private SignedZone(Secondary signer, Path anchor) {
    this.signer = signer;
    this.anchor = anchor;
  }

  /**
   * Waits until {@code signer} serves a DNSKEY with the SEP flag (its key-signing key or CSK) and
   * writes it to {@code anchorFile} as delv's trust anchor.
   */
  public static SignedZone await(Secondary signer, Path anchorFile, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<DNSKEYRecord> sep = signer.answer(Secondary.ZONE, Type.DNSKEY).stream()
          .map(DNSKEYRecord.class::cast)
          .filter(k -> (k.getFlags() & DNSKEYRecord.Flags.SEP_KEY) != 0).findFirst();
      if (sep.isPresent()) {
        ToolFiles.write(anchorFile, trustAnchor(sep.get()));
        return new SignedZone(signer, anchorFile);
      }
      ToolProcess.pause(20);
    }
    throw new AssertionError(signer.name() + " serves no key-signing DNSKEY after " + timeout
        + "\n" + signer.diagnostics());
  }

  /** delv's {@code -a} file: {@code key} as a static trust anchor for the zone. */
  private static String trustAnchor(DNSKEYRecord key) {
    return "trust-anchors {\n  " + key.getName() + " static-key " + key.getFlags() + " "
        + key.getProtocol() + " " + key.getAlgorithm() + " \""
        + Base64.getEncoder().encodeToString(key.getKey()) + "\";\n};\n";
  }

  public Path anchor() {
    return anchor;
  }

  /** delv's validation of {@code name} {@code type} at the signer, with this zone's anchor. */
  public Validation validate(String name, String type) {
    return validate(name, type, anchor);
  }

  /** delv's validation of {@code name} {@code type} at the signer with {@code anchorFile}. */
  public Validation validate(String name, String type, Path anchorFile) {
    List<String> command = List.of(Tools.delv().toString(), "@127.0.0.1", "-p",
        String.valueOf(signer.port()), "-a", anchorFile.toString(),
        "+root=" + Secondary.ZONE.toString(true), name, type);
    return new Validation(Exec.run(command, "").output());
  }

  /** Runs delv until its validation satisfies {@code wanted}; fails with the last one. */
  public Validation awaitValidation(String name, String type, Predicate<Validation> wanted,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Validation last;
    do {
      last = validate(name, type);
      if (wanted.test(last)) {
        return last;
      }
      ToolProcess.pause(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(signer.name() + ": " + name + " " + type + " after " + timeout
        + ":\n" + last.output() + "\n" + signer.diagnostics());
  }

  /** True when the signer answers {@code name} {@code type} with an RRSIG over it (DO set). */
  public boolean answersSigned(Name name, int type) {
    Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    query.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
    Optional<byte[]> reply = DnsWire.udpQuick(signer.port(), query.toWire());
    if (reply.isEmpty()) {
      return false;
    }
    try {
      return new Message(reply.get()).getSection(Section.ANSWER).stream().anyMatch(
          r -> r instanceof RRSIGRecord sig && sig.getTypeCovered() == type);
    } catch (IOException e) {
      return false;
    }
  }

  /** The signer's zone by AXFR, as dig prints it, in a new file beside the anchor. */
  public Path transfer() {
    Path file;
    try {
      file = Files.createTempFile(anchor.toAbsolutePath().getParent(), "axfr-", ".db");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ToolFiles.write(file, Dig.run(signer.port(), "+onesoa", "+nocmd", "+nostats",
        Secondary.ZONE.toString(), "AXFR").assertSuccess().output());
    return file;
  }

  /**
   * dnssec-verify (the combined key counts as the zone-signing key: {@code -z}) and
   * ldns-verify-zone on the zone in {@code file}: each exits 0 only when every RRset is signed,
   * the signatures are valid and the NSEC3 chain is complete.
   */
  public static List<Exec.Result> verifiers(Path file) {
    return List.of(
        Exec.run(List.of(Tools.dnssecVerify().toString(), "-z", "-o", Secondary.ZONE.toString(),
            file.toString()), ""),
        Exec.run(List.of(Tools.ldnsVerifyZone().toString(), file.toString()), ""));
  }

  /**
   * The signer's zone by AXFR after checking that both {@link #verifiers} pass it; returns the
   * transferred records' lines, blanks collapsed to one space.
   */
  public List<String> verifyTransfer() {
    Path file = transfer();
    verifiers(file).forEach(Exec.Result::assertSuccess);
    List<String> records = new ArrayList<>();
    for (String line : read(file).split("\n")) {
      if (!line.isBlank() && !line.startsWith(";")) {
        records.add(line.trim().replaceAll("\\s+", " "));
      }
    }
    return records;
  }

  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What delv printed for one question. */
  public record Validation(String output) {
    /** delv validated a positive answer up to the trust anchor. */
    public boolean fullyValidated() {
      return output.lines().anyMatch(l -> l.equals("; fully validated"));
    }

    /** delv validated the nonexistence of the name (NXDOMAIN) up to the trust anchor. */
    public boolean validatedNxdomain() {
      return output.lines().anyMatch(l -> l.equals("; negative response, fully validated"))
          && output.contains("NXDOMAIN");
    }

    /** The NSEC3 records of a negative answer (not their RRSIGs). */
    public List<String> nsec3() {
      return output.lines().filter(l -> l.matches("; \\S+ NSEC3 .*")).toList();
    }

    /** The answer's data lines for {@code type}. */
    public boolean answers(String name, String type, String data) {
      return output.lines().map(l -> l.trim().replaceAll("\\s+", " ")).anyMatch(
          l -> l.startsWith(name + " ") && l.endsWith(" IN " + type + " " + data));
    }
  }
}
