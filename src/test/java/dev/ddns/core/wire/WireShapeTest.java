package dev.ddns.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
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
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/** The message layout read from bytes, against messages dnsjava writes, as tables. */
class WireShapeTest {
  private static final Name ZONE = Name.fromConstantString("example.test.");
  private static final TSIG KEY =
      new TSIG(TSIG.HMAC_SHA256, "wire-test.", "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0");

  /** A message, and where its TSIG starts: an offset counted back from the end, or a code. */
  record Placement(String message, Supplier<byte[]> bytes, int expected, boolean fromEnd) {
    @Override
    public String toString() {
      return message;
    }
  }

  static Stream<Placement> placements() {
    return Stream.of(
        new Placement("a query", () -> query().toWire(), WireShape.NO_TSIG, false),
        new Placement("a header only", () -> new Message(1).toWire(), WireShape.NO_TSIG, false),
        new Placement("a query with EDNS", () -> withOpt(query()).toWire(), WireShape.NO_TSIG,
            false),
        new Placement("a signed update", () -> signed(update()), tsigLength(), true),
        new Placement("a signed query with EDNS", () -> signed(withOpt(query())), tsigLength(),
            true),
        new Placement("a TSIG followed by an A record", () -> tsigThen(Section.ADDITIONAL, true),
            WireShape.TSIG_MISPLACED, false),
        new Placement("a TSIG in the answer section", () -> tsigThen(Section.ANSWER, false),
            WireShape.TSIG_MISPLACED, false),
        new Placement("a TSIG in the authority section", () -> tsigThen(Section.AUTHORITY, false),
            WireShape.TSIG_MISPLACED, false),
        new Placement("two TSIG records last", WireShapeTest::twoTsigs, WireShape.TSIG_REPEATED,
            false),
        new Placement("a signed update cut inside its TSIG", () -> cut(signed(update()), 4),
            WireShape.TRUNCATED, false),
        new Placement("a query cut inside its question", () -> cut(query().toWire(), 3),
            WireShape.TRUNCATED, false),
        new Placement("11 bytes", () -> new byte[11], WireShape.TRUNCATED, false),
        new Placement("a header promising a record that is missing", () -> {
          byte[] b = new byte[12];
          b[11] = 1;
          return b;
        }, WireShape.TRUNCATED, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("placements")
  void tsigStart(Placement p) {
    byte[] wire = p.bytes().get();
    int expected = p.fromEnd() ? wire.length - p.expected() : p.expected();
    assertEquals(expected, WireShape.tsigStart(wire));
  }

  /** A name in the wire and the offset after it: -1 where it is not a name. */
  record NameCase(String name, byte[] wire, int after) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<NameCase> names() {
    return Stream.of(
        new NameCase("the root", new byte[] {0}, 1),
        new NameCase("one label", new byte[] {1, 'a', 0}, 3),
        new NameCase("a label then a pointer", new byte[] {1, 'a', (byte) 0xc0, 12}, 4),
        new NameCase("a pointer cut in half", new byte[] {(byte) 0xc0}, -1),
        new NameCase("a label of the reserved type 01", new byte[] {0x41, 'a', 0}, -1),
        new NameCase("a label of 64 octets", label(64), -1),
        new NameCase("a label of 63 octets", label(63), 65),
        new NameCase("a name of 256 octets", longName(62), -1),
        new NameCase("a name of 255 octets", longName(61), 255),
        new NameCase("a name without its end", new byte[] {3, 'a', 'b', 'c'}, -1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void skipName(NameCase c) {
    assertEquals(c.after(), WireShape.skipName(c.wire(), 0));
  }

  @Test
  void headerFieldsAreThoseDnsjavaWrote() {
    Message m = update();
    m.getHeader().setFlag(Flags.QR);
    byte[] wire = m.toWire();
    assertTrue(WireShape.hasHeader(wire));
    assertTrue(WireShape.isResponse(wire));
    assertEquals(Opcode.UPDATE, WireShape.opcode(wire));
    assertEquals(1, WireShape.count(wire, WireShape.QUESTION));
    assertEquals(1, WireShape.count(wire, WireShape.AUTHORITY));
    assertFalse(WireShape.isResponse(query().toWire()));
    assertFalse(WireShape.hasHeader(new byte[11]));
  }

  @Test
  void theFirstQuestionsTypeAndClass() {
    byte[] query = Message.newQuery(Record.newRecord(ZONE, Type.AXFR, DClass.IN)).toWire();
    assertEquals(Type.AXFR, WireShape.questionType(query));
    assertEquals(DClass.IN, WireShape.questionClass(query));
    Message update = new Message();
    update.getHeader().setOpcode(Opcode.UPDATE);
    update.addRecord(Record.newRecord(ZONE, Type.SOA, DClass.CH), Section.ZONE);
    byte[] chaos = update.toWire();
    assertEquals(Type.SOA, WireShape.questionType(chaos));
    assertEquals(DClass.CH, WireShape.questionClass(chaos));
    assertEquals(-1, WireShape.questionType(new Message(1).toWire()));
    assertEquals(-1, WireShape.questionClass(cut(query, 1)));
    assertEquals(-1, WireShape.questionType(new byte[5]));
  }

  private static byte[] label(int length) {
    byte[] wire = new byte[length + 2];
    wire[0] = (byte) length;
    Arrays.fill(wire, 1, length + 1, (byte) 'a');
    return wire;
  }

  /** Three labels of 63 octets, one of {@code last}, and the root: 193 + {@code last} octets. */
  private static byte[] longName(int last) {
    byte[] wire = new byte[3 * 64 + last + 2];
    for (int i = 0; i < 3; i++) {
      wire[64 * i] = 63;
    }
    wire[3 * 64] = (byte) last;
    return wire;
  }

  private static Message query() {
    return Message.newQuery(Record.newRecord(ZONE, Type.SOA, DClass.IN));
  }

  private static Message update() {
    Message m = Message.newUpdate(ZONE);
    m.addRecord(new ARecord(Name.fromConstantString("www.example.test."), DClass.IN, 300, address()), Section.UPDATE);
    return m;
  }

  private static Message withOpt(Message m) {
    m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    return m;
  }

  private static byte[] signed(Message m) {
    m.setTSIG(KEY);
    return m.toWire(65_535);
  }

  /** The length of the TSIG record {@link #signed} appends: the signed less the unsigned. */
  private static int tsigLength() {
    return signed(update()).length - update().toWire().length;
  }

  private static Record tsigRecord() {
    try {
      return new Message(signed(Message.newUpdate(ZONE))).getTSIG();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** An update with a TSIG record in {@code section}, followed by an A record when asked. */
  private static byte[] tsigThen(int section, boolean recordAfter) {
    Message m = Message.newUpdate(ZONE);
    m.addRecord(tsigRecord(), section);
    if (recordAfter) {
      m.addRecord(new ARecord(ZONE, DClass.IN, 60, address()), Section.ADDITIONAL);
    }
    return m.toWire();
  }

  private static byte[] twoTsigs() {
    Message m = Message.newUpdate(ZONE);
    m.addRecord(tsigRecord(), Section.ADDITIONAL);
    m.addRecord(tsigRecord(), Section.ADDITIONAL);
    return m.toWire();
  }

  private static byte[] cut(byte[] wire, int bytes) {
    return Arrays.copyOf(wire, wire.length - bytes);
  }

  private static InetAddress address() {
    try {
      return InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 7});
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
