package dev.ddns.core.update;

import org.xbill.DNS.Rcode;

/**
 * The result of one protocol rule: an rcode and, when it is not NOERROR, the reason in words (sent
 * as Extended DNS Error text, RFC 8914).
 *
 * @param rcode the DNS rcode
 * @param reason why, for people; empty for NOERROR
 */
public record Verdict(int rcode, String reason) {
  public static final Verdict OK = new Verdict(Rcode.NOERROR, "");

  public static Verdict fail(int rcode, String reason) {
    return new Verdict(rcode, reason);
  }

  public boolean ok() {
    return rcode == Rcode.NOERROR;
  }
}
