package dev.ddns.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ddns.adapter.dns.TcpFraming;
import java.io.IOException;
import java.util.List;

/**
 * The relay's DNS-over-TCP framing (RFC 1035 §4.2.2) under arbitrary streams: a stream either
 * fails with an {@link IOException} or splits into messages that frame back to the same bytes.
 */
class TcpFramingFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void unframe(byte[] stream) {
    List<byte[]> messages;
    try {
      messages = TcpFraming.unframe(stream);
    } catch (IOException e) {
      return;
    }
    assertArrayEquals(stream, TcpFraming.frame(messages));
  }
}
