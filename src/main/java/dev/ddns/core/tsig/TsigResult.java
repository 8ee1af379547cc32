package dev.ddns.core.tsig;

import java.time.Instant;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIGRecord;

/** What TSIG verification (RFC 8945 §5.2) found on a request. */
public sealed interface TsigResult {

  /** The request carried no TSIG record. */
  record Unsigned() implements TsigResult {}

  /**
   * The request was signed with {@code key} and the MAC and time verified.
   *
   * @param validUntil the end of the window in which this MAC verifies: time signed plus the
   *     smaller of its fudge and the server's maximum (RFC 8945 §5.2.3, docs/tsig.md)
   */
  record Verified(TsigKey key, TSIGRecord requestTsig, Instant validUntil)
      implements TsigResult {}

  /**
   * The TSIG record is malformed or misplaced (RFC 8945 §5.2, §5.2.2.1): the request is answered
   * FORMERR, without a TSIG record.
   *
   * @param reason what is wrong, for the Extended DNS Error text
   */
  record Malformed(String reason) implements TsigResult {}

  /**
   * Verification failed with a TSIG error (BADKEY, BADSIG, BADTIME, BADTRUNC): the response is
   * NOTAUTH and carries that error (RFC 8945 §5.2.1–5.2.4).
   *
   * @param error the TSIG error code
   * @param key the key, when it was found (BADSIG, BADTIME, BADTRUNC); null for BADKEY
   * @param requestTsig the request's TSIG record
   * @param reason why, for the Extended DNS Error text
   */
  record Failed(int error, TsigKey key, TSIGRecord requestTsig, String reason)
      implements TsigResult {

    /**
     * RFC 8945 §5.3.2: true when the MAC verified (BADTIME, BADTRUNC), so the error response is
     * signed; key and MAC errors are answered unsigned.
     */
    public boolean macVerified() {
      return error == Rcode.BADTIME || error == Rcode.BADTRUNC;
    }

    @Override
    public String toString() {
      return "TSIG " + Rcode.TSIGstring(error) + ": " + reason;
    }
  }
}
