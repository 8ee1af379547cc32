package dev.ddns.core.tsig;

import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIGRecord;

/** What TSIG verification (RFC 8945 §5.2) found on a request. */
public sealed interface TsigResult {

  /** The request carried no TSIG record. */
  record Unsigned() implements TsigResult {}

  /** The request was signed with {@code key} and the MAC and time verified. */
  record Verified(TsigKey key, TSIGRecord requestTsig) implements TsigResult {}

  /**
   * Verification failed with a TSIG error (BADKEY, BADSIG, BADTIME): the response is NOTAUTH and
   * carries that error (RFC 8945 §5.2.2–5.2.3).
   *
   * @param error the TSIG error code
   * @param key the key, when it was found (BADSIG, BADTIME); null for BADKEY
   * @param requestTsig the request's TSIG record
   */
  record Failed(int error, TsigKey key, TSIGRecord requestTsig) implements TsigResult {
    @Override
    public String toString() {
      return "TSIG " + Rcode.TSIGstring(error) + " for key " + requestTsig.getName();
    }
  }
}
