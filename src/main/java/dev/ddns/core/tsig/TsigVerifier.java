package dev.ddns.core.tsig;

import dev.ddns.core.port.KeyStore;
import java.time.Clock;
import java.util.List;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIGRecord;

/**
 * Verifies the TSIG record of a request (<a href="https://www.rfc-editor.org/rfc/rfc8945#section-5.2">
 * RFC 8945 §5.2</a>): key first, then MAC, then time, as dnsjava's {@code TSIG.verify} does.
 */
public final class TsigVerifier {
  private final KeyStore keys;
  private final Signers signers;

  public TsigVerifier(KeyStore keys, Clock clock) {
    this.keys = keys;
    this.signers = new Signers(clock);
  }

  /** Verifies {@code message}, parsed from {@code wire}. */
  public TsigResult verify(Message message, byte[] wire) {
    TSIGRecord tsig = message.getTSIG();
    if (tsig == null) {
      return new TsigResult.Unsigned();
    }
    // RFC 8945 §5.2.2: an unknown key, or a known key with another algorithm, is BADKEY.
    List<TsigKey> candidates = keys.candidates(tsig.getName()).stream()
        .filter(k -> k.algorithm().equals(tsig.getAlgorithm())).toList();
    if (candidates.isEmpty()) {
      return new TsigResult.Failed(Rcode.BADKEY, null, tsig);
    }
    // During a rotation's grace window the previous secret verifies too; a failure other than
    // BADSIG means that secret's MAC matched, so it is the one to report.
    TsigResult.Failed failed = null;
    for (TsigKey key : candidates) {
      int error = signers.of(key).verify(message, wire, null);
      if (error == Rcode.NOERROR) {
        return new TsigResult.Verified(key, tsig);
      }
      if (failed == null || error != Rcode.BADSIG) {
        failed = new TsigResult.Failed(error, key, tsig);
      }
    }
    return failed;
  }
}
