package dev.ddns.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ddns.core.tsig.TsigResponder;
import dev.ddns.core.tsig.TsigResult;
import dev.ddns.core.tsig.TsigVerifier;
import dev.ddns.testing.FuzzSupport;
import dev.ddns.testing.TestZone;
import java.io.IOException;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * TSIG verification (RFC 8945 §5.2) and response signing under arbitrary bytes: neither throws;
 * a message that fails verification gets a reply that parses; the same bytes always get the same
 * verdict.
 */
class TsigVerifierFuzzTest {
  private static final TsigVerifier VERIFIER =
      new TsigVerifier(TestZone.keys(), FuzzSupport.CLOCK);
  private static final TsigResponder RESPONDER = new TsigResponder(FuzzSupport.CLOCK);

  @FuzzTest(maxDuration = "30s")
  void verify(byte[] wire) throws IOException {
    Message message;
    try {
      message = new Message(wire);
    } catch (IOException e) {
      return;
    }
    TsigResult result = VERIFIER.verify(message, wire);
    assertNotNull(result);
    assertEquals(result.getClass(), VERIFIER.verify(new Message(wire), wire).getClass(),
        "verdict differs for the same bytes");
    Message reply = new Message(message.getHeader().getID());
    reply.getHeader().setRcode(result instanceof TsigResult.Failed ? Rcode.NOTAUTH
        : Rcode.NOERROR);
    new Message(RESPONDER.render(reply, result, 65535));
  }
}
