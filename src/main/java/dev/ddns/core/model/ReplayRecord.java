package dev.ddns.core.model;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * A signed UPDATE that was applied, remembered by its TSIG key and MAC, so that a retransmission
 * of the same message (RFC 2136 §7.8: a client that saw no answer sends it again) is answered
 * with the original rcode instead of being applied twice. Written in the same atomic step as the
 * update it answers. The record is useful only while the request's TSIG time is valid: any later
 * copy fails the time check (RFC 8945 §5.2.3) before the record is looked up, so stores may drop
 * it after {@code expiresAt}.
 *
 * @param key the TSIG key name
 * @param mac the request's MAC, as sent
 * @param rcode the rcode the update was answered with
 * @param expiresAt time signed plus fudge of the request
 */
public record ReplayRecord(Name key, byte[] mac, int rcode, Instant expiresAt) {
  public ReplayRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (mac == null || mac.length == 0) {
      throw new IllegalArgumentException("a replay record needs the request's MAC");
    }
    mac = mac.clone();
  }

  @Override
  public byte[] mac() {
    return mac.clone();
  }

  /** The MAC in base64, as stores key the record. */
  public String macBase64() {
    return Base64.getEncoder().encodeToString(mac);
  }

  /** True when this record is the one of {@code key} and {@code mac}; key names ignore case. */
  private boolean identifies(Name key, byte[] mac) {
    return this.key.equals(key) && Arrays.equals(this.mac, mac);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReplayRecord r && r.identifies(key, mac) && r.rcode == rcode
        && r.expiresAt.equals(expiresAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, Arrays.hashCode(mac));
  }

  @Override
  public String toString() {
    return "ReplayRecord[" + key + " " + macBase64() + " " + Rcode.string(rcode) + " until "
        + expiresAt + "]";
  }
}
