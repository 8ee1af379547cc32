package dev.ddns.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.relay.RequestScreen.Kind;
import dev.ddns.testing.SignedMessages;
import dev.ddns.testing.TestZone;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Which lane a datagram takes, or how the relay answers it itself, as a table. */
class RequestScreenTest {
  private static final Name ZONE = Name.fromConstantString("example.test.");

  record Case(String datagram, Supplier<byte[]> bytes, Kind kind) {
    @Override
    public String toString() {
      return datagram + " is " + kind;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("a query", () -> query().toWire(), Kind.UNSIGNED),
        new Case("an UPDATE", () -> Message.newUpdate(ZONE).toWire(), Kind.UNSIGNED),
        new Case("a header only", () -> new Message(7).toWire(), Kind.UNSIGNED),
        new Case("a query with EDNS", () -> {
          Message m = query();
          m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
          return m.toWire();
        }, Kind.UNSIGNED),
        new Case("a signed UPDATE", () -> signed(Message.newUpdate(ZONE)), Kind.SIGNED),
        new Case("a signed query", () -> signed(query()), Kind.SIGNED),
        new Case("a signed query with EDNS", () -> {
          Message m = query();
          m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
          return signed(m);
        }, Kind.SIGNED),
        new Case("a TSIG followed by another additional record", RequestScreenTest::tsigNotLast,
            Kind.MALFORMED),
        new Case("a TSIG in the answer section", RequestScreenTest::tsigInAnswer,
            Kind.MALFORMED),
        new Case("a signed UPDATE cut inside its TSIG", () -> {
          byte[] wire = signed(Message.newUpdate(ZONE));
          return Arrays.copyOf(wire, wire.length - 4);
        }, Kind.MALFORMED),
        new Case("a header promising a question that is missing", () -> {
          byte[] b = new byte[12];
          b[5] = 1;
          return b;
        }, Kind.MALFORMED),
        new Case("a query cut inside its question", () -> {
          byte[] wire = query().toWire();
          return Arrays.copyOf(wire, wire.length - 3);
        }, Kind.MALFORMED),
        new Case("a query with TC set whose question is missing", () -> {
          byte[] b = new byte[12];
          b[2] = 0x02;
          b[5] = 1;
          return b;
        }, Kind.MALFORMED),
        new Case("a compressed owner name", () -> {
          Message m = query();
          m.addRecord(Record.newRecord(ZONE, Type.A, DClass.IN), Section.ADDITIONAL);
          return m.toWire();
        }, Kind.UNSIGNED),
        new Case("a label of the reserved type 01", () -> {
          byte[] wire = query().toWire();
          wire[12] = 0x41;
          return wire;
        }, Kind.MALFORMED),
        new Case("a name of 256 octets", () -> {
          byte[] wire = new byte[12 + 4 * 64 + 1 + 4];
          wire[5] = 1;
          for (int label = 0; label < 4; label++) {
            wire[12 + 64 * label] = 63;
          }
          return wire;
        }, Kind.MALFORMED),
        new Case("11 bytes", () -> new byte[11], Kind.IGNORED),
        new Case("a response", () -> {
          Message m = query();
          m.getHeader().setFlag(Flags.QR);
          return m.toWire();
        }, Kind.IGNORED),
        new Case("a signed response", () -> {
          Message m = Message.newUpdate(ZONE);
          m.getHeader().setFlag(Flags.QR);
          return signed(m);
        }, Kind.IGNORED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void classify(Case c) {
    assertEquals(c.kind(), RequestScreen.classify(c.bytes().get()));
  }

  /**
   * Mangled copies of real requests, signed and unsigned, against dnsjava's parser: where dnsjava
   * reads a request in full (TC clear), the screen agrees on signed, unsigned or a misplaced TSIG
   * (RFC 8945 §5.2, which the verifier rejects); where the screen finds any other request
   * malformed, dnsjava cannot read it in full either.
   */
  @Test
  void agreesWithDnsjavaOnMangledRequests() {
    SplittableRandom random = new SplittableRandom(8945);
    List<byte[]> originals = List.of(query().toWire(), signed(query()),
        signed(update()), update().toWire(), tsigNotLast());
    int[] seen = new int[Kind.values().length];
    for (int i = 0; i < 20_000; i++) {
      byte[] wire = mangle(originals.get(random.nextInt(originals.size())), random);
      Kind screened = RequestScreen.classify(wire);
      Optional<Kind> reference = dnsjava(wire);
      if (reference.isPresent()) {
        assertEquals(reference.get(), screened, () -> HexFormat.of().formatHex(wire));
      }
      seen[screened.ordinal()]++;
      if (screened == Kind.MALFORMED) {
        assertTrue(reference.isEmpty() || reference.get() == Kind.MALFORMED,
            () -> HexFormat.of().formatHex(wire));
      }
    }
    for (Kind kind : Kind.values()) {
      assertTrue(seen[kind.ordinal()] > 100, kind + ": " + Arrays.toString(seen));
    }
  }

  /** What dnsjava makes of a datagram; empty when it cannot read it in full (or TC is set). */
  private static Optional<Kind> dnsjava(byte[] wire) {
    if (wire.length < 12 || (wire[2] & 0x80) != 0) {
      return Optional.of(Kind.IGNORED);
    }
    try {
      Message m = new Message(wire);
      if ((wire[2] & 0x02) != 0) {
        return Optional.empty();
      }
      long tsigs = Stream.of(Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL)
          .flatMap(section -> m.getSection(section).stream())
          .filter(r -> r.getType() == Type.TSIG).count();
      if (tsigs == 0) {
        return Optional.of(Kind.UNSIGNED);
      }
      return Optional.of(tsigs == 1 && m.getTSIG() != null ? Kind.SIGNED : Kind.MALFORMED);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static byte[] mangle(byte[] original, SplittableRandom random) {
    byte[] wire = original.clone();
    switch (random.nextInt(3)) {
      case 0 -> wire = Arrays.copyOf(wire, random.nextInt(wire.length + 1));
      case 1 -> wire[random.nextInt(wire.length)] = (byte) random.nextInt(256);
      default -> wire[4 + random.nextInt(8)] = (byte) random.nextInt(4);
    }
    return wire;
  }

  private static Message update() {
    Message m = Message.newUpdate(ZONE);
    try {
      m.addRecord(new ARecord(Name.fromConstantString("www.example.test."), DClass.IN, 300,
          java.net.InetAddress.getByName("192.0.2.7")), Section.UPDATE);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
    return m;
  }

  private static Message query() {
    return Message.newQuery(Record.newRecord(ZONE, Type.SOA, DClass.IN));
  }

  /** Any key and time will do: the relay only looks at the structure, never at the MAC. */
  private static byte[] signed(Message m) {
    return SignedMessages.signed(m, TestZone.KEY, Clock.systemUTC());
  }

  /** An UPDATE with a TSIG record in the answer (prerequisite) section: RFC 8945 §5.2 forbids it. */
  private static byte[] tsigInAnswer() {
    try {
      Message m = Message.newUpdate(ZONE);
      m.addRecord(new Message(signed(Message.newUpdate(ZONE))).getTSIG(), Section.ANSWER);
      return m.toWire();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** A signed UPDATE whose TSIG record is followed by an A record (RFC 8945 §5.2: not allowed). */
  private static byte[] tsigNotLast() {
    try {
      Record tsig = new Message(signed(Message.newUpdate(ZONE))).getTSIG();
      Message m = Message.newUpdate(ZONE);
      m.addRecord(tsig, Section.ADDITIONAL);
      m.addRecord(new ARecord(ZONE, DClass.IN, 60, java.net.InetAddress.getByName("192.0.2.1")),
          Section.ADDITIONAL);
      return m.toWire();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
