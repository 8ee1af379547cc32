package dev.ddns.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Which datagrams the relay forwards to the endpoint, as a table. */
class RequestScreenTest {
  record Case(String datagram, Supplier<byte[]> bytes, boolean forwarded) {
    @Override
    public String toString() {
      return datagram + (forwarded ? " is forwarded" : " is answered by the relay");
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("a query", () -> query().toWire(), true),
        new Case("an UPDATE", () -> Message.newUpdate(Name.fromConstantString("example.test."))
            .toWire(), true),
        new Case("a header only", () -> new Message(7).toWire(), true),
        new Case("11 bytes", () -> new byte[11], false),
        new Case("a response", () -> {
          Message m = query();
          m.getHeader().setFlag(Flags.QR);
          return m.toWire();
        }, false),
        new Case("a header promising a question that is missing", () -> {
          byte[] b = new byte[12];
          b[5] = 1;
          return b;
        }, false),
        new Case("a query cut inside its question", () -> {
          byte[] wire = query().toWire();
          return Arrays.copyOf(wire, wire.length - 3);
        }, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void screen(Case c) {
    assertEquals(c.forwarded(), RequestScreen.forward(c.bytes().get()));
  }

  private static Message query() {
    return Message.newQuery(Record.newRecord(Name.fromConstantString("example.test."), Type.SOA,
        DClass.IN));
  }
}
