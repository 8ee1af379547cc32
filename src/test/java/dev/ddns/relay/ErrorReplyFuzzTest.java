package dev.ddns.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.Optional;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * The relay's own SERVFAIL, FORMERR and truncated replies under arbitrary request bytes: never an
 * exception; a reply, when there is one, parses, is a response (QR) with the request's ID and the
 * rcode asked, and has TC set exactly when it is the truncated one.
 */
class ErrorReplyFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void reply(byte[] request) throws IOException {
    check(request, ErrorReply.servfail(request), Rcode.SERVFAIL, false);
    check(request, ErrorReply.formerr(request), Rcode.FORMERR, false);
    check(request, ErrorReply.truncated(request), Rcode.NOERROR, true);
  }

  private static void check(byte[] request, Optional<byte[]> reply, int rcode, boolean tc)
      throws IOException {
    if (reply.isEmpty()) {
      return;
    }
    Message m = new Message(reply.get());
    assertTrue(m.getHeader().getFlag(Flags.QR));
    assertEquals(((request[0] & 0xff) << 8) | (request[1] & 0xff), m.getHeader().getID());
    assertEquals(rcode, m.getRcode());
    assertEquals(tc, m.getHeader().getFlag(Flags.TC));
  }
}
