package dev.ddns.adapter.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpFramingTest {

  @Test
  void framesWithBigEndianLengthPrefix() {
    byte[] big = new byte[300];
    byte[] framed = TcpFraming.frame(List.of(new byte[] {7}, big));
    assertEquals(1 + 2 + 300 + 2, framed.length);
    assertArrayEquals(new byte[] {0, 1, 7, 1, 44}, java.util.Arrays.copyOf(framed, 5));
  }

  @Test
  void readsMessagesBackThenNullAtCleanEnd() throws IOException {
    byte[] framed = TcpFraming.frame(List.of(new byte[] {1, 2}, new byte[] {3}));
    ByteArrayInputStream in = new ByteArrayInputStream(framed);
    assertArrayEquals(new byte[] {1, 2}, TcpFraming.read(in, 10));
    assertArrayEquals(new byte[] {3}, TcpFraming.read(in, 10));
    assertNull(TcpFraming.read(in, 10));
  }

  @Test
  void unframeSplitsAStream() throws IOException {
    List<byte[]> messages = TcpFraming.unframe(TcpFraming.frame(List.of(new byte[] {9}, new byte[0])));
    assertEquals(2, messages.size());
    assertArrayEquals(new byte[] {9}, messages.get(0));
  }

  @Test
  void rejectsTruncatedAndOversizedMessages() {
    assertThrows(EOFException.class, () -> TcpFraming.read(new ByteArrayInputStream(new byte[] {0}), 10));
    assertThrows(EOFException.class,
        () -> TcpFraming.read(new ByteArrayInputStream(new byte[] {0, 5, 1}), 10));
    assertThrows(IOException.class,
        () -> TcpFraming.read(new ByteArrayInputStream(new byte[] {0, 11}), 10));
  }
}
