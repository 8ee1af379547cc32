package dev.ddns.core.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.query.TransferContinuation.Position;
import dev.ddns.testing.TestZone;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;

/**
 * The continuation token (docs/transfers.md, "One TSIG stream across pages"): every position a
 * page can hand out comes back as sealed; a token for another request, a tampered one and one of
 * the earlier format are refused.
 */
class TransferContinuationTest {
  static final byte[] REQUEST_MAC = "request mac of thirty-two bytes!".getBytes(
      StandardCharsets.US_ASCII);
  static final byte[] PRIOR_MAC = "prior mac".getBytes(StandardCharsets.US_ASCII);

  static Stream<TransferContinuation> continuations() {
    Name node = Name.fromConstantString("Host7.Example.Test.");
    return Stream.of(
        new TransferContinuation(true, 7, 2026112101, Position.message(3), PRIOR_MAC),
        new TransferContinuation(false, 7, 1, Position.record(node, 0), PRIOR_MAC),
        new TransferContinuation(false, 7, 1, Position.record(node, 123), PRIOR_MAC),
        new TransferContinuation(false, Long.MAX_VALUE, 4294967295L,
            Position.record(TestZone.ZONE, 2), PRIOR_MAC),
        new TransferContinuation(false, 7, 1, Position.closing(), PRIOR_MAC));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("continuations")
  void aSealedPositionOpensAsItWasSealed(TransferContinuation c) {
    String token = c.seal(TestZone.KEY, REQUEST_MAC);
    assertEquals(Optional.of(c), TransferContinuation.open(token, TestZone.KEY, REQUEST_MAC));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("continuations")
  void aTokenForAnotherRequestOrTamperedIsRefused(TransferContinuation c) {
    String token = c.seal(TestZone.KEY, REQUEST_MAC);
    byte[] other = REQUEST_MAC.clone();
    other[0] ^= 1;
    assertTrue(TransferContinuation.open(token, TestZone.KEY, other).isEmpty());
    byte[] bytes = Base64.getUrlDecoder().decode(token);
    bytes[5] ^= 1;
    assertTrue(TransferContinuation.open(Base64.getUrlEncoder().withoutPadding()
        .encodeToString(bytes), TestZone.KEY, REQUEST_MAC).isEmpty());
  }

  @Test
  void aTokenOfTheEarlierFormatIsRefusedEvenWhenSealedRight() throws Exception {
    ByteBuffer body = ByteBuffer.allocate(1 + 1 + 8 + 8 + 4 + 2 + PRIOR_MAC.length);
    body.put((byte) 1).put((byte) 0).putLong(7).putLong(1).putInt(5)
        .putShort((short) PRIOR_MAC.length).put(PRIOR_MAC);
    byte[] payload = body.array();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(TestZone.KEY.secret(), "HmacSHA256"));
    mac.update("ddns paged transfer continuation".getBytes(StandardCharsets.US_ASCII));
    mac.update(TestZone.KEY.name().toWireCanonical());
    mac.update(ByteBuffer.allocate(2).putShort((short) REQUEST_MAC.length).array());
    mac.update(REQUEST_MAC);
    mac.update(payload);
    byte[] token = Arrays.copyOf(payload, payload.length + 32);
    System.arraycopy(mac.doFinal(), 0, token, payload.length, 32);
    assertTrue(TransferContinuation.open(Base64.getUrlEncoder().withoutPadding()
        .encodeToString(token), TestZone.KEY, REQUEST_MAC).isEmpty(), "format 1 is not read");
  }
}
